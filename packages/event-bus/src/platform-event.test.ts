import { assertValidEvent, eventPassesFilter, eventTypeMatches, isValidEventPattern } from "./platform-event";

const event = { type: "crm.contact.created", tenant: "t", id: "1", data: { status: "paid", tags: ["a"] }, occurredAt: "2026-11-25T10:00:00.000Z" };

describe("event types, patterns and filters", () => {
  it("matches * as exactly one word and a final # as any number of words", () => {
    expect(eventTypeMatches("crm.contact.*", "crm.contact.created")).toBe(true);
    expect(eventTypeMatches("crm.contact.*", "crm.contact")).toBe(false);
    expect(eventTypeMatches("crm.contact.*", "crm.contact.note.added")).toBe(false);
    expect(eventTypeMatches("crm.#", "crm.contact.note.added")).toBe(true);
    expect(eventTypeMatches("crm.contact.created", "crm.contact.created")).toBe(true);
    expect(eventTypeMatches("crm.deal.*", "crm.contact.created")).toBe(false);
  });

  it("validates patterns", () => {
    expect(isValidEventPattern("crm.contact.*")).toBe(true);
    expect(isValidEventPattern("crm.#")).toBe(true);
    expect(isValidEventPattern("crm..x")).toBe(false);
    expect(isValidEventPattern("")).toBe(false);
  });

  it("passes a filter of dot paths to expected values (arrays mean any of them)", () => {
    expect(eventPassesFilter(null, event)).toBe(true);
    expect(eventPassesFilter({ "data.status": "paid" }, event)).toBe(true);
    expect(eventPassesFilter({ "data.status": ["open", "paid"] }, event)).toBe(true);
    expect(eventPassesFilter({ "data.status": "open" }, event)).toBe(false);
    expect(eventPassesFilter({ "data.missing": "x" }, event)).toBe(false);
    expect(eventPassesFilter({ "data.__proto__": "x" }, event)).toBe(false);
  });

  it("refuses a malformed event listing every problem", () => {
    expect(() => assertValidEvent({ type: "bad type", tenant: "", id: "", data: null, occurredAt: "never" })).toThrow(/type "bad type".*tenant.*id.*occurredAt/);
  });
});
