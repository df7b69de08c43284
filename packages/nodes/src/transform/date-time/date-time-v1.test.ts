import { jsonOf, runNodeForTest } from "../../testing/test-context";
import { dateTimeV1Node, formatWithMoment } from "./date-time-v1";
import { momentToLuxon } from "./moment-format";
import { DateTime } from "luxon";

describe("moment formats in Luxon", () => {
  it("translates tokens, literals and ordinals", () => {
    expect(momentToLuxon("YYYY-MM-DD HH:mm:ss")).toBe("yyyy-MM-dd HH:mm:ss");
    const date = DateTime.fromISO("2024-03-01T14:05:09Z", { zone: "UTC" });
    expect(formatWithMoment(date, "dddd, MMMM D [at] h A")).toBe("Friday, March 1 at 2 PM");
    expect(formatWithMoment(date, "Do MMMM YYYY, h:mm A")).toBe("1st March 2024, 2:05 PM");
    expect(formatWithMoment(date, "[Week] W, Q[Q]")).toBe("Week 9, 1Q");
  });
});

describe("Date & Time 1 (legacy)", () => {
  it("formats a date with a preset moment format into the property", async () => {
    const out = await runNodeForTest(dateTimeV1Node, { items: [{ json: { a: 1 } }], parameters: { value: "2024-03-01T10:30:00Z", dataPropertyName: "formatted" } });
    expect(jsonOf(out)).toEqual([[{ a: 1, formatted: "03/01/2024" }]]);
  });

  it("formats with a custom format, from one timezone to another", async () => {
    const out = await runNodeForTest(dateTimeV1Node, {
      parameters: { value: "2024-03-01 10:30", custom: true, toFormat: "YYYY-MM-DD HH:mm Z", options: { fromFormat: "YYYY-MM-DD HH:mm", fromTimezone: "Europe/Berlin", toTimezone: "America/New_York" } },
    });
    expect(jsonOf(out)).toEqual([[{ data: "2024-03-01 04:30 -05:00" }]]);
  });

  it("reads Unix timestamps in seconds and milliseconds", async () => {
    const seconds = await runNodeForTest(dateTimeV1Node, { parameters: { value: 1709260200, toFormat: "x" } });
    expect(jsonOf(seconds)).toEqual([[{ data: "1709260200000" }]]);
  });

  it("adds and subtracts durations, giving an ISO date in UTC", async () => {
    const add = await runNodeForTest(dateTimeV1Node, { timezone: "Europe/Berlin", parameters: { action: "calculate", value: "2024-03-01T10:30:00+01:00", duration: 2, timeUnit: "weeks" } });
    expect(jsonOf(add)).toEqual([[{ data: "2024-03-15T09:30:00.000Z" }]]);
    const subtract = await runNodeForTest(dateTimeV1Node, {
      parameters: { action: "calculate", operation: "subtract", value: "01.03.2024", duration: 1, timeUnit: "months", options: { fromFormat: "DD.MM.YYYY" }, dataPropertyName: "out.when" },
    });
    expect(jsonOf(subtract)).toEqual([[{ out: { when: "2024-02-01T00:00:00.000Z" } }]]);
  });

  it("asks for a From Format when the date cannot be read", async () => {
    await expect(runNodeForTest(dateTimeV1Node, { parameters: { value: "31/12/2024" } })).rejects.toThrow(
      'The date input format could not be recognized. Please set the "From Format" field',
    );
  });
});
