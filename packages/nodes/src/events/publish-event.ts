import { defineNode, NodeOperationError } from "@bos/node-sdk";

const TYPE = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/i;

/**
 * Publish Event (`bos.publishEvent` v1): puts one platform event per input item on the event bus, of type
 * `eventType`, with the item's JSON (or the `data` parameter, usually an expression) as its data. The events
 * are recorded with the node's step and published by the trigger gateway when the execution finishes
 * (an outbox: a run that crashes and resumes publishes each event once, under the same id
 * `executionId:node:runIndex:itemIndex`). Passes its input through.
 */
export const publishEventNode = defineNode({
  description: {
    type: "bos.publishEvent",
    versions: [1],
    displayName: "Publish Event",
    group: ["output"],
    description: "Publishes the items as BusinessOS events",
    defaults: { name: "Publish Event", color: "#4a7bd0" },
    inputs: 1,
    outputs: 1,
    sideEffects: "none",
    parameters: [
      { displayName: "Event Type", name: "eventType", type: "string", default: "", required: true, placeholder: "sales.order.approved", description: "Dotted event type" },
      { displayName: "Data", name: "data", type: "json", default: "", description: "The event data; empty: the item's JSON" },
    ],
  },
  async execute(ctx) {
    const items = ctx.getInputItems();
    const events = items.map((item, itemIndex) => {
      const type = String(ctx.getNodeParameter("eventType", itemIndex) ?? "").trim();
      if (!TYPE.test(type)) {
        throw new NodeOperationError(`Event type '${type}' is not dotted words such as sales.order.approved`, { itemIndex });
      }
      const raw = ctx.getNodeParameter("data", itemIndex, "") as unknown;
      let data: unknown = item.json;
      if (raw !== "" && raw !== undefined && raw !== null) {
        try {
          data = typeof raw === "string" ? JSON.parse(raw) : raw;
        } catch (cause) {
          throw new NodeOperationError("'Data' is not valid JSON", { itemIndex, cause, description: "Write JSON, or an expression that returns an object." });
        }
      }
      return { type, id: `${ctx.execution.id}:${ctx.node.name}:${ctx.runIndex}:${itemIndex}`, data, occurredAt: new Date().toISOString() };
    });
    return { kind: "outputs", outputs: [items.map((item, itemIndex) => ({ ...item, pairedItem: { item: itemIndex } }))], metadata: { events } };
  },
});
