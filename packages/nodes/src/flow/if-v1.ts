import { defineNode, type Item } from "@bos/node-sdk";
import { legacyConditionsParameter, evaluateLegacyConditions } from "./conditions/legacy-conditions";
import { asNodeError } from "./as-node-error";
import { routeItem } from "./paired-item";

/**
 * If v1 (`n8n-nodes-base.if` v1, "IF"): legacy typed condition lists
 * (`conditions.{boolean,dateTime,number,string}[{value1, operation, value2}]`) combined with
 * `combineOperation` all (default) or any. Output 0 is "true", output 1 "false".
 */
export const ifV1Node = defineNode({
  description: {
    type: "n8n-nodes-base.if",
    versions: [1],
    displayName: "IF",
    group: ["transform"],
    description: "Route items to different branches (true/false)",
    defaults: { name: "IF", color: "#408000" },
    inputs: 1,
    outputs: 2,
    outputNames: ["true", "false"],
    sideEffects: "none",
    parameters: [
      legacyConditionsParameter,
      {
        displayName: "Combine",
        name: "combineOperation",
        type: "options",
        default: "all",
        description: "If multiple rules got set this settings decides if it is true as soon as ANY condition matches or only if ALL get meet",
        options: [
          { name: "ALL", value: "all", description: "Only if all conditions are met it goes into \"true\" branch" },
          { name: "ANY", value: "any", description: "If any of the conditions is met it goes into \"true\" branch" },
        ],
      },
    ],
  },
  async execute(ctx) {
    const trueItems: Item[] = [];
    const falseItems: Item[] = [];
    ctx.getInputItems().forEach((item, itemIndex) => {
      let pass = false;
      try {
        pass = evaluateLegacyConditions(ctx.getNodeParameter("conditions", itemIndex), ctx.getNodeParameter("combineOperation", itemIndex) === "any" ? "any" : "all");
      } catch (error) {
        if (!ctx.continueOnFail()) throw asNodeError(error, itemIndex);
      }
      (pass ? trueItems : falseItems).push(routeItem(item, itemIndex));
    });
    return [trueItems, falseItems];
  },
});
