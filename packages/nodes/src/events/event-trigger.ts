import { defineNode } from "@bos/node-sdk";
import { triggerItems } from "../triggers/trigger-input";

/**
 * Event Trigger (`bos.eventTrigger` v1): starts the workflow when a matching platform event is published on
 * the event bus (@bos/event-bus). `eventType` is a pattern of dotted words (`crm.contact.*`: `*` is one
 * word, a final `#` any number); `filter` is optional JSON mapping dot paths of the event to the values they
 * must have (`{"data.status": "paid"}`, an array means any of them). The trigger gateway starts the run with
 * the event as the one item: `{type, tenant, id, data, occurredAt}`.
 */
export const eventTriggerNode = defineNode({
  description: {
    type: "bos.eventTrigger",
    versions: [1],
    displayName: "Event Trigger",
    group: ["trigger"],
    description: "Starts the workflow when a BusinessOS event is published",
    defaults: { name: "Event Trigger", color: "#4a7bd0" },
    inputs: 0,
    outputs: 1,
    trigger: "event",
    sideEffects: "none",
    parameters: [
      { displayName: "Event Type", name: "eventType", type: "string", default: "", required: true, placeholder: "crm.contact.*", description: "Dotted event type; * matches one word, a final # any number of words" },
      { displayName: "Filter (JSON)", name: "filter", type: "string", default: "", placeholder: '{"data.status": "paid"}', description: "Optional: dot paths of the event and the values they must have" },
    ],
  },
  async execute(ctx) {
    return [triggerItems(ctx)];
  },
});
