import { defineNode, type Item } from "@bos/node-sdk";
import { branchCount } from "./parallel";

/**
 * Join (`bos.join`): waits for every connected branch (the engine collects a multi-input node's inputs
 * before running it), then continues once. `output: append` emits every branch's items, branch 1
 * first; `byBranch` emits one item per branch, `{ branch, items }` with that branch's items' json.
 * A branch that delivered nothing counts as empty once nothing else can run. Exported to n8n: a Merge
 * in append mode.
 */
export const joinNode = defineNode({
  description: {
    type: "bos.join",
    versions: [1],
    displayName: "Join",
    group: ["organization"],
    description: "Wait for every branch to finish, then continue with all their items",
    defaults: { name: "Join", color: "#2266aa" },
    inputs: (p) => branchCount(p.inputs),
    outputs: 1,
    requiredInputs: 1,
    sideEffects: "none",
    parameters: [
      {
        displayName: "Branches",
        name: "inputs",
        type: "number",
        default: 2,
        required: true,
        noDataExpression: true,
        typeOptions: { minValue: 2, maxValue: 32 },
        description: "How many branches come in (2 to 32)",
      },
      {
        displayName: "Output",
        name: "output",
        type: "options",
        default: "append",
        noDataExpression: true,
        options: [
          { name: "Append", value: "append", description: "All items of every branch, branch 1 first" },
          { name: "One Item per Branch", value: "byBranch", description: "One item per branch: { branch, items }" },
        ],
        description: "How the branches' items are put together",
      },
    ],
  },
  async execute(ctx) {
    const inputs = ctx.inputs;
    if (ctx.getNodeParameter("output", 0) === "byBranch") {
      return [
        inputs.map((items, branch): Item => {
          const json = { branch, items: items.map((item) => item.json) };
          return items.length > 0 ? { json, pairedItem: items.map((_, item) => ({ item, input: branch })) } : { json };
        }),
      ];
    }
    return [inputs.flatMap((items, input) => items.map((item, i): Item => ({ ...item, pairedItem: { item: i, input } })))];
  },
});
