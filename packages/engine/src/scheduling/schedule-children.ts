import type { Item, TaskSource } from "@bos/node-sdk";
import type { RunData, StackEntry, WaitingEntry } from "../types";
import { ancestorsOf, connectedInputCount, type OutgoingConnection, type WorkflowGraph } from "../graph/workflow-graph";

export type ExecutionOrder = "v0" | "v1";

/** The parts of the run state scheduling reads and writes. */
export interface SchedulingState {
  stack: StackEntry[];
  waiting: Record<string, WaitingEntry[]>;
  runData: RunData;
}

export interface SchedulingContext {
  graph: WorkflowGraph;
  order: ExecutionOrder;
  state: SchedulingState;
}

/** n8n's `source` entry: output and run indexes are left out when 0, as n8n writes them. */
export function taskSource(previousNode: string, outputIndex: number, runIndex: number): TaskSource {
  const source: TaskSource = { previousNode };
  if (outputIndex) source.previousNodeOutput = outputIndex;
  if (runIndex) source.previousNodeRun = runIndex;
  return source;
}

/**
 * Schedules the children of a node that just produced `outputs` (FORMAT §3.2/3.3).
 * - v1: children of non-empty outputs only, sorted by canvas position (y, then x) and put on the
 *   front of the stack so the top-left child runs next (depth-first).
 * - v0: children appended in connection order (breadth-first); an empty output still feeds inputs > 0.
 */
export function scheduleChildren(ctx: SchedulingContext, parent: string, outputs: Item[][], runIndex: number): void {
  const outgoing = ctx.graph.children.get(parent);
  if (!outgoing) return;
  if (ctx.order === "v0") {
    outgoing.forEach((targets, outputIndex) => {
      const items = outputs[outputIndex];
      if (!items) return;
      for (const target of targets) {
        if (items.length > 0 || target.inputIndex > 0) addNodeToBeExecuted(ctx, target, outputIndex, parent, outputs, runIndex);
      }
    });
    return;
  }
  const toAdd: Array<{ target: OutgoingConnection; outputIndex: number; y: number; x: number }> = [];
  outgoing.forEach((targets, outputIndex) => {
    const items = outputs[outputIndex];
    if (!items || items.length === 0) return;
    for (const target of targets) {
      const position = ctx.graph.nodes.get(target.node)?.position ?? [0, 0];
      toAdd.push({ target, outputIndex, x: position[0], y: position[1] });
    }
  });
  // Bottom-right first, each put on the front: the top-left child ends up first (stable for ties).
  toAdd.sort((a, b) => b.y - a.y || b.x - a.x);
  for (const add of toAdd) addNodeToBeExecuted(ctx, add.target, add.outputIndex, parent, outputs, runIndex);
}

function enqueue(ctx: SchedulingContext, entry: StackEntry): void {
  if (ctx.order === "v1") ctx.state.stack.unshift(entry);
  else ctx.state.stack.push(entry);
}

/**
 * Feeds one output into one input of a child. Single-input children go straight on the stack; a
 * multi-input child collects its inputs in `waiting` (the first entry still missing this input, or a
 * new one) and goes on the stack once every connected input has data.
 */
export function addNodeToBeExecuted(
  ctx: SchedulingContext,
  target: OutgoingConnection,
  outputIndex: number,
  parent: string,
  outputs: Item[][],
  runIndex: number,
): void {
  const items = outputs[outputIndex] ?? [];
  const source = taskSource(parent, outputIndex, runIndex);
  const slots = connectedInputCount(ctx.graph, target.node);
  if (slots <= 1) {
    const inputs: Array<Item[] | null> = [];
    const sources: Array<TaskSource | null> = [];
    for (let i = 0; i < target.inputIndex; i++) {
      inputs.push(null);
      sources.push(null);
    }
    inputs[target.inputIndex] = items;
    sources[target.inputIndex] = source;
    enqueue(ctx, { node: target.node, inputs, source: sources });
    return;
  }
  const waiting = ctx.state.waiting;
  const nodeWasWaiting = waiting[target.node] !== undefined;
  const entries = (waiting[target.node] ??= []);
  let entry = entries.find((e) => e.inputs[target.inputIndex] == null);
  if (!entry) {
    entry = { inputs: new Array<Item[] | null>(slots).fill(null), source: new Array<TaskSource | null>(slots).fill(null) };
    entries.push(entry);
  }
  entry.inputs[target.inputIndex] = items;
  entry.source[target.inputIndex] = source;
  if (entry.inputs.every((input) => input != null)) {
    entries.splice(entries.indexOf(entry), 1);
    if (entries.length === 0) delete waiting[target.node];
    enqueue(ctx, { node: target.node, inputs: entry.inputs, source: entry.source });
    return;
  }
  if (!nodeWasWaiting && ctx.order === "v0") forceParentsV0(ctx, target.node, parent, items, runIndex, outputIndex);
}

/** True when no connection of this list delivered items in run `runIndex`. */
export function incomingConnectionIsEmpty(runData: RunData, connections: ReadonlyArray<{ node: string; outputIndex: number }> | undefined, runIndex: number): boolean {
  for (const c of connections ?? []) {
    const items = runData[c.node]?.[runIndex]?.data?.main[c.outputIndex];
    if (items && items.length > 0) return false;
  }
  return true;
}

/**
 * v0 quirk (FORMAT §3.3.2): the first time a multi-input node waits, each other input whose source has
 * not run gets its highest unexecuted ancestor scheduled with a dummy item, which forces that branch to
 * run (old "Merge after If" workflows rely on it).
 */
function forceParentsV0(ctx: SchedulingContext, node: string, parent: string, items: Item[], runIndex: number, outputIndex: number): void {
  const { graph, state } = ctx;
  const siblings = new Set<string>();
  for (const targets of graph.children.get(parent) ?? []) for (const t of targets) siblings.add(t.node);
  const inputs = graph.parents.get(node) ?? [];
  for (const connections of inputs) {
    for (const input of connections) {
      if (input.node === parent) continue;
      const onStack = new Set(state.stack.map((e) => e.node));
      if (siblings.has(input.node) && !incomingConnectionIsEmpty(state.runData, graph.parents.get(input.node)?.[0], runIndex)) continue;
      if (onStack.has(input.node) || state.runData[input.node] !== undefined) continue;
      let nodeToAdd: string | undefined = input.node;
      for (const candidate of [input.node, ...ancestorsOf(graph, input.node)]) {
        if (candidate !== input.node && siblings.has(candidate)) {
          nodeToAdd = undefined;
          break;
        }
        if (onStack.has(candidate)) {
          nodeToAdd = undefined;
          break;
        }
        if (state.runData[candidate] !== undefined) break;
        nodeToAdd = candidate;
      }
      if (nodeToAdd === undefined) continue;
      if (items.length === 0 && ancestorsOf(graph, nodeToAdd).includes(parent)) continue;
      const addEmptyItem = !graph.parents.has(nodeToAdd) || incomingConnectionIsEmpty(state.runData, graph.parents.get(nodeToAdd)?.[0], runIndex);
      if (addEmptyItem) {
        enqueue(ctx, { node: nodeToAdd, inputs: [[{ json: {} }]], source: [taskSource(parent, outputIndex, runIndex)] });
      }
    }
  }
}
