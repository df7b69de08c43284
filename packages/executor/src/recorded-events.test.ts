import type { TaskData } from "@bos/engine";
import { countRecordedEvents } from "./recorded-events";

const base: TaskData = { startTime: 0, executionTime: 0, executionIndex: 0, executionStatus: "success", source: [] };
const event = (id: string) => ({ type: "order.placed", id, data: {}, occurredAt: "2026-01-01T00:00:00.000Z" });

describe("countRecordedEvents", () => {
  it("counts the events every node run recorded, over all runs of all nodes", () => {
    expect(countRecordedEvents({ Publish: [{ ...base, metadata: { events: [event("a"), event("b")] } }, { ...base, executionIndex: 2, metadata: { events: [event("c")] } }], Set: [{ ...base, executionIndex: 1 }] })).toBe(3);
  });

  it("is 0 for a run without Publish Event nodes", () => {
    expect(countRecordedEvents({ Webhook: [base], Respond: [{ ...base, executionIndex: 1, metadata: { webhookResponse: { statusCode: 200, headers: {}, body: { kind: "empty" } } } }] })).toBe(0);
  });
});
