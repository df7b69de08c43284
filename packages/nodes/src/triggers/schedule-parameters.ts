import type { ParameterDescription } from "@bos/workflow-schema";

const onField = (fields: readonly string[]) => ({ show: { field: fields } }) as const;

const hourOptions = Array.from({ length: 24 }, (_, hour) => ({
  name: hour === 0 ? "Midnight" : hour === 12 ? "Noon" : hour < 12 ? `${hour}am` : `${hour - 12}pm`,
  value: hour,
}));

/** `rule.interval[]`: n8n's Schedule Trigger rules. */
export const scheduleRuleParameter = {
  displayName: "Trigger Rules",
  name: "rule",
  placeholder: "Add Rule",
  type: "fixedCollection",
  typeOptions: { multipleValues: true },
  default: { interval: [{ field: "days" }] },
  options: [
    {
      name: "interval",
      displayName: "Trigger Interval",
      values: [
        {
          displayName: "Trigger Interval",
          name: "field",
          type: "options",
          default: "days",
          options: [
            { name: "Seconds", value: "seconds" },
            { name: "Minutes", value: "minutes" },
            { name: "Hours", value: "hours" },
            { name: "Days", value: "days" },
            { name: "Weeks", value: "weeks" },
            { name: "Months", value: "months" },
            { name: "Custom (Cron)", value: "cronExpression" },
          ],
        },
        { displayName: "Seconds Between Triggers", name: "secondsInterval", type: "number", default: 30, description: "Number of seconds between each workflow trigger", displayOptions: onField(["seconds"]) },
        { displayName: "Minutes Between Triggers", name: "minutesInterval", type: "number", default: 5, description: "Number of minutes between each workflow trigger", displayOptions: onField(["minutes"]) },
        { displayName: "Hours Between Triggers", name: "hoursInterval", type: "number", default: 1, description: "Number of hours between each workflow trigger", displayOptions: onField(["hours"]) },
        { displayName: "Days Between Triggers", name: "daysInterval", type: "number", default: 1, description: "Number of days between each workflow trigger", displayOptions: onField(["days"]) },
        { displayName: "Weeks Between Triggers", name: "weeksInterval", type: "number", default: 1, description: "Would run every week unless specified otherwise", displayOptions: onField(["weeks"]) },
        { displayName: "Months Between Triggers", name: "monthsInterval", type: "number", default: 1, description: "Would run every month unless specified otherwise", displayOptions: onField(["months"]) },
        {
          displayName: "Trigger at Day of Month",
          name: "triggerAtDayOfMonth",
          type: "number",
          typeOptions: { minValue: 1, maxValue: 31 },
          default: 1,
          description: "The day of the month to trigger (1-31)",
          displayOptions: onField(["months"]),
        },
        {
          displayName: "Trigger on Weekdays",
          name: "triggerAtDay",
          type: "multiOptions",
          typeOptions: { maxValue: 7 },
          default: [0],
          options: [
            { name: "Monday", value: 1 },
            { name: "Tuesday", value: 2 },
            { name: "Wednesday", value: 3 },
            { name: "Thursday", value: 4 },
            { name: "Friday", value: 5 },
            { name: "Saturday", value: 6 },
            { name: "Sunday", value: 0 },
          ],
          displayOptions: onField(["weeks"]),
        },
        { displayName: "Trigger at Hour", name: "triggerAtHour", type: "options", default: 0, options: hourOptions, description: "The hour of the day to trigger", displayOptions: onField(["days", "weeks", "months"]) },
        {
          displayName: "Trigger at Minute",
          name: "triggerAtMinute",
          type: "number",
          typeOptions: { minValue: 0, maxValue: 59 },
          default: 0,
          description: "The minute past the hour to trigger (0-59)",
          displayOptions: onField(["hours", "days", "weeks", "months"]),
        },
        {
          displayName: "Expression",
          name: "expression",
          type: "string",
          default: "",
          placeholder: "eg. 0 15 * 1 sun",
          description: "Format: [Second] [Minute] [Hour] [Day of Month] [Month] [Day of Week]; the seconds field is optional",
          displayOptions: onField(["cronExpression"]),
        },
      ],
    },
  ],
} as const satisfies ParameterDescription;
