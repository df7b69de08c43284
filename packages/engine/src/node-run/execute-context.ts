import {
  ExpressionError,
  NodeOperationError,
  readParameter,
  type ExecuteContext,
  type ExecuteWorkflowOptions,
  type ExecuteWorkflowResult,
  type ExecutionInfo,
  type HttpClient,
  type Item,
  type NodeLogger,
  type TaskSource,
  type WorkflowInfo,
} from "@bos/node-sdk";
import type { EvaluationScope, ExecutionSandbox } from "@bos/sandbox";
import type { NodeDescription, WorkflowNode } from "@bos/workflow-schema";
import { EngineError } from "../errors";
import type { CredentialsProvider } from "../types";
import { isExpression, type ResolvedParameters } from "./resolve-parameters";

/** Everything one node run's context is built from. */
export interface NodeRunEnvironment {
  node: WorkflowNode;
  description: NodeDescription;
  runIndex: number;
  inputs: Item[][];
  /** The task's `source`, per input index. */
  inputSources: ReadonlyArray<TaskSource | null>;
  parameters: ResolvedParameters;
  scope: EvaluationScope;
  sandbox: ExecutionSandbox;
  workflow: WorkflowInfo;
  execution: ExecutionInfo;
  signal: AbortSignal;
  logger: NodeLogger;
  http: HttpClient;
  credentials?: CredentialsProvider;
  /** The run state's node states (this node's key is read and written). */
  nodeStates: Record<string, unknown>;
  executeWorkflow(options: ExecuteWorkflowOptions): Promise<ExecuteWorkflowResult>;
  sleep(ms: number): Promise<void>;
}

/** `executionId:nodeName:runIndex`: stable across retries and crash-resumes of one node run. */
export function idempotencyKeyOf(executionId: string, node: string, runIndex: number): string {
  return `${executionId}:${node}:${runIndex}`;
}

/** A logger that adds the node run's ids to every entry. */
export function withContext(logger: NodeLogger, context: Record<string, unknown>): NodeLogger {
  const merge = (data?: Record<string, unknown>) => (data ? { ...context, ...data } : context);
  return {
    debug: (message, data) => logger.debug(message, merge(data)),
    info: (message, data) => logger.info(message, merge(data)),
    warn: (message, data) => logger.warn(message, merge(data)),
    error: (message, data) => logger.error(message, merge(data)),
  };
}

/** Builds the ExecuteContext a node's `execute` receives (node-sdk context.ts). */
export function createExecuteContext(env: NodeRunEnvironment): ExecuteContext<Record<string, unknown>> {
  const { node, description, parameters, sandbox, scope } = env;
  // Top-level parameters absent from the node fall back to the description default; looking that up
  // is the same for every item, so it is done once per name (nodes call this per item).
  const absentDefaults = new Map<string, unknown>();
  const getNodeParameter = (path: string, itemIndex: number, fallback?: unknown): unknown => {
    const failed = parameters.failureFor(itemIndex, path);
    if (failed) {
      throw new ExpressionError(failed.failure.message, {
        itemIndex,
        parameter: failed.path,
        description: failed.failure.description,
      });
    }
    const dot = path.indexOf(".");
    if (dot !== -1) return readParameter(parameters.sourceFor(itemIndex, path.slice(0, dot)), description, path, fallback);
    const value = parameters.valueFor(itemIndex, path);
    if (value !== undefined) return value;
    if (!absentDefaults.has(path)) absentDefaults.set(path, readParameter(parameters.forItem(itemIndex), description, path, undefined));
    const fromDescription = absentDefaults.get(path);
    if (fromDescription === undefined) return fallback;
    // Objects are handed out as copies: a node may change what it gets without touching the description.
    return fromDescription !== null && typeof fromDescription === "object" ? structuredClone(fromDescription) : fromDescription;
  };
  return {
    node,
    workflow: env.workflow,
    execution: env.execution,
    runIndex: env.runIndex,
    inputs: env.inputs,
    inputSources: env.inputSources,
    getInputItems: (inputIndex = 0) => env.inputs[inputIndex] ?? [],
    getNodeParameter: getNodeParameter as ExecuteContext<Record<string, unknown>>["getNodeParameter"],
    async evaluateExpression(expression, itemIndex, extraVariables) {
      const source = isExpression(expression) ? expression : `=${expression}`;
      const result = await sandbox.evaluate({ ...scope, onlyItem: itemIndex, extraVariables }, [source]);
      const failure = result.errors[0]?.[itemIndex];
      if (failure) throw new ExpressionError(failure.message, { itemIndex, description: failure.description });
      return result.values[0]?.[itemIndex];
    },
    continueOnFail: () => node.onError === "continueRegularOutput" || node.onError === "continueErrorOutput" || (node.onError === undefined && node.continueOnFail === true),
    signal: env.signal,
    logger: withContext(env.logger, { executionId: env.execution.id, node: node.name, runIndex: env.runIndex }),
    idempotencyKey: () => idempotencyKeyOf(env.execution.id, node.name, env.runIndex),
    helpers: {
      http: env.http,
      returnJsonArray: (data) => (Array.isArray(data) ? data : [data]).map((json) => ({ json })),
    },
    async getCredentials<T extends object>(type: string): Promise<T> {
      const ref = node.credentials?.[type];
      if (ref === undefined) {
        throw new NodeOperationError(`Node "${node.name}" has no credentials of type ${type} set`, {
          description: "Select credentials of that type on the node.",
        });
      }
      if (!env.credentials) {
        throw new EngineError("WF_ENGINE_CREDENTIALS_UNAVAILABLE", `Node "${node.name}" needs ${type} credentials, but this engine has no credentials provider`, {
          node: node.name,
          description: "Run the workflow where credentials are configured (the worker or API), or pass a credentials provider to the engine.",
        });
      }
      const reference = typeof ref === "string" ? { id: null, name: ref } : ref;
      const data = await env.credentials.get({ type, id: reference.id, name: reference.name, node: node.name, workflowId: env.workflow.id, executionId: env.execution.id });
      return data as T;
    },
    runCode: (options) => sandbox.runCode(scope, options),
    executeWorkflow: (options) => env.executeWorkflow(options),
    getNodeState: <T>() => env.nodeStates[node.name] as T | undefined,
    setNodeState(value: unknown) {
      env.nodeStates[node.name] = value;
    },
    sleep: (ms) => env.sleep(ms),
  };
}
