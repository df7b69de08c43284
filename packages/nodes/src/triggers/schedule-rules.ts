import type { WorkflowNode } from "@bos/workflow-schema";

/**
 * When a schedule-kind trigger fires, as data a scheduler can run: a 6-field cron expression
 * (`second minute hour day-of-month month day-of-week`, in the workflow's time zone), optionally
 * thinned to every n-th day / week / month (cron cannot say "every 2 weeks"; n8n filters the same
 * way), or a plain period for second intervals and the legacy Interval node.
 *
 * @example
 * scheduleSpecsOf({ type: "n8n-nodes-base.scheduleTrigger", parameters: { rule: { interval: [{ field: "hours", hoursInterval: 2, triggerAtMinute: 5 }] } } } as WorkflowNode);
 * // [{ kind: "cron", expression: "0 5 *\/2 * * *" }]
 */
export type ScheduleSpec =
  | { kind: "cron"; expression: string; every?: { unit: "days" | "weeks" | "months"; count: number } }
  | { kind: "period"; ms: number };

interface IntervalRule {
  field?: string;
  secondsInterval?: number;
  minutesInterval?: number;
  hoursInterval?: number;
  daysInterval?: number;
  weeksInterval?: number;
  monthsInterval?: number;
  triggerAtDay?: number[];
  triggerAtDayOfMonth?: number;
  triggerAtHour?: number;
  triggerAtMinute?: number;
  expression?: string;
}

function whole(value: unknown, fallback: number): number {
  const number = Number(value);
  return Number.isFinite(number) && number >= 0 ? Math.floor(number) : fallback;
}

/** A 5-field cron gets a leading `0` seconds field; 6 fields are kept. Anything else is refused. */
export function normaliseCron(expression: string): string {
  const fields = expression.trim().split(/\s+/);
  if (fields.length === 5) return `0 ${fields.join(" ")}`;
  if (fields.length === 6) return fields.join(" ");
  throw new Error(`Invalid cron expression '${expression}': use 5 fields (minute hour day month weekday) or 6 (with seconds first)`);
}

function thinned(expression: string, unit: "days" | "weeks" | "months", count: number): ScheduleSpec {
  return count > 1 ? { kind: "cron", expression, every: { unit, count } } : { kind: "cron", expression };
}

/** One Schedule Trigger rule (`rule.interval[i]`), with the description's defaults. */
export function specOfScheduleRule(rule: IntervalRule): ScheduleSpec {
  const minute = whole(rule.triggerAtMinute, 0);
  const hour = whole(rule.triggerAtHour, 0);
  switch (rule.field ?? "days") {
    case "seconds":
      return { kind: "period", ms: Math.max(1, whole(rule.secondsInterval, 30)) * 1000 };
    case "minutes":
      return { kind: "cron", expression: `0 */${Math.max(1, whole(rule.minutesInterval, 5))} * * * *` };
    case "hours":
      return { kind: "cron", expression: `0 ${minute} */${Math.max(1, whole(rule.hoursInterval, 1))} * * *` };
    case "days":
      return thinned(`0 ${minute} ${hour} * * *`, "days", whole(rule.daysInterval, 1));
    case "weeks": {
      const days = Array.isArray(rule.triggerAtDay) ? rule.triggerAtDay : [0];
      return thinned(`0 ${minute} ${hour} * * ${days.length === 0 ? "*" : days.join(",")}`, "weeks", whole(rule.weeksInterval, 1));
    }
    case "months":
      return thinned(`0 ${minute} ${hour} ${Math.max(1, whole(rule.triggerAtDayOfMonth, 1))} * *`, "months", whole(rule.monthsInterval, 1));
    case "cronExpression":
      return { kind: "cron", expression: normaliseCron(String(rule.expression ?? "")) };
    default:
      throw new Error(`Unknown schedule interval '${String(rule.field)}': use seconds, minutes, hours, days, weeks, months or cronExpression`);
  }
}

interface CronTriggerTime {
  mode?: string;
  hour?: number;
  minute?: number;
  dayOfMonth?: number;
  weekday?: string | number;
  value?: number;
  unit?: string;
  cronExpression?: string;
}

/** One legacy Cron `triggerTimes.item[i]`, with that node's defaults (every day at 14:00). */
export function specOfCronTime(time: CronTriggerTime): ScheduleSpec {
  const minute = whole(time.minute, 0);
  const hour = whole(time.hour, 14);
  switch (time.mode ?? "everyDay") {
    case "everyMinute":
      return { kind: "cron", expression: "0 * * * * *" };
    case "everyHour":
      return { kind: "cron", expression: `0 ${minute} * * * *` };
    case "everyDay":
      return { kind: "cron", expression: `0 ${minute} ${hour} * * *` };
    case "everyWeek":
      return { kind: "cron", expression: `0 ${minute} ${hour} * * ${whole(time.weekday, 1)}` };
    case "everyMonth":
      return { kind: "cron", expression: `0 ${minute} ${hour} ${Math.max(1, whole(time.dayOfMonth, 1))} * *` };
    case "everyX": {
      const value = Math.max(1, whole(time.value, 2));
      return { kind: "cron", expression: time.unit === "minutes" ? `0 */${value} * * * *` : `0 0 */${value} * * *` };
    }
    case "custom":
      return { kind: "cron", expression: normaliseCron(String(time.cronExpression ?? "* * * * * *")) };
    default:
      throw new Error(`Unknown Cron mode '${String(time.mode)}'`);
  }
}

const UNIT_MS: Readonly<Record<string, number>> = { seconds: 1000, minutes: 60_000, hours: 3_600_000 };

/**
 * Every firing rule of a Schedule Trigger, legacy Cron or legacy Interval node (raw parameters,
 * description defaults applied); `[]` for other node types. Throws on a rule it cannot understand,
 * naming it, so activation can report it.
 */
export function scheduleSpecsOf(node: Pick<WorkflowNode, "type" | "parameters">): ScheduleSpec[] {
  const parameters = (node.parameters ?? {}) as Record<string, unknown>;
  switch (node.type) {
    case "n8n-nodes-base.scheduleTrigger": {
      const interval = (parameters.rule as { interval?: unknown } | undefined)?.interval;
      const rules = Array.isArray(interval) && interval.length > 0 ? (interval as IntervalRule[]) : [{ field: "days" }];
      return rules.map(specOfScheduleRule);
    }
    case "n8n-nodes-base.cron": {
      const times = (parameters.triggerTimes as { item?: unknown } | undefined)?.item;
      return Array.isArray(times) ? (times as CronTriggerTime[]).map(specOfCronTime) : [];
    }
    case "n8n-nodes-base.interval":
      return [{ kind: "period", ms: Math.max(1, whole(parameters.interval, 1)) * (UNIT_MS[String(parameters.unit ?? "seconds")] ?? 1000) }];
    default:
      return [];
  }
}
