import type { WorkflowDocument, WorkflowNode, WorkflowSettings } from "@bos/workflow-schema";
import type { HttpClient } from "./http";
import type { BinaryData, Item, NodeOutputs, TaskSource } from "./item";

/**
 * What a node's `execute` receives. Parameters are resolved by the engine before `execute` runs (all
 * items in one batched sandbox call), so `getNodeParameter` is synchronous; it throws the stored
 * ExpressionError when that parameter's expression failed for that item.
 *
 * @example
 * async execute(ctx) {
 *   return [ctx.getInputItems().map((item, i) => ({ json: { ...item.json, n: ctx.getNodeParameter("n", i) }, pairedItem: { item: i } }))];
 * }
 */
export interface ExecuteContext<P extends object = Record<string, unknown>> {
  readonly node: WorkflowNode;
  readonly workflow: WorkflowInfo;
  readonly execution: ExecutionInfo;
  /** How many times this node ran before in this execution. */
  readonly runIndex: number;
  /** Items per input index (input 0 is the main input). A missing input is `[]`. */
  readonly inputs: readonly Item[][];
  /** Items of one input (default 0). */
  getInputItems(inputIndex?: number): Item[];
  /**
   * Where each input's items came from (the task's `source`, per input index), when the host knows.
   * Loop Over Items records input 0's source on its first run as `pairedItem.sourceOverwrite`.
   */
  readonly inputSources?: ReadonlyArray<TaskSource | null>;
  /** A top-level parameter, resolved for that item, with the description's default when absent. */
  getNodeParameter<K extends keyof P & string>(name: K, itemIndex: number): P[K];
  /** Any parameter by dot path (`options.timeout`), with a fallback when absent. */
  getNodeParameter(path: string, itemIndex: number, fallback?: unknown): unknown;
  /** Evaluates an expression (a `lazy` parameter) for one item, with extra variables such as `$response`. */
  evaluateExpression(expression: string, itemIndex: number, extraVariables?: Record<string, unknown>): Promise<unknown>;
  /** True when the node's onError setting asks it to continue (continueRegularOutput or continueErrorOutput). */
  continueOnFail(): boolean;
  /** Aborted when the execution is canceled or times out. */
  readonly signal: AbortSignal;
  readonly logger: NodeLogger;
  /** `executionId:nodeName:runIndex`: the same on every retry of this node run, for side-effect dedup. */
  idempotencyKey(): string;
  readonly helpers: NodeHelpers;
  /** Decrypted credential data of the given type referenced by this node. Throws when none is set. */
  getCredentials<T extends object = Record<string, unknown>>(type: string): Promise<T>;
  /**
   * Runs user JavaScript in the execution's sandbox (Code node), with `$input`, `$json`, `$('Node')`
   * and the other expression variables bound to this node run. A whole-run failure (all-items mode)
   * rejects with CodeExecutionError.
   */
  runCode(options: RunCodeOptions): Promise<RunCodeResult>;
  /** Runs a sub-workflow (Execute Workflow node). */
  executeWorkflow(options: ExecuteWorkflowOptions): Promise<ExecuteWorkflowResult>;
  /** Node-local state kept across runs of this node in one execution (persisted with the execution). */
  getNodeState<T>(): T | undefined;
  setNodeState(value: unknown): void;
  /** Sleeps, rejecting when the execution is aborted. */
  sleep(ms: number): Promise<void>;
}

export interface WorkflowInfo {
  readonly id?: string;
  readonly name: string;
  readonly active: boolean;
  /** IANA zone used by `$now`, dates and schedules. */
  readonly timezone: string;
  readonly settings: WorkflowSettings;
}

export type ExecutionMode = "manual" | "test" | "production" | "dry-run" | "integrated" | "webhook" | "trigger" | "retry" | "cli";

export interface ExecutionInfo {
  readonly id: string;
  readonly mode: ExecutionMode;
  /** True in a dry run: nodes with side effects are simulated. */
  readonly dryRun: boolean;
  /** URL that resumes a waiting execution (Wait node "on webhook"), when the host serves one. */
  readonly resumeUrl?: string;
  /** Sub-workflow nesting depth (0 at the top). */
  readonly depth: number;
}

export interface NodeLogger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

export interface NodeHelpers {
  /** The engine's HTTP client (timeouts, size caps, redirect limit). */
  readonly http: HttpClient;
  /** Wraps plain objects (or one object) as items: `[{json}]`. */
  returnJsonArray(data: Record<string, unknown> | Record<string, unknown>[]): Item[];
}

export interface RunCodeOptions {
  code: string;
  mode: "runOnceForAllItems" | "runOnceForEachItem";
  /** runOnceForEachItem: keep going after an item fails (its result is the error) instead of stopping. */
  continueOnFail?: boolean;
}

/** An error thrown by user code, with the line it came from when known. */
export interface UserCodeError {
  message: string;
  /** Error class name in the sandbox (`TypeError`, `Error`...), or `Timeout` / `MemoryLimit` / `OutputLimit`. */
  name: string;
  lineNumber?: number;
  stack?: string;
}

/**
 * What user code produced, copied out of the sandbox as plain data. For runOnceForEachItem the code ran
 * once per input item inside one sandbox call; `results[i]` belongs to input item i (items after the
 * first failure are absent unless continueOnFail was set).
 */
export type RunCodeResult =
  | { mode: "runOnceForAllItems"; value: unknown; logs: ConsoleEntry[] }
  | { mode: "runOnceForEachItem"; results: Array<{ value: unknown } | { error: UserCodeError }>; logs: ConsoleEntry[] };

export interface ConsoleEntry {
  level: "log" | "info" | "warn" | "error" | "debug";
  args: unknown[];
}

export interface ExecuteWorkflowOptions {
  source: { kind: "id"; id: string } | { kind: "inline"; workflow: WorkflowDocument };
  items: Item[];
  /** false: fire and forget; the result is empty. */
  wait: boolean;
}

export interface ExecuteWorkflowResult {
  /** The output of the sub-workflow's last executed node (empty when not waiting). */
  outputs: NodeOutputs;
  executionId?: string;
}

/** A wait the host honours: in-process for short ones, as a persisted suspension for long ones. */
export type WaitSpec =
  | { kind: "until"; until: Date }
  | { kind: "webhook"; until?: Date }
  | { kind: "event"; eventType: string; until?: Date };

/**
 * What `execute` returns: the outputs, or a suspension. A suspension's `outputs` are what the node emits
 * once resumed (for Wait, its input); the resume payload, if any, is merged by the engine.
 */
export type NodeResult =
  | NodeOutputs
  | { kind: "outputs"; outputs: NodeOutputs; metadata?: NodeRunMetadata }
  | { kind: "wait"; wait: WaitSpec; outputs: NodeOutputs };

/**
 * Facts a node run reports besides its items. The engine keeps them on the run's task data
 * (`runData[node][run].metadata`), where hosts read them (e.g. in the after-node hook).
 *
 * @example
 * return { kind: "outputs", outputs: [items], metadata: { webhookResponse: { statusCode: 201, headers: {}, body: { kind: "json", value: { ok: true } } } } };
 */
export interface NodeRunMetadata {
  /** Respond to Webhook: the HTTP reply the trigger gateway sends (the first one of an execution wins). */
  webhookResponse?: WebhookResponse;
  /**
   * Publish Event: platform events to put on the event bus. Recorded with the step (an outbox): the trigger
   * gateway publishes them when the execution finishes, with these ids (so a redelivery is deduplicated).
   */
  events?: Array<{ type: string; id: string; data: unknown; occurredAt: string }>;
}

/**
 * An HTTP reply described as data (status, lower-cased header names, and the body by kind).
 *
 * @example
 * const reply: WebhookResponse = { statusCode: 307, headers: { location: "https://example.com" }, body: { kind: "empty" } };
 */
export interface WebhookResponse {
  statusCode: number;
  headers: Record<string, string>;
  body:
    | { kind: "json"; value: unknown }
    | { kind: "text"; value: string }
    | { kind: "binary"; data: BinaryData }
    | { kind: "empty" };
}
