import { defineNode } from "@bos/node-sdk";
import { batchOptionsParameter, batchSizeParameter } from "./batch-parameters";
import { runBatchStep } from "./batch-state";

/**
 * Loop Over Items (`n8n-nodes-base.splitInBatches` v3). Output 0 is "done", output 1 is "loop".
 * Each run emits the next `batchSize` items on "loop"; the loop body is wired back into the input.
 * When nothing is left, "done" gets every item that came back from the body, in order. State lives
 * in the node state (ctx.getNodeState), so a resumed execution continues the loop.
 */
export const loopOverItemsNode = defineNode({
  description: {
    type: "n8n-nodes-base.splitInBatches",
    versions: [3],
    displayName: "Loop Over Items (Split in Batches)",
    group: ["organization"],
    description: "Split data into batches and iterate over each batch",
    defaults: { name: "Loop Over Items", color: "#007755" },
    inputs: 1,
    outputs: 2,
    outputNames: ["done", "loop"],
    allowsLoop: true,
    sideEffects: "none",
    parameters: [
      {
        displayName: "You may not need this node — n8n nodes automatically run once for each input item.",
        name: "splitInBatchesNotice",
        type: "notice",
        default: "",
      },
      batchSizeParameter(1),
      batchOptionsParameter,
    ],
  },
  async execute(ctx) {
    const step = runBatchStep(ctx, { batchSize: ctx.getNodeParameter("batchSize", 0), reset: ctx.getNodeParameter("options", 0).reset === true, collectProcessed: true });
    return [step.done, step.batch];
  },
});
