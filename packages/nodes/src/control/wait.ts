import { defineNode, NodeOperationError, type WaitSpec } from "@bos/node-sdk";
import { durationMs, parseWaitDate } from "../flow/wait";

/**
 * Wait (`bos.wait`): pauses the run for a duration, until a time, or until resumed by a webhook call or
 * a platform event (`eventType`), optionally at most `timeoutSeconds`. It returns a suspension
 * (`{ kind: "wait" }`) that the host honours: short timed waits in-process, the rest persisted until
 * resumed. A time already past continues at once. It emits its input items (a webhook or event resume
 * replaces them with the resume payload). Exported to n8n: Wait v1.1.
 */
export const waitNode = defineNode({
  description: {
    type: "bos.wait",
    versions: [1],
    displayName: "Wait",
    group: ["organization"],
    description: "Pause for a while, until a time, or until a webhook call or an event resumes the run",
    defaults: { name: "Wait", color: "#804050" },
    inputs: 1,
    outputs: 1,
    sideEffects: "none",
    parameters: [
      {
        displayName: "Wait For",
        name: "mode",
        type: "options",
        default: "duration",
        noDataExpression: true,
        options: [
          { name: "A Duration", value: "duration", description: "Continue after an amount of time" },
          { name: "A Time", value: "until", description: "Continue at a date and time" },
          { name: "A Webhook Call", value: "webhook", description: "Continue when the resume URL is called" },
          { name: "An Event", value: "event", description: "Continue when an event of a type arrives" },
        ],
        description: "What the run waits for",
      },
      { displayName: "Amount", name: "amount", type: "number", default: 1, typeOptions: { minValue: 0 }, description: "How long to wait", displayOptions: { show: { mode: ["duration"] } } },
      {
        displayName: "Unit",
        name: "unit",
        type: "options",
        default: "seconds",
        options: [
          { name: "Milliseconds", value: "milliseconds" },
          { name: "Seconds", value: "seconds" },
          { name: "Minutes", value: "minutes" },
          { name: "Hours", value: "hours" },
          { name: "Days", value: "days" },
        ],
        description: "The unit of the amount",
        displayOptions: { show: { mode: ["duration"] } },
      },
      { displayName: "Date and Time", name: "dateTime", type: "dateTime", default: "", required: true, description: "When to continue (ISO; the workflow's time zone when it has no offset)", displayOptions: { show: { mode: ["until"] } } },
      { displayName: "Event Type", name: "eventType", type: "string", default: "", required: true, placeholder: "order.paid", description: "The event type that resumes the run", displayOptions: { show: { mode: ["event"] } } },
      {
        displayName: "Timeout (Seconds)",
        name: "timeoutSeconds",
        type: "number",
        default: 0,
        typeOptions: { minValue: 0 },
        description: "Continue anyway after this many seconds (0: wait as long as it takes)",
        displayOptions: { show: { mode: ["webhook", "event"] } },
      },
    ],
  },
  async execute(ctx) {
    const input = ctx.getInputItems().map((item, itemIndex) => ({ ...item, pairedItem: { item: itemIndex } }));
    const mode = ctx.getNodeParameter("mode", 0);
    const now = Date.now();
    let wait: WaitSpec;
    switch (mode) {
      case "duration": {
        const unit = ctx.getNodeParameter("unit", 0);
        const amount = ctx.getNodeParameter("amount", 0);
        const ms = unit === "milliseconds" ? durationMs(Number(amount) / 1000, "seconds", "amount") : durationMs(amount, unit, "amount");
        if (ms === 0) return [input];
        wait = { kind: "until", until: new Date(now + ms) };
        break;
      }
      case "until": {
        const until = parseWaitDate(ctx.getNodeParameter("dateTime", 0), ctx.workflow.timezone);
        if (!until) throw new NodeOperationError(`Wait "${ctx.node.name}" has no valid 'Date and Time'`, { description: "Give an ISO date and time, e.g. 2030-01-31T09:00:00." });
        if (until.getTime() <= now) return [input];
        wait = { kind: "until", until };
        break;
      }
      case "webhook":
      case "event": {
        const seconds = Number(ctx.getNodeParameter("timeoutSeconds", 0));
        const limit = Number.isFinite(seconds) && seconds > 0 ? { until: new Date(now + seconds * 1000) } : {};
        if (mode === "webhook") {
          wait = { kind: "webhook", ...limit };
        } else {
          const eventType = String(ctx.getNodeParameter("eventType", 0)).trim();
          if (eventType === "") throw new NodeOperationError(`Wait "${ctx.node.name}" waits for an event but has no 'Event Type'`, { description: "Name the event type that resumes the run, e.g. order.paid." });
          wait = { kind: "event", eventType, ...limit };
        }
        break;
      }
      default:
        throw new NodeOperationError(`Unknown Wait mode '${String(mode)}'`, { description: "Use duration, until, webhook or event." });
    }
    return { kind: "wait", wait, outputs: [input] };
  },
});
