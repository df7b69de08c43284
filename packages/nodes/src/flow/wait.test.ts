import type { AnyNodeType, NodeResult } from "@bos/node-sdk";
import { createTestContext, jsonOf } from "../testing/test-context";
import { durationMs, parseWaitDate, waitNode, waitV1Node } from "./wait";

async function execute(parameters: Record<string, unknown>, typeVersion = 1.1): Promise<NodeResult> {
  const node: AnyNodeType = typeVersion === 1 ? waitV1Node : waitNode;
  return node.execute(createTestContext(node, { parameters, typeVersion, items: [{ json: { a: 1 } }, { json: { a: 2 } }], timezone: "Europe/Berlin" }));
}

describe("Wait", () => {
  it("suspends until now + amount x unit and emits its input on resume", async () => {
    const before = Date.now();
    const result = await execute({ resume: "timeInterval", amount: 2, unit: "minutes" });
    if (Array.isArray(result) || result.kind !== "wait" || result.wait.kind !== "until") throw new Error("expected an until wait");
    expect(result.wait.until.getTime()).toBeGreaterThanOrEqual(before + 120_000);
    expect(result.wait.until.getTime()).toBeLessThanOrEqual(Date.now() + 120_000);
    expect(jsonOf(result.outputs)).toEqual([[{ a: 1 }, { a: 2 }]]);
  });

  it("uses v1's defaults (1 hour) and v1.1's (5 seconds) when amount and unit are absent", async () => {
    const v1 = await execute({ resume: "timeInterval" }, 1);
    const v11 = await execute({ resume: "timeInterval" }, 1.1);
    if (Array.isArray(v1) || v1.kind !== "wait" || v1.wait.kind !== "until") throw new Error("expected a wait");
    if (Array.isArray(v11) || v11.kind !== "wait" || v11.wait.kind !== "until") throw new Error("expected a wait");
    expect(v1.wait.until.getTime() - Date.now()).toBeGreaterThan(3_500_000);
    expect(v11.wait.until.getTime() - Date.now()).toBeLessThanOrEqual(5_000);
  });

  it("waits until a specific time read in the workflow's time zone", async () => {
    const result = await execute({ resume: "specificTime", dateTime: "2999-01-01T10:00:00" });
    if (Array.isArray(result) || result.kind !== "wait" || result.wait.kind !== "until") throw new Error("expected an until wait");
    expect(result.wait.until.toISOString()).toBe("2999-01-01T09:00:00.000Z");
  });

  it("continues at once when the specific time has passed", async () => {
    const result = await execute({ resume: "specificTime", dateTime: "2001-01-01T00:00:00Z" });
    expect(Array.isArray(result) && jsonOf(result)).toEqual([[{ a: 1 }, { a: 2 }]]);
  });

  it("refuses a date that does not parse", async () => {
    await expect(execute({ resume: "specificTime", dateTime: "soon" })).rejects.toThrow(/not a valid date/);
  });

  it("waits for a webhook, indefinitely or until the limit", async () => {
    const open = await execute({ resume: "webhook" });
    expect(!Array.isArray(open) && open.kind === "wait" && open.wait).toEqual({ kind: "webhook" });
    const limited = await execute({ resume: "webhook", limitWaitTime: true, limitType: "atSpecifiedTime", maxDateAndTime: "2999-05-01T00:00:00Z" });
    expect(!Array.isArray(limited) && limited.kind === "wait" && limited.wait).toEqual({ kind: "webhook", until: new Date("2999-05-01T00:00:00Z") });
    const form = await execute({ resume: "form", limitWaitTime: true, resumeAmount: 1, resumeUnit: "days" });
    if (Array.isArray(form) || form.kind !== "wait" || form.wait.kind !== "event") throw new Error("expected a form wait");
    expect(form.wait.eventType).toBe("form");
    expect(form.wait.until!.getTime() - Date.now()).toBeGreaterThan(86_000_000);
  });

  it("converts units and rejects bad amounts", () => {
    expect(durationMs(1.5, "hours", "amount")).toBe(5_400_000);
    expect(() => durationMs(-1, "seconds", "amount")).toThrow(/non-negative/);
    expect(() => durationMs(1, "weeks", "amount")).toThrow(/non-negative/);
    expect(parseWaitDate(0, "UTC")?.toISOString()).toBe("1970-01-01T00:00:00.000Z");
    expect(parseWaitDate("", "UTC")).toBeUndefined();
  });
});
