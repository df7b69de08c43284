import { defineNode, type Item } from "@bos/node-sdk";
import { evaluateFilter } from "./conditions/evaluate-filter";
import { filterConditionsParameter, filterVersionFor, looseTypeValidationParameter } from "./conditions/filter-parameter";
import { asNodeError } from "./as-node-error";
import { routeItem } from "./paired-item";

const FILTER_VERSIONS = [
  [2, 1],
  [2.2, 2],
  [2.3, 3],
] as const;

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
    const kept: Item[] = [];
    const discarded: Item[] = [];
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
      (pass ? kept : discarded).push(routeItem(item, itemIndex));
    });
    return [kept, discarded];
  },
});
