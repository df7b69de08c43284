import type { ExecuteContext, InferParameters, Item } from "@bos/node-sdk";
import { parseFieldList } from "../shared/field-path";
import { removeDuplicateItems } from "./remove-duplicate-items";
import type { compareOptionsParameter, compareParameters } from "./remove-duplicates-parameters";

type CompareParameterValues = InferParameters<[...ReturnType<typeof compareParameters>, typeof compareOptionsParameter]>;

/**
 * Reads the comparison parameters (compare, fields, options; item 0's values, as n8n does) and drops
 * the input items that repeat an earlier one. Remove Duplicates 1/1.1 and 2's "input items"
 * operation both run this.
 */
export function removeInputDuplicates(ctx: ExecuteContext<CompareParameterValues>): Item[] {
  const options = ctx.getNodeParameter("options", 0);
  const compare = ctx.getNodeParameter("compare", 0);
  return removeDuplicateItems(ctx.getInputItems(), {
    compare,
    fieldsToExclude: compare === "allFieldsExcept" ? parseFieldList(ctx.getNodeParameter("fieldsToExclude", 0)) : [],
    fieldsToCompare: compare === "selectedFields" ? parseFieldList(ctx.getNodeParameter("fieldsToCompare", 0)) : [],
    disableDotNotation: options.disableDotNotation,
    removeOtherFields: options.removeOtherFields,
    version: ctx.node.typeVersion,
  });
}
