import { defineNode } from "@bos/node-sdk";
import { batchOptionsParameter, batchSizeParameter } from "./batch-parameters";
import { runBatchStep } from "./batch-state";

/**
 * Split In Batches v1: one output with the next batch; nothing once all items went out. Workflows
 * test `$node["Split In Batches"].context["noItemsLeft"]` (kept in the node state) to stop looping.
 */
export const splitInBatchesV1Node = defineNode({
  description: {
    type: "n8n-nodes-base.splitInBatches",
    versions: [1],
    displayName: "Split In Batches",
    group: ["organization"],
    description: "Split data into batches and iterate over each batch",
    defaults: { name: "Split In Batches", color: "#007755" },
    inputs: 1,
    outputs: 1,
    allowsLoop: true,
    sideEffects: "none",
    hidden: true,
    parameters: [batchSizeParameter(10), batchOptionsParameter],
  },
  async execute(ctx) {
    const step = runBatchStep(ctx, { batchSize: ctx.getNodeParameter("batchSize", 0), reset: ctx.getNodeParameter("options", 0).reset === true, collectProcessed: false });
    return [step.batch];
  },
});
