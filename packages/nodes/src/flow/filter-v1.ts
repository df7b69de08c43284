import { defineNode, type Item } from "@bos/node-sdk";
import { evaluateLegacyConditions, legacyConditionsParameter } from "./conditions/legacy-conditions";
import { asNodeError } from "./as-node-error";
import { routeItem } from "./paired-item";

/**
 * Filter v1 (`n8n-nodes-base.filter` v1): the legacy typed condition lists of If v1, combined with
 * `combineConditions` AND (default) / OR. One output with the kept items.
 */
export const filterV1Node = defineNode({
  description: {
    type: "n8n-nodes-base.filter",
    versions: [1],
    displayName: "Filter",
    group: ["transform"],
    description: "Remove items matching a condition",
    defaults: { name: "Filter", color: "#229eff" },
    inputs: 1,
    outputs: 1,
    outputNames: ["Kept"],
    sideEffects: "none",
    parameters: [
      legacyConditionsParameter,
      {
        displayName: "Combine Conditions",
        name: "combineConditions",
        type: "options",
        default: "AND",
        description: "How to combine the conditions: AND requires all conditions to be true, OR requires at least one condition to be true",
        options: [
          { name: "AND", value: "AND", description: "Items are passed to the next node only if they meet all the conditions" },
          { name: "OR", value: "OR", description: "Items are passed to the next node if they meet at least one condition" },
        ],
      },
    ],
  },
  async execute(ctx) {
    const kept: Item[] = [];
    ctx.getInputItems().forEach((item, itemIndex) => {
      let pass = false;
      try {
        const combine = ctx.getNodeParameter("combineConditions", itemIndex) === "OR" ? "any" : "all";
        pass = evaluateLegacyConditions(ctx.getNodeParameter("conditions", itemIndex), combine);
      } catch (error) {
        if (!ctx.continueOnFail()) throw asNodeError(error, itemIndex);
      }
      if (pass) kept.push(routeItem(item, itemIndex));
    });
    return [kept];
  },
});
