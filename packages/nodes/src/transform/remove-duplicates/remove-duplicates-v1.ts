import { defineNode } from "@bos/node-sdk";
import { parseFieldList } from "../shared/field-path";
import { removeDuplicateItems } from "./remove-duplicate-items";
import { compareOptionsParameter, compareParameters } from "./remove-duplicates-parameters";

/** Remove Duplicates 1 and 1.1: drops input items whose compared fields repeat an earlier item's. */
export const removeDuplicatesV1Node = defineNode({
  description: {
    type: "n8n-nodes-base.removeDuplicates",
    versions: [1, 1.1],
    displayName: "Remove Duplicates",
    group: ["transform"],
    description: "Delete items with matching field values",
    defaults: { name: "Remove Duplicates" },
    inputs: 1,
    outputs: 1,
    sideEffects: "none",
    parameters: [...compareParameters(), compareOptionsParameter],
  },
  async execute(ctx) {
    const options = ctx.getNodeParameter("options", 0);
    const compare = ctx.getNodeParameter("compare", 0);
    return [
      removeDuplicateItems(ctx.getInputItems(), {
        compare,
        fieldsToExclude: compare === "allFieldsExcept" ? parseFieldList(ctx.getNodeParameter("fieldsToExclude", 0)) : [],
        fieldsToCompare: compare === "selectedFields" ? parseFieldList(ctx.getNodeParameter("fieldsToCompare", 0)) : [],
        disableDotNotation: options.disableDotNotation,
        removeOtherFields: options.removeOtherFields,
        version: ctx.node.typeVersion,
      }),
    ];
  },
});
