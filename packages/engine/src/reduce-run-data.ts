import type { RunData, RunStatus } from "./types";

/** One node run reduced as the n8n conformance cases record it. */
export interface ReducedRun {
  status: string;
  /** The `json` of each item per output; trailing empty outputs dropped. */
  main: unknown[][];
  error?: true;
}

/** A run reduced to what the conformance cases compare (shared/n8n/cases/README.md). */
export interface ReducedResult {
  status: "success" | "error" | RunStatus;
  order: string[];
  nodes: Record<string, ReducedRun[]>;
}

/**
 * Reduces run data the way the n8n cases were reduced: the order of node runs by executionIndex, and
 * per run its status, its items' json per output (trailing empty outputs dropped) and an error flag.
 */
export function reduceRunData(status: RunStatus, runData: RunData): ReducedResult {
  const runs: Array<{ node: string; index: number }> = [];
  const nodes: Record<string, ReducedRun[]> = {};
  for (const [node, tasks] of Object.entries(runData)) {
    nodes[node] = tasks.map((task) => {
      runs.push({ node, index: task.executionIndex });
      const main = (task.data?.main ?? []).map((items) => (items ?? []).map((item) => item.json));
      while (main.length > 0 && (main[main.length - 1] as unknown[]).length === 0) main.pop();
      const reduced: ReducedRun = { status: task.executionStatus, main };
      if (task.error) reduced.error = true;
      return reduced;
    });
  }
  runs.sort((a, b) => a.index - b.index);
  return { status, order: runs.map((r) => r.node), nodes };
}
