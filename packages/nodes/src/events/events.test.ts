import { createTestContext, jsonOf, runNodeForTest } from "@bos/nodes/testing";
import { createBuiltinRegistry } from "../builtin-registry";
import { eventTriggerNode } from "./event-trigger";
import { publishEventNode } from "./publish-event";

describe("event bus nodes", () => {
  it("are registered as bos.eventTrigger (an event trigger) and bos.publishEvent", () => {
    const registry = createBuiltinRegistry();
    expect(registry.get("bos.eventTrigger", 1)?.trigger).toBe("event");
    expect(registry.get("bos.publishEvent", 1)?.type).toBe("bos.publishEvent");
  });

  it("Event Trigger emits the event the gateway started the run with", async () => {
    const event = { type: "crm.contact.created", tenant: "t", id: "e1", data: { id: 1 }, occurredAt: "2026-11-25T10:00:00.000Z" };
    expect(jsonOf(await runNodeForTest(eventTriggerNode, { parameters: { eventType: "crm.contact.*" }, items: [{ json: event }] }))).toEqual([[event]]);
  });

  it("Publish Event passes items through and records one event per item with a run-derived id", async () => {
    const ctx = createTestContext(publishEventNode, { parameters: { eventType: "sales.order.approved", data: "" }, items: [{ json: { order: 1 } }, { json: { order: 2 } }] });
    const result = await publishEventNode.execute(ctx as Parameters<typeof publishEventNode.execute>[0]);
    if (Array.isArray(result) || result.kind !== "outputs") throw new Error("expected outputs with metadata");
    expect(jsonOf(result.outputs)).toEqual([[{ order: 1 }, { order: 2 }]]);
    const events = result.metadata?.events ?? [];
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ["sales.order.approved", { order: 1 }],
      ["sales.order.approved", { order: 2 }],
    ]);
    expect(events[1]?.id).toBe(`${ctx.execution.id}:${ctx.node.name}:${ctx.runIndex}:1`);
  });

  it("Publish Event refuses an event type that is not dotted words", async () => {
    await expect(runNodeForTest(publishEventNode, { parameters: { eventType: "not valid!" } })).rejects.toThrow(/dotted words/);
  });
});
