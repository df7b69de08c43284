import { defineNode, type Item } from "@bos/node-sdk";
import { asNodeError } from "./as-node-error";
import { evaluateFilter } from "./conditions/evaluate-filter";
import { filterConditionsParameter, filterVersionFor, looseTypeValidationParameter } from "./conditions/filter-parameter";
import { routeItem } from "./paired-item";

/** n8n's If v2 family writes filter version 1 (2.0, 2.1), 2 (2.2) and 3 (2.3). */
const FILTER_VERSIONS = [
  [2, 1],
  [2.2, 2],
  [2.3, 3],
] as const;

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
    parameters: [
      filterConditionsParameter(2),
      { ...looseTypeValidationParameter, displayOptions: { hide: { "@version": [2] } } },
      {
        displayName: "Options",
        name: "options",
        type: "collection",
        placeholder: "Add option",
        default: {},
        options: [
          { displayName: "Ignore Case", name: "ignoreCase", type: "boolean", default: true, description: "Whether to ignore letter case when evaluating conditions" },
          {
            displayName: "Less Strict Type Validation",
            name: "looseTypeValidation",
            type: "boolean",
            default: true,
            description: "Whether to try casting value types based on the selected operator",
          },
        ],
      },
    ],
  },
  async execute(ctx) {
    const trueItems: Item[] = [];
    const falseItems: Item[] = [];
    const defaultVersion = filterVersionFor(ctx.node.typeVersion, FILTER_VERSIONS);
    ctx.getInputItems().forEach((item, itemIndex) => {
      let pass = false;
      try {
        const options = ctx.getNodeParameter("options", itemIndex);
        pass = evaluateFilter(ctx.getNodeParameter("conditions", itemIndex), itemIndex, {
          ignoreCase: options.ignoreCase,
          looseTypeValidation: ctx.getNodeParameter("looseTypeValidation", itemIndex) || options.looseTypeValidation === true,
          defaultVersion,
          zone: ctx.workflow.timezone,
        });
      } catch (error) {
        if (!ctx.continueOnFail()) throw asNodeError(error, itemIndex);
      }
      (pass ? trueItems : falseItems).push(routeItem(item, itemIndex));
    });
    return [trueItems, falseItems];
  },
});
