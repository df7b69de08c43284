import type { AnyNodeType } from "@bos/node-sdk";
import { cronNode } from "./cron";
import { errorTriggerNode } from "./error-trigger";
import { executeWorkflowTriggerNode, executeWorkflowTriggerV1Node } from "./execute-workflow-trigger";
import { intervalNode } from "./interval";
import { manualTriggerNode } from "./manual-trigger";
import { respondToWebhookNode } from "./respond-to-webhook";
import { scheduleTriggerNode } from "./schedule-trigger";
import { webhookNode } from "./webhook";

export { scheduleSpecsOf, type ScheduleSpec } from "./schedule-rules";
export { scheduleItemJson } from "./schedule-item";

/**
 * Trigger nodes, plus Respond to Webhook (not a trigger, but the webhook pair's other half). A
 * trigger emits the items the host seeded as its input 0 (see trigger-input.ts).
 */
export const triggerNodes: AnyNodeType[] = [
  manualTriggerNode,
  webhookNode,
  respondToWebhookNode,
  scheduleTriggerNode,
  cronNode,
  intervalNode,
  executeWorkflowTriggerV1Node,
  executeWorkflowTriggerNode,
  errorTriggerNode,
];
