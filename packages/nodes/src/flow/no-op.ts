import { defineNode } from "@bos/node-sdk";

/** No Operation (`n8n-nodes-base.noOp` v1): passes its input items through unchanged. */
export const noOpNode = defineNode({
  description: {
    type: "n8n-nodes-base.noOp",
    versions: [1],
    displayName: "No Operation, do nothing",
    group: ["organization"],
    description: "No Operation",
    defaults: { name: "No Operation, do nothing", color: "#b0b0b0" },
    inputs: 1,
    outputs: 1,
    sideEffects: "none",
    parameters: [],
  },
  async execute(ctx) {
    return [ctx.getInputItems().map((item, itemIndex) => ({ ...item, pairedItem: { item: itemIndex } }))];
  },
});
