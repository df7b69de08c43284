import {
  NodeOperationError,
  readParameter,
  type AnyNodeType,
  type ExecuteContext,
  type HttpClient,
  type Item,
  type NodeResult,
  type RunCodeOptions,
  type RunCodeResult,
  type ExecuteWorkflowOptions,
  type ExecuteWorkflowResult,
} from "@bos/node-sdk";
import type { WorkflowNode } from "@bos/workflow-schema";

/**
 * Runs one node's `execute` outside the engine, for unit tests of node logic. Parameters are taken
 * literally (no expressions: the engine's tests cover resolution); `perItemParameters` stands in for
 * values an expression would give per item. Capabilities the engine provides (code, sub-workflows,
 * HTTP) are passed in when a test needs them.
 *
 * @example
 * const out = await runNodeForTest(limitNode, { parameters: { maxItems: 2 }, items: [{ json: { a: 1 } }] });
 */
export interface NodeTestOptions {
  parameters?: Record<string, unknown>;
  /** Per item overrides of parameters (what an expression resolves to for that item). */
  perItemParameters?: Array<Record<string, unknown>>;
  items?: Item[];
  /** Items per input index for multi-input nodes (overrides `items`). */
  inputs?: Item[][];
  typeVersion?: number;
  name?: string;
  onError?: WorkflowNode["onError"];
  runIndex?: number;
  nodeState?: { value: unknown };
  http?: HttpClient;
  runCode?: (options: RunCodeOptions) => Promise<RunCodeResult>;
  executeWorkflow?: (options: ExecuteWorkflowOptions) => Promise<ExecuteWorkflowResult>;
  evaluateExpression?: (expression: string, itemIndex: number, extra?: Record<string, unknown>) => Promise<unknown>;
  credentials?: Record<string, Record<string, unknown>>;
  dryRun?: boolean;
  timezone?: string;
}

export function createTestContext(node: AnyNodeType, options: NodeTestOptions = {}): ExecuteContext<Record<string, unknown>> {
  const description = node.description;
  const typeVersion = options.typeVersion ?? description.versions[description.versions.length - 1] ?? 1;
  const parameters = options.parameters ?? {};
  const inputs = options.inputs ?? [options.items ?? [{ json: {} }]];
  const workflowNode: WorkflowNode = {
    id: "test-node",
    name: options.name ?? description.defaults.name,
    type: description.type,
    typeVersion,
    position: [0, 0],
    parameters,
    onError: options.onError,
  };
  const nodeState = options.nodeState ?? { value: undefined };
  const unavailable = (what: string) => () => {
    throw new NodeOperationError(`${what} is not available in this unit test: pass it in NodeTestOptions`);
  };
  const ctx: ExecuteContext<Record<string, unknown>> = {
    node: workflowNode,
    workflow: { name: "test", active: false, timezone: options.timezone ?? "UTC", settings: {} },
    execution: { id: "test-execution", mode: "manual", dryRun: options.dryRun ?? false, depth: 0 },
    runIndex: options.runIndex ?? 0,
    inputs,
    getInputItems: (inputIndex = 0) => inputs[inputIndex] ?? [],
    getNodeParameter: ((path: string, itemIndex: number, fallback?: unknown) => {
      const overrides = options.perItemParameters?.[itemIndex];
      const merged = overrides ? { ...parameters, ...overrides } : parameters;
      return readParameter(merged, description, path, fallback);
    }) as ExecuteContext<Record<string, unknown>>["getNodeParameter"],
    evaluateExpression: options.evaluateExpression ?? (unavailable("evaluateExpression") as never),
    continueOnFail: () => options.onError === "continueRegularOutput" || options.onError === "continueErrorOutput",
    signal: new AbortController().signal,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    idempotencyKey: () => `test-execution:${workflowNode.name}:${options.runIndex ?? 0}`,
    helpers: {
      http: options.http ?? { request: unavailable("HTTP") as never },
      returnJsonArray: (data) => (Array.isArray(data) ? data : [data]).map((json) => ({ json })),
    },
    getCredentials: async <T extends object>(type: string) => {
      const found = options.credentials?.[type];
      if (!found) throw new NodeOperationError(`No credentials of type ${type} in this test`);
      return found as T;
    },
    runCode: options.runCode ?? (unavailable("runCode") as never),
    executeWorkflow: options.executeWorkflow ?? (unavailable("executeWorkflow") as never),
    getNodeState: <T>() => nodeState.value as T | undefined,
    setNodeState: (value: unknown) => {
      nodeState.value = value;
    },
    sleep: (ms: number) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
  return ctx;
}

/** Runs the node and returns its outputs (throws when it suspends: test suspensions with `execute`). */
export async function runNodeForTest(node: AnyNodeType, options: NodeTestOptions = {}): Promise<Item[][]> {
  const result: NodeResult = await node.execute(createTestContext(node, options));
  if (Array.isArray(result)) return result;
  if (result.kind === "outputs") return result.outputs;
  throw new Error(`node suspended (${result.wait.kind}); call execute directly to test waits`);
}

/** The `json` of each item per output: what the n8n cases compare. */
export function jsonOf(outputs: Item[][]): Array<Array<Record<string, unknown>>> {
  return outputs.map((items) => items.map((item) => item.json));
}
