import { defineNode } from "@bos/node-sdk";
import { triggerItems } from "./trigger-input";

/** What n8n emits when an Error Trigger is run by hand, so the downstream nodes have data to map. */
export const EXAMPLE_ERROR_ITEM = {
  execution: {
    id: 231,
    url: "https://n8n.example.com/execution/231",
    retryOf: "34",
    error: { message: "Example Error Message", stack: "Stacktrace" },
    lastNodeExecuted: "Node With Error",
    mode: "manual",
  },
  workflow: { id: "1", name: "Example Workflow" },
} as const;

/**
 * Error Trigger (`n8n-nodes-base.errorTrigger` v1): starts the error workflow. The host passes the
 * failure as the trigger input (`{execution: {id, url, retryOf, error, lastNodeExecuted, mode},
 * workflow: {id, name}}`, FORMAT §5.1); a manual run with no payload emits n8n's example item.
 */
export const errorTriggerNode = defineNode({
  description: {
    type: "n8n-nodes-base.errorTrigger",
    versions: [1],
    displayName: "Error Trigger",
    group: ["trigger"],
    description: "Triggers the workflow when another workflow has an error",
    defaults: { name: "Error Trigger", color: "#0000FF" },
    inputs: 0,
    outputs: 1,
    trigger: "error",
    sideEffects: "none",
    parameters: [
      {
        displayName:
          "This node will trigger when there is an error in another workflow, as long as that workflow is set up to do so. <a href=\"https://docs.n8n.io/integrations/core-nodes/n8n-nodes-base.errortrigger\" target=\"_blank\">More info</a>",
        name: "notice",
        type: "notice",
        default: "",
      },
    ],
  },
  async execute(ctx) {
    const items = triggerItems(ctx);
    const onlyEmpty = items.length === 1 && Object.keys(items[0]?.json ?? {}).length === 0;
    if (ctx.execution.mode === "manual" && onlyEmpty) return [[{ json: structuredClone(EXAMPLE_ERROR_ITEM) as unknown as Record<string, unknown> }]];
    return [items];
  },
});
