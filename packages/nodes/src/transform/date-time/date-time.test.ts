import { jsonOf, runNodeForTest } from "../../testing/test-context";
import { dateTimeNode } from "./date-time";
import { parseDate } from "./parse-date";

const seed = [
  { json: { when: "2024-03-01T10:30:00Z", word: "hello" } },
  { json: { when: "2023-12-31T23:59:59Z", word: "n8n" } },
];

describe("Date & Time 2 (datetime-crypto-noop)", () => {
  it("formats with a custom Luxon format and keeps the input fields", async () => {
    const out = await runNodeForTest(dateTimeNode, {
      items: seed,
      perItemParameters: seed.map((item) => ({ date: item.json.when })),
      parameters: { operation: "formatDate", format: "custom", customFormat: "yyyy-MM-dd HH:mm", outputFieldName: "formatted", options: { includeInputFields: true } },
    });
    expect(jsonOf(out)).toEqual([
      [
        { when: "2024-03-01T10:30:00Z", word: "hello", formatted: "2024-03-01 10:30" },
        { when: "2023-12-31T23:59:59Z", word: "n8n", formatted: "2023-12-31 23:59" },
      ],
    ]);
  });

  it("adds days (the default unit) and outputs ISO text in the workflow timezone", async () => {
    const out = await runNodeForTest(dateTimeNode, {
      items: seed,
      perItemParameters: seed.map((item) => ({ magnitude: item.json.when })),
      parameters: { operation: "addToDate", duration: 3, outputFieldName: "later", options: {} },
    });
    expect(jsonOf(out)).toEqual([[{ later: "2024-03-04T10:30:00.000Z" }, { later: "2024-01-03T23:59:59.000Z" }]]);
    const berlin = await runNodeForTest(dateTimeNode, {
      timezone: "Europe/Berlin",
      parameters: { operation: "subtractFromDate", magnitude: "2024-03-01T10:30:00Z", timeUnit: "hours", duration: 1 },
    });
    expect(jsonOf(berlin)).toEqual([[{ newDate: "2024-03-01T10:30:00.000+01:00" }]]);
  });

  it("formats preset formats and Unix timestamps, optionally in the workflow timezone", async () => {
    const run = (format: string, options: Record<string, unknown> = {}) =>
      runNodeForTest(dateTimeNode, { timezone: "America/New_York", parameters: { operation: "formatDate", date: "2024-03-01T02:30:00Z", format, options } });
    expect(jsonOf(await run("MM/dd/yyyy"))).toEqual([[{ formattedDate: "03/01/2024" }]]);
    expect(jsonOf(await run("MM/dd/yyyy", { timezone: true }))).toEqual([[{ formattedDate: "02/29/2024" }]]);
    expect(jsonOf(await run("X"))).toEqual([[{ formattedDate: "1709260200" }]]);
  });

  it("reads Unix seconds, milliseconds and a given input format", async () => {
    expect(parseDate(1709260200).toISO()).toBe("2024-03-01T02:30:00.000Z");
    expect(parseDate("1709260200000").toISO()).toBe("2024-03-01T02:30:00.000Z");
    expect(parseDate("20240301", { fromFormat: "yyyyMMdd" }).toISODate()).toBe("2024-03-01");
    expect(parseDate("Fri, 01 Mar 2024 02:30:00 GMT").toISO()).toBe("2024-03-01T02:30:00.000Z");
  });

  it("rounds down and up", async () => {
    const down = await runNodeForTest(dateTimeNode, { parameters: { operation: "roundDate", date: "2024-03-14T10:30:00Z", toNearest: "day" } });
    expect(jsonOf(down)).toEqual([[{ roundedDate: "2024-03-14T00:00:00.000Z" }]]);
    const up = await runNodeForTest(dateTimeNode, { parameters: { operation: "roundDate", date: "2024-03-14T10:30:00Z", mode: "roundUp", to: "month" } });
    expect(jsonOf(up)).toEqual([[{ roundedDate: "2024-04-01T00:00:00.000Z" }]]);
  });

  it("measures time between dates as units or ISO duration", async () => {
    const parameters = { operation: "getTimeBetweenDates", startDate: "2024-01-01T00:00:00Z", endDate: "2024-03-02T12:00:00Z", units: ["month", "day", "hour"] };
    expect(jsonOf(await runNodeForTest(dateTimeNode, { parameters }))).toEqual([[{ timeDifference: { months: 2, days: 1, hours: 12 } }]]);
    expect(jsonOf(await runNodeForTest(dateTimeNode, { parameters: { ...parameters, options: { isoString: true } } }))).toEqual([[{ timeDifference: "P2M1DT12H" }]]);
  });

  it("extracts a part of a date", async () => {
    const run = (part: string) => runNodeForTest(dateTimeNode, { parameters: { operation: "extractDate", date: "2024-03-14T10:30:00Z", part } });
    expect(jsonOf(await run("month"))).toEqual([[{ datePart: 3 }]]);
    expect(jsonOf(await run("week"))).toEqual([[{ datePart: 11 }]]);
    expect(jsonOf(await run("hour"))).toEqual([[{ datePart: 10 }]]);
  });

  it("gives the current date in the requested zone, at midnight without time", async () => {
    const out = await runNodeForTest(dateTimeNode, { parameters: { operation: "getCurrentDate", includeTime: false, options: { timezone: "Asia/Tokyo" } } });
    expect(String(out[0]?.[0]?.json.currentDate)).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00\.000\+09:00$/);
    await expect(runNodeForTest(dateTimeNode, { parameters: { operation: "getCurrentDate", options: { timezone: "Mars/Olympus" } } })).rejects.toThrow(
      "The timezone Mars/Olympus is not valid. Please check the timezone.",
    );
  });

  it("fails on an unreadable date, or emits {error} when continuing on fail", async () => {
    const parameters = { operation: "formatDate", date: "not a date" };
    await expect(runNodeForTest(dateTimeNode, { parameters })).rejects.toThrow("Invalid date format");
    expect(jsonOf(await runNodeForTest(dateTimeNode, { parameters, onError: "continueRegularOutput" }))).toEqual([[{ error: "Invalid date format" }]]);
  });
});
