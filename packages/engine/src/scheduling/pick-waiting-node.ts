import type { Item } from "@bos/node-sdk";
import type { StackEntry, WaitingEntry } from "../types";
import { ancestorsOf, type WorkflowGraph } from "../graph/workflow-graph";

/** The inputs a waiting node needs: a count of inputs with data, specific input indexes, or all of them. */
export type RequiredInputs = number | readonly number[] | undefined;

/** Whether partial inputs satisfy the node's requiredInputs (undefined: every input must have items). */
export function meetsRequiredInputs(inputs: ReadonlyArray<Item[] | null>, required: RequiredInputs): boolean {
  const hasData = (i: number) => (inputs[i]?.length ?? 0) > 0;
  if (required === undefined) return inputs.every((_, i) => hasData(i));
  if (typeof required === "number") return inputs.filter((_, i) => hasData(i)).length >= required;
  return required.every((i) => hasData(i));
}

/**
 * v1, when the stack has run dry (FORMAT §3.1): the first waiting multi-input node (in arrival order)
 * whose required inputs have data and none of whose ancestors still waits, removed from `waiting` and
 * returned as a stack entry with missing inputs as `[]`. Entries whose requirement is not met are
 * dropped: that node will not run. Returns undefined when nothing can run.
 */
export function pickWaitingNode(
  graph: WorkflowGraph,
  waiting: Record<string, WaitingEntry[]>,
  requiredInputsOf: (node: string) => RequiredInputs,
): StackEntry | undefined {
  for (const node of Object.keys(waiting)) {
    const entries = waiting[node] as WaitingEntry[];
    const required = requiredInputsOf(node);
    for (let i = 0; i < entries.length; ) {
      const entry = entries[i] as WaitingEntry;
      if (!meetsRequiredInputs(entry.inputs, required)) {
        entries.splice(i, 1);
        continue;
      }
      if (ancestorsOf(graph, node).some((a) => (waiting[a]?.length ?? 0) > 0)) {
        i++;
        continue;
      }
      entries.splice(i, 1);
      if (entries.length === 0) delete waiting[node];
      return { node, inputs: entry.inputs.map((input) => input ?? []), source: entry.source };
    }
    if (entries.length === 0) delete waiting[node];
  }
  return undefined;
}
