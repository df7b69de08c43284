import { defineNode } from "@bos/node-sdk";
import { triggerItems } from "./trigger-input";

/**
 * Manual Trigger (`n8n-nodes-base.manualTrigger` v1; legacy `n8n-nodes-base.start` is an alias).
 * Emits the items the host started the run with: one empty item for a plain manual run, or the
 * `--input` items of `./bos wf run` (seeded by the engine as this node's input 0).
 */
export const manualTriggerNode = defineNode({
  description: {
    type: "n8n-nodes-base.manualTrigger",
    versions: [1],
    displayName: "Manual Trigger",
    group: ["trigger"],
    description: "Runs the flow on clicking a button in n8n",
    defaults: { name: "When clicking ‘Execute workflow’", color: "#909298" },
    inputs: 0,
    outputs: 1,
    trigger: "manual",
    sideEffects: "none",
    parameters: [
      {
        displayName: "This node is where the workflow execution starts (when you click the ‘execute’ button on the canvas).<br><br> <a data-action=\"showNodeCreator\">Explore other ways to trigger your workflow</a> (e.g on a schedule, or a webhook)",
        name: "notice",
        type: "notice",
        default: "",
      },
    ],
  },
  async execute(ctx) {
    return [triggerItems(ctx)];
  },
});
