import type { Item, TaskSource } from "@bos/node-sdk";
import type { WorkflowDocument } from "@bos/workflow-schema";
import { PartialRunError } from "../errors";
import { ancestorsOf, buildWorkflowGraph, connectedInputCount, type WorkflowGraph } from "../graph/workflow-graph";
import { taskSource } from "../scheduling/schedule-children";
import type { RunData, RunOptions, RunState, StackEntry, WaitingEntry } from "../types";

/** Options of a partial run (n8n's editor: "execute from this node" / "execute up to this node"). */
export interface PartialRunOptions extends Omit<RunOptions, "resumeState" | "replay" | "startNode"> {
  /**
   * Run this node and what follows it; its parents are not run: their last outputs in `runData` (or their
   * pinned data) feed it, and feed the other inputs of later multi-input nodes.
   */
  from?: string;
  /** Run only this node and its ancestors (with `from`: only the nodes between the two). */
  to?: string;
  /** Earlier run data, e.g. a previous execution's `runData`; needed with `from` for parents without pinned data. */
  runData?: RunData;
}

/** The document with only `to` and its ancestors (and the connections between them). */
export function restrictToAncestors(doc: WorkflowDocument, to: string): WorkflowDocument {
  const graph = buildWorkflowGraph(doc);
  if (!graph.nodes.has(to)) throw new PartialRunError(`Cannot run up to node "${to}": the workflow has no node of that name`, "Pass the exact name of a node of this workflow.", to);
  const keep = new Set([to, ...ancestorsOf(graph, to)]);
  const connections: WorkflowDocument["connections"] = {};
  for (const [source, byType] of Object.entries(doc.connections ?? {})) {
    if (!keep.has(source) || !byType?.main) continue;
    connections[source] = { ...byType, main: byType.main.map((targets) => (targets ?? []).filter((t) => t && keep.has(t.node))) };
  }
  const pinData = doc.pinData ? Object.fromEntries(Object.entries(doc.pinData).filter(([node]) => keep.has(node))) : undefined;
  return { ...doc, nodes: doc.nodes.filter((n) => keep.has(n.name)), connections, ...(pinData ? { pinData } : {}) };
}

/** Every node reachable from `node` over main connections, the node itself excluded. */
export function descendantsOf(graph: WorkflowGraph, node: string): Set<string> {
  const seen = new Set<string>();
  const frontier = [node];
  while (frontier.length > 0) {
    const current = frontier.pop() as string;
    for (const targets of graph.children.get(current) ?? []) {
      for (const t of targets) {
        if (t.node === node || seen.has(t.node)) continue;
        seen.add(t.node);
        frontier.push(t.node);
      }
    }
  }
  return seen;
}

export interface PartialStateOptions {
  executionId: string;
  workflowId?: string;
  mode: RunState["mode"];
  startedAt: number;
  from: string;
  runData: RunData;
  /** Pinned data already normalised (only when the mode honours it). */
  pinData?: Record<string, Item[]>;
  triggerItems: Item[];
}

/**
 * The run state of "run from `from`": earlier runs of every node that will not run again are kept (so
 * `$('Parent')` works), `from` is on the stack with its inputs taken from its parents' last outputs (pinned
 * data first), and later multi-input nodes already hold the inputs that come from outside the re-run part.
 */
export function partialRunState(graph: WorkflowGraph, options: PartialStateOptions): RunState {
  const { from, runData, pinData } = options;
  if (!graph.nodes.has(from)) throw new PartialRunError(`Cannot run from node "${from}": the workflow has no node of that name`, "Pass the exact name of a node of this workflow.", from);
  const rerun = new Set([from, ...descendantsOf(graph, from)]);
  const outputOf = (node: string): { outputs: Item[][]; runIndex: number } | undefined => {
    const pinned = pinData?.[node];
    if (pinned) return { outputs: [pinned], runIndex: 0 };
    const runs = runData[node];
    const last = runs?.at(-1);
    return last?.data ? { outputs: last.data.main, runIndex: runs!.length - 1 } : undefined;
  };
  const kept: RunData = {};
  let nextExecutionIndex = 0;
  for (const [node, tasks] of Object.entries(runData)) {
    if (rerun.has(node) || !graph.nodes.has(node) || !Array.isArray(tasks)) continue;
    kept[node] = tasks;
    for (const task of tasks) nextExecutionIndex = Math.max(nextExecutionIndex, task.executionIndex + 1);
  }
  const inputsFrom = (node: string, skipInsideRerun: boolean): { inputs: Array<Item[] | null>; source: Array<TaskSource | null>; missing: string[] } => {
    const inputs: Array<Item[] | null> = [];
    const source: Array<TaskSource | null> = [];
    const missing: string[] = [];
    (graph.parents.get(node) ?? []).forEach((connections, inputIndex) => {
      inputs[inputIndex] = null;
      source[inputIndex] = null;
      if (connections.length === 0) return;
      if (skipInsideRerun && connections.some((c) => rerun.has(c.node))) return;
      for (const c of connections) {
        const data = outputOf(c.node);
        if (!data) continue;
        inputs[inputIndex] = data.outputs[c.outputIndex] ?? [];
        source[inputIndex] = taskSource(c.node, c.outputIndex, data.runIndex);
        return;
      }
      missing.push(...connections.map((c) => c.node));
    });
    return { inputs, source, missing };
  };

  let start: StackEntry;
  if (connectedInputCount(graph, from) === 0) {
    start = { node: from, inputs: [options.triggerItems], source: [] };
  } else {
    const { inputs, source, missing } = inputsFrom(from, false);
    if (missing.length > 0) {
      throw new PartialRunError(
        `Cannot run from node "${from}": no earlier run data for its parent${missing.length > 1 ? "s" : ""} ${missing.map((m) => `"${m}"`).join(", ")}`,
        "Pass the run data of a previous execution that ran those nodes, pin their output, or run up to them first.",
        from,
      );
    }
    start = { node: from, inputs, source };
  }

  const waiting: Record<string, WaitingEntry[]> = {};
  for (const node of rerun) {
    if (node === from || connectedInputCount(graph, node) <= 1) continue;
    const { inputs, source } = inputsFrom(node, true);
    if (inputs.some((input) => input !== null)) waiting[node] = [{ inputs, source }];
  }
  return {
    version: 1,
    executionId: options.executionId,
    ...(options.workflowId !== undefined ? { workflowId: options.workflowId } : {}),
    mode: options.mode,
    startedAt: options.startedAt,
    runData: kept,
    stack: [start],
    waiting,
    nodeStates: {},
    nextExecutionIndex,
    ...(pinData ? { pinData } : {}),
    depth: 0,
  };
}
