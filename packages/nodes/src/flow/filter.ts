import { defineNode } from "@bos/node-sdk";
import { filterV2Parameters, splitByFilterConditions } from "./split-by-filter-conditions";

/**
 * Filter v2.x (`n8n-nodes-base.filter`): keeps the items whose conditions pass. Like n8n, it returns
 * two outputs, kept then discarded, although the description has one wireable output: n8n records
 * the discarded items in its run data (case filter-conditions) and so do we. With onError set to
 * continue, an item whose conditions fail to evaluate is discarded.
 */
export const filterNode = defineNode({
  description: {
    type: "n8n-nodes-base.filter",
    versions: [2, 2.1, 2.2, 2.3],
    displayName: "Filter",
    group: ["transform"],
    description: "Remove items matching a condition",
    defaults: { name: "Filter", color: "#229eff" },
    inputs: 1,
    outputs: 1,
    outputNames: ["Kept", "Discarded"],
    sideEffects: "none",
    parameters: filterV2Parameters,
  },
  async execute(ctx) {
    return splitByFilterConditions(ctx);
  },
});
