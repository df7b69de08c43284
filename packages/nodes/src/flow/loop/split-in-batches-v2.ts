import { defineNode } from "@bos/node-sdk";
import { batchOptionsParameter, batchSizeParameter } from "./batch-parameters";
import { runBatchStep } from "./batch-state";

/**
 * Split In Batches v2: as Loop Over Items v3 but with the outputs the other way round: output 0 is
 * "loop", output 1 is "done"; batch size defaults to 10.
 */
export const splitInBatchesV2Node = defineNode({
  description: {
    type: "n8n-nodes-base.splitInBatches",
    versions: [2],
    displayName: "Split In Batches",
    group: ["organization"],
    description: "Split data into batches and iterate over each batch",
    defaults: { name: "Split In Batches", color: "#007755" },
    inputs: 1,
    outputs: 2,
    outputNames: ["loop", "done"],
    allowsLoop: true,
    sideEffects: "none",
    hidden: true,
    parameters: [batchSizeParameter(10), batchOptionsParameter],
  },
  async execute(ctx) {
    const step = runBatchStep(ctx, { batchSize: ctx.getNodeParameter("batchSize", 0), reset: ctx.getNodeParameter("options", 0).reset === true, collectProcessed: true });
    return [step.batch, step.done];
  },
});
