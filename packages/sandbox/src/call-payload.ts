import type { TaskSource } from "@bos/node-sdk";
import { resolvePairedItems, type PairedItemContext, type PairedLookup } from "./paired-items";
import type { References } from "./references";
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
}

export interface PayloadState {
  runs: ReadonlyMap<string, ReadonlyArray<NodeRunRecord | undefined>>;
  /** `node\0run` keys of runs already copied into the current isolate. */
  shipped: Set<string>;
  graph: WorkflowGraph;
  isCodeNode(node: string): boolean;
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
): { meta: CallMeta; runTexts: string[] } {
  const runCounts: Record<string, number> = {};
  for (const [node, runs] of state.runs) if (runs.length > 0) runCounts[node] = runs.length;

  const targets = refs.dynamic ? [...state.runs.keys()] : [...refs.nodes].filter((n) => state.runs.has(n));
  const defaultOut: Record<string, number> = {};
  const newRuns: Array<[string, number]> = [];
  const runTexts: string[] = [];
  for (const node of targets) {
    defaultOut[node] = state.graph.outputTowards(node, scope.node) ?? 0;
    const runs = state.runs.get(node) ?? [];
    runs.forEach((record, runIndex) => {
      if (!record) return;
      const key = runKey(node, runIndex);
      if (state.shipped.has(key)) return;
      state.shipped.add(key);
      newRuns.push([node, runIndex]);
      runTexts.push(JSON.stringify(record.outputs));
    });
  }

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
    },
    runTexts,
  };
}
