import type { Item, TaskSource } from "@bos/node-sdk";
import { resolvePairedItems, type PairedItemContext, type PairedLookup } from "./paired-items";
import type { References } from "./references";
import type { ShippedRuns } from "./shipped-runs";
import type { EvaluationScope, NodeRunRecord } from "./types";
import type { WorkflowGraph } from "./workflow-graph";

/**
 * What one call into the isolate carries besides the code: the scope, the run metadata the runtime
 * needs, the paired-item answers, and the node runs the code can reach that the isolate has not seen yet
 * (each run's outputs travel once per isolate, as a separate JSON string).
 */
export interface CallMeta {
  node: string;
  runIndex: number;
  itemCount: number;
  firstItem: number;
  source: Array<TaskSource | null>;
  runCounts: Record<string, number>;
  defaultOut: Record<string, number>;
  paired: Record<string, PairedLookup[]>;
  extra: Record<string, unknown>;
  newRuns: Array<[node: string, runIndex: number]>;
  /** Runs the isolate should forget (least recently used, over the budget). */
  dropRuns: Array<[node: string, runIndex: number]>;
  /** Input 0 is exactly this recorded output ([node, run, output]): the isolate reuses its copy. */
  inputFrom: [node: string, runIndex: number, outputIndex: number] | null;
}

export interface PayloadState {
  runs: ReadonlyMap<string, ReadonlyArray<NodeRunRecord | undefined>>;
  /** Runs already copied into the current isolate (keys `node\0run`). */
  shipped: ShippedRuns;
  /** Most run text kept in the isolate; older runs not needed by a call are dropped beyond it. */
  shippedBudget: number;
  graph: WorkflowGraph;
  isCodeNode(node: string): boolean;
}

/**
 * A run's outputs as the runtime reads them: the JSON array of each output, separated by \u0001
 * (JSON.stringify escapes every control character, so the separator cannot occur inside an output).
 */
export function encodeRunOutputs(outputs: ReadonlyArray<readonly Item[] | null | undefined>): string {
  return outputs.map((items) => JSON.stringify(items ?? [])).join("\u0001");
}

export function runKey(node: string, runIndex: number): string {
  return `${node}\u0000${runIndex}`;
}

/** Builds the call metadata and the run texts to send, marking those runs as shipped. */
export function buildCallPayload(
  state: PayloadState,
  scope: EvaluationScope,
  refs: References,
  itemCount: number,
  firstItem: number,
  /** True when a one-off copy of the inputs' json would do (then a run not yet shipped is not shipped for it). */
  preferJsonInputs = false,
): { meta: CallMeta; runTexts: string[] } {
  // Run counts only of the nodes the text can name (all of them for a computed name): the runtime uses
  // them for isExecuted, "unexecuted" errors and default run indexes. Sending all would make every call
  // grow with the execution.
  const runCounts: Record<string, number> = {};
  const countable = refs.dynamic ? state.runs.keys() : refs.nodes.values();
  for (const node of countable) {
    const runs = state.runs.get(node);
    if (runs && runs.length > 0) runCounts[node] = runs.length;
  }

  let inputFrom = inputSourceRun(state, scope);
  if (inputFrom && preferJsonInputs && !state.shipped.has(runKey(inputFrom[0], inputFrom[1]))) inputFrom = null;
  const targets = refs.dynamic ? [...state.runs.keys()] : [...refs.nodes].filter((n) => state.runs.has(n));
  const defaultOut: Record<string, number> = {};
  const newRuns: Array<[string, number]> = [];
  const runTexts: string[] = [];
  const used = new Set<string>();
  const ship = (node: string, runIndex: number, record: NodeRunRecord) => {
    const key = runKey(node, runIndex);
    used.add(key);
    if (state.shipped.touch(key)) return;
    const text = encodeRunOutputs(record.outputs);
    state.shipped.add(key, text.length);
    newRuns.push([node, runIndex]);
    runTexts.push(text);
  };
  const paired: Record<string, PairedLookup[]> = {};
  if (refs.paired) {
    const ancestors = state.graph.ancestors(scope.node);
    const ctx: PairedItemContext = {
      runsOf: (node) => state.runs.get(node),
      graph: state.graph,
      currentNode: scope.node,
      isCodeNode: state.isCodeNode(scope.node),
    };
    const pairedCount = Math.max(itemCount, scope.inputs[0]?.length ?? 0);
    for (const node of targets) {
      if (refs.dynamic && !ancestors.has(node)) continue;
      paired[node] = resolvePairedItems(ctx, node, scope.source[0], pairedCount);
    }
  }

  for (const node of targets) {
    defaultOut[node] = state.graph.outputTowards(node, scope.node) ?? 0;
    const runs = state.runs.get(node) ?? [];
    if (refs.runIndexes || refs.dynamic) {
      runs.forEach((record, runIndex) => {
        if (record) ship(node, runIndex, record);
      });
      continue;
    }
    // Only the last run (the default of .all(), .first(), $node...) and the runs paired items point at.
    const wanted = new Set<number>([runs.length - 1]);
    for (const entry of paired[node] ?? []) if (Array.isArray(entry)) wanted.add(entry[0]);
    for (const runIndex of wanted) {
      const record = runs[runIndex];
      if (record) ship(node, runIndex, record);
    }
  }
  if (inputFrom) {
    const record = state.runs.get(inputFrom[0])?.[inputFrom[1]];
    if (record) ship(inputFrom[0], inputFrom[1], record);
  }
  const dropRuns = evictOverBudget(state, used);

  return {
    meta: {
      node: scope.node,
      runIndex: scope.runIndex,
      itemCount,
      firstItem,
      source: scope.source,
      runCounts,
      defaultOut,
      paired,
      extra: scope.extraVariables ?? {},
      newRuns,
      dropRuns,
      inputFrom,
    },
    runTexts,
  };
}

/**
 * The recorded output that input 0 is made of, when its items are that output's very items (the engine
 * passes upstream outputs through unchanged). Then the run travels once per isolate instead of the
 * inputs travelling on every call.
 */
function inputSourceRun(state: PayloadState, scope: EvaluationScope): [string, number, number] | null {
  const source = scope.source[0];
  const input = scope.inputs[0];
  if (!source || !input || input.length === 0) return null;
  const runIndex = source.previousNodeRun ?? 0;
  const outputIndex = source.previousNodeOutput ?? 0;
  const recorded = state.runs.get(source.previousNode)?.[runIndex]?.outputs[outputIndex];
  if (!recorded || recorded.length !== input.length) return null;
  if (recorded !== input) {
    for (let i = 0; i < input.length; i++) if (recorded[i] !== input[i]) return null;
  }
  return [source.previousNode, runIndex, outputIndex];
}

/** Forgets the least recently used runs this call does not need while the isolate holds too much. */
function evictOverBudget(state: PayloadState, used: ReadonlySet<string>): Array<[string, number]> {
  if (state.shipped.bytes <= state.shippedBudget) return [];
  const dropped: Array<[string, number]> = [];
  for (const key of [...state.shipped.keys()]) {
    if (state.shipped.bytes <= state.shippedBudget) break;
    if (used.has(key)) continue;
    state.shipped.delete(key);
    const separator = key.lastIndexOf("\u0000");
    dropped.push([key.slice(0, separator), Number(key.slice(separator + 1))]);
  }
  return dropped;
}
