import { jsonOf, runNodeForTest } from "../testing/test-context";
import { fireTimeOf, scheduleItemJson } from "./schedule-item";
import { scheduleTriggerNode } from "./schedule-trigger";

describe("Schedule Trigger", () => {
  it("formats the fire time with n8n's fields in the workflow's zone", () => {
    expect(scheduleItemJson(new Date("2024-01-15T08:05:09.000Z"), "Europe/Berlin")).toEqual({
      timestamp: "2024-01-15T09:05:09.000+01:00",
      "Readable date": "January 15th 2024, 9:05:09 am",
      "Readable time": "9:05:09 am",
      "Day of week": "Monday",
      Year: "2024",
      Month: "January",
      "Day of month": "15",
      Hour: "09",
      Minute: "05",
      Second: "09",
      Timezone: "Europe/Berlin (UTC+01:00)",
    });
  });

  it("writes ordinals and afternoon hours as moment did", () => {
    expect(scheduleItemJson(new Date("2024-03-02T13:00:00Z"), "UTC")["Readable date"]).toBe("March 2nd 2024, 1:00:00 pm");
    expect(scheduleItemJson(new Date("2024-03-11T00:30:00Z"), "UTC")["Readable date"]).toBe("March 11th 2024, 12:30:00 am");
    expect(scheduleItemJson(new Date("2024-03-23T12:00:00Z"), "UTC")).toMatchObject({ "Readable time": "12:00:00 pm", timestamp: "2024-03-23T12:00:00.000+00:00", Timezone: "UTC (UTC+00:00)" });
  });

  it("uses the fire time the scheduler passed as trigger input", async () => {
    const out = await runNodeForTest(scheduleTriggerNode, { timezone: "America/New_York", items: [{ json: { timestamp: "2024-07-04T16:00:00Z" } }] });
    expect(jsonOf(out)[0]?.[0]).toMatchObject({ timestamp: "2024-07-04T12:00:00.000-04:00", "Day of week": "Thursday", Hour: "12" });
    expect(fireTimeOf({ timestamp: 0 })?.toISOString()).toBe("1970-01-01T00:00:00.000Z");
    expect(fireTimeOf({})).toBeUndefined();
  });

  it("uses now when run by hand", async () => {
    const before = Date.now();
    const out = await runNodeForTest(scheduleTriggerNode, { timezone: "UTC" });
    const stamp = Date.parse(String(jsonOf(out)[0]?.[0]?.timestamp));
    expect(stamp).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 1000);
  });

  it("refuses an unknown time zone with a clear error", async () => {
    await expect(runNodeForTest(scheduleTriggerNode, { timezone: "Mars/Olympus" })).rejects.toThrow(/not a known IANA zone/);
  });
});
