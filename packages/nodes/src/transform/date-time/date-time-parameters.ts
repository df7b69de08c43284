import type { ParameterDescription } from "@bos/workflow-schema";

const show = (operation: string) => ({ show: { operation: [operation] } });

const includeInputFields = {
  displayName: "Include Input Fields",
  name: "includeInputFields",
  type: "boolean",
  default: false,
  description: "Whether to include all fields of the input item in the output item",
} as const satisfies ParameterDescription;

const outputFieldName = (operation: string, fallback: string) =>
  ({
    displayName: "Output Field Name",
    name: "outputFieldName",
    type: "string",
    default: fallback,
    description: "Name of the field to put the output in",
    displayOptions: show(operation),
  }) as const satisfies ParameterDescription;

const optionsWith = <T extends readonly ParameterDescription[]>(operation: string, extra: T) =>
  ({
    displayName: "Options",
    name: "options",
    type: "collection",
    placeholder: "Add option",
    default: {},
    displayOptions: show(operation),
    options: [includeInputFields, ...extra],
  }) as const;

const TIME_UNITS = [
  { name: "Quarters", value: "quarters" },
  { name: "Years", value: "years" },
  { name: "Months", value: "months" },
  { name: "Weeks", value: "weeks" },
  { name: "Days", value: "days" },
  { name: "Hours", value: "hours" },
  { name: "Minutes", value: "minutes" },
  { name: "Seconds", value: "seconds" },
  { name: "Milliseconds", value: "milliseconds" },
] as const;

const DATE_PARTS = [
  { name: "Year", value: "year" },
  { name: "Month", value: "month" },
  { name: "Week", value: "week" },
  { name: "Day", value: "day" },
  { name: "Hour", value: "hour" },
  { name: "Minute", value: "minute" },
  { name: "Second", value: "second" },
] as const;

const addOrSubtract = (operation: "addToDate" | "subtractFromDate", label: string) =>
  [
    { displayName: label, name: "magnitude", type: "string", default: "", required: true, description: "The date that you want to change", displayOptions: show(operation) },
    { displayName: "Time Unit to Add", name: "timeUnit", type: "options", options: TIME_UNITS, default: "days", required: true, description: "Time unit for Duration parameter below", displayOptions: show(operation) },
    { displayName: "Duration", name: "duration", type: "number", default: 0, required: true, description: "The number of time units to add to the date", displayOptions: show(operation) },
  ] as const;

/** Date & Time 2 parameters: n8n's names and defaults per operation. */
export const dateTimeV2Parameters = [
  {
    displayName: "Operation",
    name: "operation",
    type: "options",
    noDataExpression: true,
    options: [
      { name: "Add to a Date", value: "addToDate" },
      { name: "Extract Part of a Date", value: "extractDate" },
      { name: "Format a Date", value: "formatDate" },
      { name: "Get Current Date", value: "getCurrentDate" },
      { name: "Get Time Between Dates", value: "getTimeBetweenDates" },
      { name: "Round a Date", value: "roundDate" },
      { name: "Subtract From a Date", value: "subtractFromDate" },
    ],
    default: "getCurrentDate",
  },
  { displayName: "Include Current Time", name: "includeTime", type: "boolean", default: true, description: "Whether deactivated, the time will be set to midnight", displayOptions: show("getCurrentDate") },
  outputFieldName("getCurrentDate", "currentDate"),
  optionsWith("getCurrentDate", [
    { displayName: "Timezone", name: "timezone", type: "string", placeholder: "America/New_York", default: "", description: "The timezone to use. If not set, the timezone of the workflow will be used. Use 'GMT' for +00:00 timezone." },
  ] as const),
  ...addOrSubtract("addToDate", "Date to Add To"),
  outputFieldName("addToDate", "newDate"),
  optionsWith("addToDate", [] as const),
  ...addOrSubtract("subtractFromDate", "Date to Subtract From"),
  outputFieldName("subtractFromDate", "newDate"),
  optionsWith("subtractFromDate", [] as const),
  { displayName: "Date", name: "date", type: "string", default: "", description: "The date that you want to format", displayOptions: { show: { operation: ["formatDate", "roundDate", "extractDate"] } } },
  {
    displayName: "Format",
    name: "format",
    type: "options",
    displayOptions: show("formatDate"),
    options: [
      { name: "Custom Format", value: "custom" },
      { name: "MM/DD/YYYY", value: "MM/dd/yyyy", description: "Example: 09/04/1986" },
      { name: "YYYY/MM/DD", value: "yyyy/MM/dd", description: "Example: 1986/04/09" },
      { name: "MMMM DD YYYY", value: "MMMM dd yyyy", description: "Example: April 09 1986" },
      { name: "MM-DD-YYYY", value: "MM-dd-yyyy", description: "Example: 09-04-1986" },
      { name: "YYYY-MM-DD", value: "yyyy-MM-dd", description: "Example: 1986-04-09" },
      { name: "Unix Timestamp", value: "X", description: "Example: 1672531200" },
      { name: "Unix Ms Timestamp", value: "x", description: "Example: 1674691200000" },
    ],
    default: "MM/dd/yyyy",
    description: "The format to convert the date to",
  },
  { displayName: "Custom Format", name: "customFormat", type: "string", default: "", placeholder: "yyyy-MM-dd", description: "Luxon format tokens", displayOptions: { show: { format: ["custom"], operation: ["formatDate"] } } },
  outputFieldName("formatDate", "formattedDate"),
  optionsWith("formatDate", [
    { displayName: "From Date Format", name: "fromFormat", type: "string", default: "e.g yyyyMMdd", description: "Format in which the input 'Date' is, it's helpful when the format is not recognized automatically" },
    { displayName: "Use Workflow Timezone", name: "timezone", type: "boolean", default: false, description: "Whether to use the timezone of the input or the workflow's timezone" },
  ] as const),
  {
    displayName: "Mode",
    name: "mode",
    type: "options",
    options: [
      { name: "Round Down", value: "roundDown" },
      { name: "Round Up", value: "roundUp" },
    ],
    default: "roundDown",
    displayOptions: show("roundDate"),
  },
  { displayName: "To Nearest", name: "toNearest", type: "options", options: DATE_PARTS, default: "month", displayOptions: { show: { operation: ["roundDate"], mode: ["roundDown"] } } },
  { displayName: "To", name: "to", type: "options", options: [{ name: "End of Month", value: "month" }], default: "month", displayOptions: { show: { operation: ["roundDate"], mode: ["roundUp"] } } },
  outputFieldName("roundDate", "roundedDate"),
  optionsWith("roundDate", [] as const),
  { displayName: "Start Date", name: "startDate", type: "string", default: "", displayOptions: show("getTimeBetweenDates") },
  { displayName: "End Date", name: "endDate", type: "string", default: "", displayOptions: show("getTimeBetweenDates") },
  {
    displayName: "Units",
    name: "units",
    type: "multiOptions",
    options: [
      { name: "Year", value: "year" },
      { name: "Month", value: "month" },
      { name: "Week", value: "week" },
      { name: "Day", value: "day" },
      { name: "Hour", value: "hour" },
      { name: "Minute", value: "minute" },
      { name: "Second", value: "second" },
      { name: "Millisecond", value: "millisecond" },
    ],
    displayOptions: show("getTimeBetweenDates"),
    default: ["day"],
  },
  outputFieldName("getTimeBetweenDates", "timeDifference"),
  optionsWith("getTimeBetweenDates", [
    { displayName: "Output as ISO String", name: "isoString", type: "boolean", default: false, description: "Whether to output the date as ISO string or not" },
  ] as const),
  { displayName: "Part", name: "part", type: "options", options: DATE_PARTS, default: "month", displayOptions: show("extractDate") },
  outputFieldName("extractDate", "datePart"),
  optionsWith("extractDate", [] as const),
] as const satisfies readonly ParameterDescription[];
