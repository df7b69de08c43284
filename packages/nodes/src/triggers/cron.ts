import { defineNode } from "@bos/node-sdk";
import { emitEmptyItem, legacyScheduleTriggerTraits } from "./legacy-schedule-trigger";

const weekdayOptions = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"].map((name, day) => ({ name, value: String(day) }));

/**
 * Cron (`n8n-nodes-base.cron` v1, legacy, hidden): superseded by Schedule Trigger. Its
 * `triggerTimes.item[{mode, hour, minute, dayOfMonth, weekday, value, unit, cronExpression}]` shape
 * has no Schedule Trigger equivalent and it emits an empty item, so it keeps its own description.
 */
export const cronNode = defineNode({
  description: {
    type: "n8n-nodes-base.cron",
    versions: [1],
    displayName: "Cron",
    description: "Triggers the workflow at a specific time",
    defaults: { name: "Cron", color: "#29a568" },
    ...legacyScheduleTriggerTraits,
    parameters: [
      {
        displayName: "Trigger Times",
        name: "triggerTimes",
        type: "fixedCollection",
        typeOptions: { multipleValues: true },
        placeholder: "Add Time",
        default: {},
        description: "Triggers for the workflow",
        options: [
          {
            name: "item",
            displayName: "Item",
            values: [
              {
                displayName: "Mode",
                name: "mode",
                type: "options",
                default: "everyDay",
                options: [
                  { name: "Every Minute", value: "everyMinute" },
                  { name: "Every Hour", value: "everyHour" },
                  { name: "Every Day", value: "everyDay" },
                  { name: "Every Week", value: "everyWeek" },
                  { name: "Every Month", value: "everyMonth" },
                  { name: "Every X", value: "everyX" },
                  { name: "Custom", value: "custom" },
                ],
              },
              { displayName: "Hour", name: "hour", type: "number", typeOptions: { minValue: 0, maxValue: 23 }, default: 14, displayOptions: { hide: { mode: ["custom", "everyHour", "everyMinute", "everyX"] } } },
              { displayName: "Minute", name: "minute", type: "number", typeOptions: { minValue: 0, maxValue: 59 }, default: 0, displayOptions: { hide: { mode: ["custom", "everyMinute", "everyX"] } } },
              { displayName: "Day of Month", name: "dayOfMonth", type: "number", typeOptions: { minValue: 1, maxValue: 31 }, default: 1, displayOptions: { show: { mode: ["everyMonth"] } } },
              { displayName: "Weekday", name: "weekday", type: "options", default: "1", options: weekdayOptions, displayOptions: { show: { mode: ["everyWeek"] } } },
              { displayName: "Cron Expression", name: "cronExpression", type: "string", default: "* * * * * *", description: "Use custom cron expression. Values and ranges as follows: Seconds: 0-59, Minutes: 0 - 59, Hours: 0 - 23, Day of Month: 1 - 31, Months: 0 - 11 (Jan - Dec), Day of Week: 0 - 6 (Sun - Sat).", displayOptions: { show: { mode: ["custom"] } } },
              { displayName: "Value", name: "value", type: "number", typeOptions: { minValue: 0, maxValue: 1000 }, default: 2, displayOptions: { show: { mode: ["everyX"] } } },
              {
                displayName: "Unit",
                name: "unit",
                type: "options",
                default: "hours",
                options: [
                  { name: "Minutes", value: "minutes" },
                  { name: "Hours", value: "hours" },
                ],
                displayOptions: { show: { mode: ["everyX"] } },
              },
            ],
          },
        ],
      },
    ],
  },
  execute: emitEmptyItem,
});
