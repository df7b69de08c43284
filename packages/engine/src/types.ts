import type { ExecutionMode, HttpClient, Item, NodeLogger, NodeRegistry, NodeRunMetadata, TaskSource, WaitSpec } from "@bos/node-sdk";
import type { ExecutionSandbox, SandboxExecutionInfo } from "@bos/sandbox";
import type { WorkflowDocument, WorkflowNode } from "@bos/workflow-schema";

/** Status of one node run, as n8n's `executionStatus`. */
export type TaskStatus = "success" | "error";

/** The error stored on a failed node run (and, for the failing node, on the run result). */
export interface TaskError {
  message: string;
  /** Error class name (`NodeOperationError`, `ExpressionError`, ...). */
  name: string;
  /** Stable code when the error has one (`WF_EXPRESSION`, `WF_ENGINE_TIMEOUT`...). */
  code?: string;
  description?: string;
  node?: string;
  itemIndex?: number;
  lineNumber?: number;
}

/** One run of one node: n8n's ITaskData. */
export interface TaskData {
  /** Epoch ms. */
  startTime: number;
  /** Duration in ms. */
  executionTime: number;
  /** Place of this run in the execution's order of node runs (0-based). */
  executionIndex: number;
  executionStatus: TaskStatus;
  /** Per input index, where the input came from. */
  source: Array<TaskSource | null>;
  /** Output items per output index; absent on a failed run. */
  data?: { main: Item[][] };
  error?: TaskError;
  /** What the node reported besides items (e.g. Respond to Webhook's reply), for hosts. */
  metadata?: TaskMetadata;
}

/**
 * One effect a dry run did not perform: what a node with side effects would have sent (an HTTP request with
 * its method, URL, headers minus secrets and body; an event it would have published).
 */
export interface SimulatedEffect {
  /** The (sub-)execution the node ran in: the run's id, or `<parent>/<node>/<runIndex>/<call>` in a sub-workflow. */
  executionId: string;
  node: string;
  nodeType: string;
  runIndex: number;
  /** The input item the effect belongs to. */
  itemIndex: number;
  /** `request` (HTTP), `event` (Publish Event) or `effect` (anything else). */
  kind: string;
  /** What would have been sent. */
  details: Record<string, unknown>;
}

/** A node run's metadata: the node's own, plus what the engine adds (a dry run's simulated effects). */
export interface TaskMetadata extends NodeRunMetadata {
  /** Dry runs: the effects this node run (and the sub-workflows it ran) would have had. */
  simulatedEffects?: SimulatedEffect[];
}

/** `{ [nodeName]: TaskData[] }`, one entry per run, in run order. */
export type RunData = Record<string, TaskData[]>;

export type RunStatus = "success" | "error" | "waiting" | "canceled";

/** A unit of scheduled work: a node with its input items (n8n's IExecuteData). */
export interface StackEntry {
  node: string;
  /** Items per input index; null where no data arrived. */
  inputs: Array<Item[] | null>;
  source: Array<TaskSource | null>;
}

/** Partial input of a multi-input node (n8n's waitingExecution[node][i]). */
export interface WaitingEntry {
  inputs: Array<Item[] | null>;
  source: Array<TaskSource | null>;
}

/** A wait spec in JSON form (dates as ISO strings) for the persisted state. */
export type SerializedWaitSpec =
  | { kind: "until"; until: string }
  | { kind: "webhook"; until?: string }
  | { kind: "event"; eventType: string; until?: string };

/** Where a waiting run stopped: the node that asked to wait and what it emits once resumed. */
export interface Suspension {
  entry: StackEntry;
  wait: SerializedWaitSpec;
  outputs: Item[][];
  startTime: number;
}

/**
 * Everything needed to continue a run without re-running finished nodes. Plain JSON: a host may
 * persist it (`JSON.stringify`) and hand it back to `run({ resumeState })` or `resume()` in another
 * process. Owned by the engine while the run is in progress; take copies through `snapshot()`.
 */
export interface RunState {
  version: 1;
  executionId: string;
  workflowId?: string;
  mode: ExecutionMode;
  startedAt: number;
  runData: RunData;
  /** n8n's nodeExecutionStack. */
  stack: StackEntry[];
  /** n8n's waitingExecution, per node, in arrival order. */
  waiting: Record<string, WaitingEntry[]>;
  /** ctx.setNodeState values, per node. */
  nodeStates: Record<string, unknown>;
  nextExecutionIndex: number;
  lastNodeExecuted?: string;
  suspension?: Suspension;
  /** Pinned data, kept so a resumed run honours it the same way. */
  pinData?: Record<string, Item[]>;
  /** Sub-workflow nesting depth (0 at the top). */
  depth: number;
  /** Open Try/Catch regions (innermost last); absent when none is open. */
  tryFrames?: TryFrame[];
}

/** One open Try/Catch region (`bos.tryCatch` in region mode) of a run: the region stack's entry. */
export interface TryFrame {
  /** The Try/Catch node and the run that opened the region. */
  node: string;
  runIndex: number;
  /** `try` until an error in the region is caught, then `catch`. */
  phase: "try" | "catch";
  /** Whether the node has a finally branch to run when the phase ends. */
  finally: boolean;
  /** The latest output of the current phase's nodes: what the finally branch gets. */
  last: Item[];
}

/** The outcome of `run` or `resume`. */
export interface RunResult {
  executionId: string;
  status: RunStatus;
  lastNodeExecuted?: string;
  error?: TaskError;
  runData: RunData;
  startedAt: number;
  stoppedAt: number;
  /** Set when status is `waiting`: what the host must wait for before calling `resume`. */
  wait?: WaitSpec;
  /** The run state at the end: hand it to `resume` when waiting; hosts may persist it. */
  state: RunState;
  /** Dry runs (mode `dry-run`): every effect that was simulated instead of performed, in run order. */
  simulatedEffects?: SimulatedEffect[];
}

export interface SnapshotOptions {
  /** Include runData (default true). */
  runData?: boolean;
}

/** Passed to beforeNodeRun. */
export interface BeforeNodeRunEvent {
  executionId: string;
  node: WorkflowNode;
  runIndex: number;
  /** Whether this node run may have side effects outside the engine (HTTP writes, ...). */
  sideEffects: boolean;
  /** The idempotency key the node run will use (`executionId:node:runIndex`). */
  idempotencyKey: string;
  /**
   * A copy of the state as it is before this node runs (the node still on the stack). With
   * `{ runData: false }` the copy leaves run data out (`runData: {}`): a host that stores node runs as
   * steps checkpoints only the rest, without copying every item.
   */
  snapshot(options?: SnapshotOptions): RunState;
}

/** Passed to afterNodeRun, after the run was recorded and its children scheduled. */
export interface AfterNodeRunEvent {
  executionId: string;
  node: WorkflowNode;
  runIndex: number;
  task: TaskData;
  /** The node's `ctx.setNodeState` value after this run (undefined when it keeps none); store it with the step for `replay`. */
  nodeState: unknown;
  /** A copy of the state after this node run (see BeforeNodeRunEvent.snapshot). */
  snapshot(options?: SnapshotOptions): RunState;
}

/**
 * One finished node run as a host recorded it (from afterNodeRun), for `replay`: enough to rebuild the
 * run state without a snapshot, since scheduling is deterministic given each run's outputs.
 */
export interface RecordedNodeRun {
  node: string;
  runIndex: number;
  task: TaskData;
  nodeState?: unknown;
}

/** Host callbacks; each is awaited, so a host can persist before the run goes on. */
export interface RunHooks {
  beforeNodeRun?(event: BeforeNodeRunEvent): void | Promise<void>;
  afterNodeRun?(event: AfterNodeRunEvent): void | Promise<void>;
}

/** Options of one run. */
export interface RunOptions {
  mode?: ExecutionMode;
  executionId?: string;
  /** The trigger (or any node) to start from; default: FORMAT §3.4 start node selection. */
  startNode?: string;
  /** Items the start node receives (default one empty item). */
  triggerItems?: Item[];
  /** Extra pinned data over the document's; honoured in manual/test/cli modes only. */
  pinData?: Record<string, unknown[]>;
  hooks?: RunHooks;
  signal?: AbortSignal;
  /** Continue this state instead of starting afresh. */
  resumeState?: RunState;
  /**
   * Crash recovery from recorded steps: the run starts afresh (same executionId), but every node run
   * found here is not executed again; its recorded task is applied as is (no hooks are called for it).
   * The first node run not recorded, the one that was in flight, runs with its original idempotency key.
   */
  replay?: readonly RecordedNodeRun[];
  /** Variables for `$vars`. */
  vars?: Record<string, string>;
  /**
   * The tenant the run belongs to, handed to the credentials provider with every credential request (and
   * to the run's sub-workflows), so one engine can serve many tenants. Hosts without tenants leave it out.
   */
  tenantId?: string;
}

/** Loads sub-workflows by id for Execute Workflow. */
export interface WorkflowLoader {
  load(id: string, context: { parentWorkflowId?: string; executionId: string }): Promise<WorkflowDocument | undefined>;
}

/** A reference to stored credentials, as a node carries it. */
export interface CredentialRequest {
  /** The run's `RunOptions.tenantId` (absent when the host gave none). */
  tenantId?: string;
  type: string;
  id?: string | null;
  name: string;
  node: string;
  workflowId?: string;
  executionId: string;
}

/** Decrypts credentials for nodes. The engine never sees where they are stored. */
export interface CredentialsProvider {
  get(request: CredentialRequest): Promise<Record<string, unknown>>;
}

/** Hands out one fresh sandbox per execution (the SandboxPool of @bos/sandbox fits). */
export interface SandboxProvider {
  acquire(info: SandboxExecutionInfo): Promise<ExecutionSandbox> | ExecutionSandbox;
}

export interface EngineClock {
  now(): number;
}

/** Everything the engine is built from. Only registry and sandboxes are required. */
export interface EngineDependencies {
  registry: NodeRegistry;
  sandboxPool: SandboxProvider;
  httpClient?: HttpClient;
  credentials?: CredentialsProvider;
  workflowLoader?: WorkflowLoader;
  logger?: NodeLogger;
  clock?: EngineClock;
  /** Deepest sub-workflow nesting allowed (default 10). */
  maxSubworkflowDepth?: number;
  /**
   * Timed waits (Wait / `bos.wait` returning `{kind: "until"}`) at most this many ms away are slept
   * in-process (abortable; other branches go on meanwhile) instead of ending the run `waiting`.
   * Default 0: every wait suspends and the host decides.
   */
  inProcessWaitMs?: number;
  /**
   * The URL that resumes a waiting execution, when the host serves one (the trigger gateway's
   * `/webhook-waiting/{executionId}`): it becomes `$execution.resumeUrl` and the nodes' `execution.resumeUrl`.
   */
  resumeUrl?: (executionId: string) => string;
}
