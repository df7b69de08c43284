import { defineNode } from "@bos/node-sdk";
import { filterV2Parameters, splitByFilterConditions } from "./split-by-filter-conditions";

/**
 * If v2.x (`n8n-nodes-base.if`): routes each item to output 0 ("true") when its filter conditions
 * pass, else to output 1 ("false"). With onError set to continue, an item whose conditions fail to
 * evaluate goes to "false" (as in n8n).
 */
export const ifNode = defineNode({
  description: {
    type: "n8n-nodes-base.if",
    versions: [2, 2.1, 2.2, 2.3],
    displayName: "If",
    group: ["transform"],
    description: "Route items to different branches (true/false)",
    defaults: { name: "If", color: "#408000" },
    inputs: 1,
    outputs: 2,
    outputNames: ["true", "false"],
    sideEffects: "none",
    parameters: filterV2Parameters,
  },
  async execute(ctx) {
    return splitByFilterConditions(ctx);
  },
});
