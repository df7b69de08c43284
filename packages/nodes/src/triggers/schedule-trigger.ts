import { defineNode, NodeOperationError } from "@bos/node-sdk";
import { fireTimeOf, scheduleItemJson } from "./schedule-item";
import { scheduleRuleParameter } from "./schedule-parameters";
import { triggerItems } from "./trigger-input";

/**
 * Schedule Trigger (`n8n-nodes-base.scheduleTrigger` v1-1.3). The scheduler reads `rule.interval`
 * (seconds / minutes / hours / days / weeks / months / cronExpression; an empty rule means daily at
 * midnight) in the workflow's time zone and starts an execution at each firing, passing
 * `{json: {timestamp}}` (the planned fire time) as the trigger input. The node emits one item with
 * n8n's fields (timestamp, Readable date, Day of week...) for that time, or for now when run by hand.
 */
export const scheduleTriggerNode = defineNode({
  description: {
    type: "n8n-nodes-base.scheduleTrigger",
    versions: [1, 1.1, 1.2, 1.3],
    displayName: "Schedule Trigger",
    group: ["trigger", "schedule"],
    description: "Triggers the workflow on a given schedule",
    defaults: { name: "Schedule Trigger", color: "#31C49F" },
    inputs: 0,
    outputs: 1,
    trigger: "schedule",
    sideEffects: "none",
    parameters: [
      {
        displayName:
          "This workflow will run on the schedule you define here once you <a data-key=\"activate\">activate</a> it.<br><br>For testing, you can also trigger it manually: by going back to the canvas and clicking 'execute workflow'",
        name: "notice",
        type: "notice",
        default: "",
      },
      scheduleRuleParameter,
    ],
  },
  async execute(ctx) {
    const items = triggerItems(ctx);
    const at = fireTimeOf(items[0]?.json) ?? new Date();
    try {
      return [[{ json: scheduleItemJson(at, ctx.workflow.timezone) }]];
    } catch (cause) {
      throw new NodeOperationError(`The workflow time zone '${ctx.workflow.timezone}' is not a known IANA zone`, { cause, description: "Set settings.timezone to a name such as Europe/Berlin, or DEFAULT." });
    }
  },
});
