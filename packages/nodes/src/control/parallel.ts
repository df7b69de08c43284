import { defineNode, NodeOperationError, type Item } from "@bos/node-sdk";

/** Fewest and most branches a Parallel node forks to. */
export const MIN_BRANCHES = 2;
export const MAX_BRANCHES = 32;

/** The number of branches a `branches` parameter asks for, clamped to [2, 32] (for the port count). */
export function branchCount(value: unknown): number {
  const n = Math.floor(Number(value ?? MIN_BRANCHES));
  return Number.isFinite(n) ? Math.min(MAX_BRANCHES, Math.max(MIN_BRANCHES, n)) : MIN_BRANCHES;
}

/**
 * Parallel (`bos.parallel`): forks its input to `branches` outputs, each getting every input item. The
 * engine runs the branches concurrently (up to `settings.parallelBranches`, by default the largest
 * `branches` of the workflow's Parallel nodes); results and run order are the sequential run's. Join them
 * with Join (`bos.join`) or a Merge in append mode. Exported to n8n: a No Operation node fanning out.
 */
export const parallelNode = defineNode({
  description: {
    type: "bos.parallel",
    versions: [1],
    displayName: "Parallel",
    group: ["organization"],
    description: "Run the same items down several branches at the same time",
    defaults: { name: "Parallel", color: "#2266aa" },
    inputs: 1,
    outputs: (p) => branchCount(p.branches),
    outputNames: (p) => Array.from({ length: branchCount(p.branches) }, (_, i) => `branch ${i + 1}`),
    sideEffects: "none",
    parameters: [
      {
        displayName: "Branches",
        name: "branches",
        type: "number",
        default: 2,
        required: true,
        noDataExpression: true,
        typeOptions: { minValue: MIN_BRANCHES, maxValue: MAX_BRANCHES },
        description: "How many branches to fork into (2 to 32); each gets all input items",
      },
    ],
  },
  async execute(ctx) {
    const branches = Number(ctx.getNodeParameter("branches", 0));
    if (!Number.isInteger(branches) || branches < MIN_BRANCHES || branches > MAX_BRANCHES) {
      throw new NodeOperationError(`Parallel node "${ctx.node.name}" needs between ${MIN_BRANCHES} and ${MAX_BRANCHES} branches, not ${JSON.stringify(branches)}`, {
        description: "Set 'Branches' to a whole number from 2 to 32.",
      });
    }
    const items = ctx.getInputItems();
    return Array.from({ length: branches }, () => items.map((item, i): Item => ({ ...item, pairedItem: { item: i } })));
  },
});
