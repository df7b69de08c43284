import { defineNode } from "@bos/node-sdk";
import { compareOptionsParameter, compareParameters } from "./remove-duplicates-parameters";
import { removeInputDuplicates } from "./remove-input-duplicates";

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
    return [removeInputDuplicates(ctx)];
  },
});
