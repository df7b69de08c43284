import { defineNode, NodeError, NodeOperationError, type Item } from "@bos/node-sdk";
import { DateTime, type DurationLikeObject } from "luxon";
import { setField, shallowCopy } from "../shared/field-path";
import { momentToLuxon, momentToLuxonParts, ordinal } from "./moment-format";
import { assertZone, parseDate } from "./parse-date";

interface FormatOptions {
  fromFormat?: string;
  fromTimezone?: string;
  toTimezone?: string;
}

const TIME_UNITS = ["quarters", "years", "months", "weeks", "days", "hours", "minutes", "seconds", "milliseconds"] as const;

/** Formats a date with a moment.js format string (translated to Luxon). */
export function formatWithMoment(date: DateTime, momentFormat: string): string {
  return momentToLuxonParts(momentFormat)
    .map((part) => (part.kind === "format" ? date.toFormat(part.format) : ordinal(date.day)))
    .join("");
}

/** Reads the input of Date & Time 1: Unix timestamps, text in `fromFormat` (moment tokens), or any date text. */
function readDate(value: unknown, zone: string, fromFormat?: string): DateTime {
  if (typeof value === "number" && Number.isInteger(value)) {
    return String(value).length < 12 ? DateTime.fromSeconds(value, { zone }) : DateTime.fromMillis(value, { zone });
  }
  if (fromFormat) {
    const parsed = DateTime.fromFormat(String(value), momentToLuxon(fromFormat), { zone });
    if (!parsed.isValid) {
      throw new NodeOperationError(`Date '${String(value)}' does not match the given format '${fromFormat}'`, {
        description: "Check the 'From Format' option (moment.js tokens such as YYYY-MM-DD)",
      });
    }
    return parsed;
  }
  try {
    return parseDate(value, { timezone: zone });
  } catch (error) {
    throw new NodeOperationError('The date input format could not be recognized. Please set the "From Format" field', {
      description: "Set 'From Format' (moment.js tokens such as DD.MM.YYYY) for dates that are not ISO 8601, RFC 2822 or Unix timestamps",
      cause: error,
    });
  }
}

/**
 * Date & Time 1 (legacy): `action: format` converts a date into a moment.js format (optionally between
 * timezones); `action: calculate` adds or subtracts a duration and gives an ISO date in UTC. Moment
 * formats are translated to Luxon; dates without an offset are read in the workflow's timezone.
 */
export const dateTimeV1Node = defineNode({
  description: {
    type: "n8n-nodes-base.dateTime",
    versions: [1],
    displayName: "Date & Time",
    group: ["transform"],
    description: "Allows you to manipulate date and time values",
    defaults: { name: "Date & Time", color: "#408000" },
    inputs: 1,
    outputs: 1,
    sideEffects: "none",
    parameters: [
      {
        displayName: "Action",
        name: "action",
        type: "options",
        options: [
          { name: "Calculate a Date", description: "Add or subtract time from a date", value: "calculate" },
          { name: "Format a Date", description: "Convert a date to a different format", value: "format" },
        ],
        default: "format",
      },
      { displayName: "Value", name: "value", type: "string", default: "", description: "The value that should be converted", required: true },
      { displayName: "Property Name", name: "dataPropertyName", type: "string", default: "data", required: true, description: "Name of the property to which to write the converted date" },
      { displayName: "Custom Format", name: "custom", type: "boolean", displayOptions: { show: { action: ["format"] } }, default: false, description: "Whether a predefined format should be selected or custom format entered" },
      {
        displayName: "To Format",
        name: "toFormat",
        type: "options",
        displayOptions: { show: { action: ["format"], custom: [false] } },
        options: [
          { name: "MM/DD/YYYY", value: "MM/DD/YYYY", description: "Example: 09/04/1986" },
          { name: "YYYY/MM/DD", value: "YYYY/MM/DD", description: "Example: 1986/04/09" },
          { name: "MMMM DD YYYY", value: "MMMM DD YYYY", description: "Example: April 09 1986" },
          { name: "MM-DD-YYYY", value: "MM-DD-YYYY", description: "Example: 09-04-1986" },
          { name: "YYYY-MM-DD", value: "YYYY-MM-DD", description: "Example: 1986-04-09" },
          { name: "Unix Timestamp", value: "X", description: "Example: 513388800.879" },
          { name: "Unix Ms Timestamp", value: "x", description: "Example: 513388800" },
        ],
        default: "MM/DD/YYYY",
        description: "The format to convert the date to",
      },
      {
        displayName: "To Format",
        name: "toFormat",
        displayOptions: { show: { action: ["format"], custom: [true] } },
        type: "string",
        default: "",
        placeholder: "YYYY-MM-DD",
        description: "The format to convert the date to",
      },
      {
        displayName: "Options",
        name: "options",
        displayOptions: { show: { action: ["format"] } },
        type: "collection",
        placeholder: "Add Option",
        default: {},
        options: [
          { displayName: "From Format", name: "fromFormat", type: "string", default: "", description: "In case the input format is not recognized you can provide the format" },
          { displayName: "From Timezone Name or ID", name: "fromTimezone", type: "options", options: [], default: "UTC", description: "The timezone to convert from" },
          { displayName: "To Timezone Name or ID", name: "toTimezone", type: "options", options: [], default: "UTC", description: "The timezone to convert to" },
        ],
      },
      {
        displayName: "Operation",
        name: "operation",
        type: "options",
        displayOptions: { show: { action: ["calculate"] } },
        options: [
          { name: "Add", value: "add", description: "Add time to Date Value" },
          { name: "Subtract", value: "subtract", description: "Subtract time from Date Value" },
        ],
        default: "add",
        required: true,
      },
      { displayName: "Duration", name: "duration", type: "number", displayOptions: { show: { action: ["calculate"] } }, typeOptions: { minValue: 0 }, default: 0, required: true, description: "E.g. enter “10” then select “Days” if you want to add 10 days to Date Value." },
      {
        displayName: "Time Unit",
        name: "timeUnit",
        description: "Time unit for Duration parameter above",
        displayOptions: { show: { action: ["calculate"] } },
        type: "options",
        options: TIME_UNITS.map((unit) => ({ name: unit[0]?.toUpperCase() + unit.slice(1), value: unit })),
        default: "days",
        required: true,
      },
      {
        displayName: "Options",
        name: "options",
        type: "collection",
        placeholder: "Add Option",
        default: {},
        displayOptions: { show: { action: ["calculate"] } },
        options: [{ displayName: "From Format", name: "fromFormat", type: "string", default: "", description: "Format for parsing the value as a date. If unrecognized, specify the format for the value." }],
      },
    ],
  },
  async execute(ctx) {
    const action = ctx.getNodeParameter("action", 0);
    const workflowZone = ctx.workflow.timezone || "UTC";
    const output: Item[] = [];
    ctx.getInputItems().forEach((item, itemIndex) => {
      const param = (name: string) => ctx.getNodeParameter(name, itemIndex);
      try {
        const value = param("value");
        if (value === undefined) return;
        const options = (param("options") ?? {}) as FormatOptions;
        let result: string;
        if (action === "calculate") {
          const unit = String(param("timeUnit"));
          if (!(TIME_UNITS as readonly string[]).includes(unit)) throw new NodeOperationError(`'${unit}' is not a time unit (parameter timeUnit)`, { itemIndex });
          const change = { [unit as keyof DurationLikeObject]: Number(param("duration")) };
          const date = readDate(value, workflowZone, options.fromFormat || undefined);
          result = (param("operation") === "subtract" ? date.minus(change) : date.plus(change)).toUTC().toISO() ?? "";
        } else {
          const converting = Boolean(options.fromTimezone || options.toTimezone);
          const fromZone = options.fromTimezone || workflowZone;
          if (converting) assertZone(fromZone);
          let date = readDate(value, converting ? fromZone : workflowZone, options.fromFormat || undefined);
          if (converting) {
            const toZone = options.toTimezone || workflowZone;
            assertZone(toZone);
            date = date.setZone(toZone);
          } else {
            date = date.setZone(workflowZone);
          }
          result = formatWithMoment(date, String(param("toFormat")));
        }
        const json = shallowCopy(item.json);
        setField(json, String(param("dataPropertyName")), result, false, true);
        output.push({ json, ...(item.binary ? { binary: item.binary } : {}), pairedItem: { item: itemIndex } });
      } catch (error) {
        if (!ctx.continueOnFail()) {
          if (error instanceof NodeError) throw new NodeOperationError(error.message, { itemIndex, description: error.description, cause: error });
          throw error;
        }
        output.push({ json: { error: error instanceof Error ? error.message : String(error) }, pairedItem: { item: itemIndex } });
      }
    });
    return [output];
  },
});
