import type { ExecutionMode, Item, WaitSpec } from "@bos/node-sdk";
import { InvalidResumeStateError } from "./errors";
import type { WorkflowGraph } from "./graph/workflow-graph";
import type { RunState, SerializedWaitSpec, SnapshotOptions, StackEntry } from "./types";

export interface InitialStateOptions {
  executionId: string;
  workflowId?: string;
  mode: ExecutionMode;
  startNode: string;
  triggerItems: Item[];
  startedAt: number;
  pinData?: Record<string, Item[]>;
  depth: number;
}

/** A fresh run: the start node on the stack with the trigger items (FORMAT §3.1). */
export function createInitialState(options: InitialStateOptions): RunState {
  const start: StackEntry = { node: options.startNode, inputs: [options.triggerItems], source: [] };
  return {
    version: 1,
    executionId: options.executionId,
    ...(options.workflowId !== undefined ? { workflowId: options.workflowId } : {}),
    mode: options.mode,
    startedAt: options.startedAt,
    runData: {},
    stack: [start],
    waiting: {},
    nodeStates: {},
    nextExecutionIndex: 0,
    ...(options.pinData ? { pinData: options.pinData } : {}),
    depth: options.depth,
  };
}

/** A deep copy of the state, safe to persist while the run goes on. */
export function snapshotState(state: RunState, options: SnapshotOptions = {}): RunState {
  if (options.runData !== false) return structuredClone(state);
  const { runData: _runData, ...rest } = state;
  return { ...structuredClone(rest), runData: {} };
}

/** Checks that a state handed back by a host can continue on this graph. */
export function assertResumable(state: unknown, graph: WorkflowGraph): asserts state is RunState {
  if (!state || typeof state !== "object") throw new InvalidResumeStateError("it is not an object");
  const s = state as Partial<RunState>;
  if (s.version !== 1) throw new InvalidResumeStateError(`unknown state version ${String(s.version)}`);
  if (typeof s.executionId !== "string" || !Array.isArray(s.stack) || !s.runData || !s.waiting || typeof s.nextExecutionIndex !== "number") {
    throw new InvalidResumeStateError("fields are missing (executionId, stack, waiting, runData, nextExecutionIndex)");
  }
  const names = [...s.stack.map((e) => e.node), ...Object.keys(s.waiting), ...Object.keys(s.runData)];
  if (s.suspension) names.push(s.suspension.entry.node);
  for (const name of names) {
    if (!graph.nodes.has(name)) throw new InvalidResumeStateError(`it refers to node "${name}", which this workflow does not have`);
  }
}

export function serializeWait(wait: WaitSpec): SerializedWaitSpec {
  switch (wait.kind) {
    case "until":
      return { kind: "until", until: new Date(wait.until).toISOString() };
    case "webhook":
      return wait.until ? { kind: "webhook", until: new Date(wait.until).toISOString() } : { kind: "webhook" };
    case "event":
      return wait.until ? { kind: "event", eventType: wait.eventType, until: new Date(wait.until).toISOString() } : { kind: "event", eventType: wait.eventType };
  }
}

export function deserializeWait(wait: SerializedWaitSpec): WaitSpec {
  switch (wait.kind) {
    case "until":
      return { kind: "until", until: new Date(wait.until) };
    case "webhook":
      return wait.until ? { kind: "webhook", until: new Date(wait.until) } : { kind: "webhook" };
    case "event":
      return wait.until ? { kind: "event", eventType: wait.eventType, until: new Date(wait.until) } : { kind: "event", eventType: wait.eventType };
  }
}

/**
 * The state to retry a failed run from its failed node: the failed node run (the last task of the node
 * on top of the stack, where the engine leaves a failed entry) is removed, so the node runs again with
 * the same run index and idempotency key; every earlier run is kept and not re-run.
 */
export function stateForRetryFromFailedNode(state: RunState): RunState {
  const copy = snapshotState(state);
  delete copy.suspension;
  const failed = copy.stack[0];
  const tasks = failed ? copy.runData[failed.node] : undefined;
  const last = tasks?.at(-1);
  if (!failed || !tasks || !last || last.executionStatus !== "error" || last.data) {
    throw new InvalidResumeStateError("it has no failed node run to retry (the top of its stack is not a node whose last run failed)");
  }
  tasks.pop();
  if (tasks.length === 0) delete copy.runData[failed.node];
  return copy;
}
