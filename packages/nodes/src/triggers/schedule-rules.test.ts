import { normaliseCron, scheduleSpecsOf, specOfCronTime, specOfScheduleRule } from "./schedule-rules";

describe("schedule rules", () => {
  it("turns Schedule Trigger rules into cron expressions or periods", () => {
    expect(specOfScheduleRule({ field: "seconds", secondsInterval: 10 })).toEqual({ kind: "period", ms: 10_000 });
    expect(specOfScheduleRule({ field: "minutes" })).toEqual({ kind: "cron", expression: "0 */5 * * * *" });
    expect(specOfScheduleRule({ field: "hours", hoursInterval: 1, triggerAtMinute: 5 })).toEqual({ kind: "cron", expression: "0 5 */1 * * *" });
    expect(specOfScheduleRule({ field: "days", daysInterval: 2, triggerAtHour: 9 })).toEqual({ kind: "cron", expression: "0 0 9 * * *", every: { unit: "days", count: 2 } });
    expect(specOfScheduleRule({ field: "weeks", triggerAtDay: [1, 5], triggerAtHour: 8, triggerAtMinute: 30 })).toEqual({ kind: "cron", expression: "0 30 8 * * 1,5" });
    expect(specOfScheduleRule({ field: "months", monthsInterval: 3, triggerAtDayOfMonth: 28, triggerAtHour: 9 })).toEqual({
      kind: "cron",
      expression: "0 0 9 28 * *",
      every: { unit: "months", count: 3 },
    });
    expect(specOfScheduleRule({ field: "cronExpression", expression: "0 9 * * 1-5" })).toEqual({ kind: "cron", expression: "0 0 9 * * 1-5" });
  });

  it("defaults an empty rule to every day at midnight", () => {
    expect(scheduleSpecsOf({ type: "n8n-nodes-base.scheduleTrigger", parameters: { rule: {} } })).toEqual([{ kind: "cron", expression: "0 0 0 * * *" }]);
    expect(scheduleSpecsOf({ type: "n8n-nodes-base.scheduleTrigger", parameters: {} })).toEqual([{ kind: "cron", expression: "0 0 0 * * *" }]);
  });

  it("reads legacy Cron and Interval nodes", () => {
    expect(specOfCronTime({})).toEqual({ kind: "cron", expression: "0 0 14 * * *" });
    expect(specOfCronTime({ mode: "everyWeek", weekday: "3", hour: 7, minute: 15 })).toEqual({ kind: "cron", expression: "0 15 7 * * 3" });
    expect(specOfCronTime({ mode: "everyX", value: 10, unit: "minutes" })).toEqual({ kind: "cron", expression: "0 */10 * * * *" });
    expect(scheduleSpecsOf({ type: "n8n-nodes-base.interval", parameters: { interval: 2, unit: "minutes" } })).toEqual([{ kind: "period", ms: 120_000 }]);
    expect(scheduleSpecsOf({ type: "n8n-nodes-base.noOp", parameters: {} })).toEqual([]);
  });

  it("refuses malformed cron expressions and unknown fields, naming them", () => {
    expect(() => normaliseCron("* *")).toThrow(/Invalid cron expression '\* \*'/);
    expect(() => specOfScheduleRule({ field: "fortnights" })).toThrow(/Unknown schedule interval 'fortnights'/);
  });
});
