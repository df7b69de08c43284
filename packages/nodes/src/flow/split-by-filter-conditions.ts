import type { ParameterDescription } from "@bos/workflow-schema";
import type { ExecuteContext, InferParameters, Item } from "@bos/node-sdk";
import { asNodeError } from "./as-node-error";
import { evaluateFilter } from "./conditions/evaluate-filter";
import {
  filterConditionsParameter,
  filterVersionFor,
  ignoreCaseOption,
  lessStrictTypeValidationOption,
  looseTypeValidationParameter,
} from "./conditions/filter-parameter";
import { routeItem } from "./paired-item";

/** n8n's If v2 and Filter v2 families write filter version 1 (2.0, 2.1), 2 (2.2) and 3 (2.3). */
const FILTER_VERSIONS = [
  [2, 1],
  [2.2, 2],
  [2.3, 3],
] as const;

/** The parameters If v2.x and Filter v2.x share: conditions, the 2.1+ type switch and the options. */
export const filterV2Parameters = [
  filterConditionsParameter(2),
  { ...looseTypeValidationParameter, displayOptions: { hide: { "@version": [2] } } },
  {
    displayName: "Options",
    name: "options",
    type: "collection",
    placeholder: "Add option",
    default: {},
    options: [
      ignoreCaseOption,
      lessStrictTypeValidationOption,
    ],
  },
] as const satisfies readonly ParameterDescription[];

/**
 * Splits the input items of an If v2.x or Filter v2.x node into those whose conditions pass and those
 * that fail, in input order, each routed with its pairedItem. With onError set to continue, an item
 * whose conditions fail to evaluate counts as failing; otherwise the error is thrown for that item.
 */
export function splitByFilterConditions(ctx: ExecuteContext<InferParameters<typeof filterV2Parameters>>): [passed: Item[], failed: Item[]] {
  const passed: Item[] = [];
  const failed: Item[] = [];
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
    (pass ? passed : failed).push(routeItem(item, itemIndex));
  });
  return [passed, failed];
}
