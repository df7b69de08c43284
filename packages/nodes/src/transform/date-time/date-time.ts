import { defineNode, NodeError, NodeOperationError, type Item } from "@bos/node-sdk";
import { DateTime, type DateTimeUnit, type DurationLikeObject, type DurationUnit } from "luxon";
import { assignOwn, type JsonObject } from "../shared/field-path";
import { dateTimeV2Parameters } from "./date-time-parameters";
import { assertZone, parseDate } from "./parse-date";

interface DateTimeOptions {
  includeInputFields?: boolean;
  /** getCurrentDate: a zone name; formatDate: "use the workflow timezone". */
  timezone?: string | boolean;
  fromFormat?: string;
  isoString?: boolean;
}

const DATE_UNITS = new Set(["year", "quarter", "month", "week", "day", "hour", "minute", "second", "millisecond"]);
const DURATION_UNITS = new Set(["years", "quarters", "months", "weeks", "days", "hours", "minutes", "seconds", "milliseconds"]);

function dateUnit(value: string, parameter: string): DateTimeUnit {
  if (!DATE_UNITS.has(value)) throw new NodeOperationError(`'${value}' is not a date unit (parameter ${parameter})`, { description: "Use year, month, week, day, hour, minute or second" });
  return value as DateTimeUnit;
}

function durationUnit(value: string): keyof DurationLikeObject {
  if (!DURATION_UNITS.has(value)) throw new NodeOperationError(`'${value}' is not a time unit (parameter timeUnit)`, { description: "Use years, quarters, months, weeks, days, hours, minutes, seconds or milliseconds" });
  return value as keyof DurationLikeObject;
}

/** The misformatted default n8n stores for "From Date Format" is not a format. */
function fromFormatOption(options: DateTimeOptions): string | undefined {
  return options.fromFormat && options.fromFormat !== "e.g yyyyMMdd" ? options.fromFormat : undefined;
}

/**
 * Date & Time 2: dates handled with Luxon in the workflow's timezone (formatting uses the input's own
 * offset, or UTC, unless "Use Workflow Timezone" is on). Dates come out as ISO text, as n8n stores them.
 */
export const dateTimeNode = defineNode({
  description: {
    type: "n8n-nodes-base.dateTime",
    versions: [2],
    displayName: "Date & Time",
    group: ["transform"],
    description: "Manipulate date and time values",
    defaults: { name: "Date & Time", color: "#408000" },
    inputs: 1,
    outputs: 1,
    sideEffects: "none",
    parameters: dateTimeV2Parameters,
  },
  async execute(ctx) {
    const operation = ctx.getNodeParameter("operation", 0);
    const workflowZone = ctx.workflow.timezone || "UTC";
    const output: Item[] = [];
    const items = ctx.getInputItems();
    items.forEach((item, itemIndex) => {
      const param = (name: string) => ctx.getNodeParameter(name, itemIndex);
      try {
        const options = (param("options") ?? {}) as DateTimeOptions;
        let value: unknown;
        switch (operation) {
          case "getCurrentDate": {
            const zone = typeof options.timezone === "string" && options.timezone !== "" ? options.timezone : workflowZone;
            assertZone(zone);
            const now = DateTime.now().setZone(zone);
            value = (param("includeTime") === false ? now.startOf("day") : now).toString();
            break;
          }
          case "addToDate":
          case "subtractFromDate": {
            const date = parseDate(param("magnitude"), { timezone: workflowZone });
            const change = { [durationUnit(String(param("timeUnit")))]: Number(param("duration")) };
            value = (operation === "addToDate" ? date.plus(change) : date.minus(change)).toString();
            break;
          }
          case "formatDate": {
            const date = parseDate(param("date"), { timezone: options.timezone === true ? workflowZone : undefined, fromFormat: fromFormatOption(options) });
            const format = String(param("format"));
            value = date.toFormat(format === "custom" ? String(param("customFormat")) : format);
            break;
          }
          case "roundDate": {
            const date = parseDate(param("date"), { timezone: workflowZone });
            if (param("mode") === "roundUp") {
              const unit = dateUnit(String(param("to")), "to");
              value = date.plus({ [`${unit}s`]: 1 }).startOf(unit).toString();
            } else {
              value = date.startOf(dateUnit(String(param("toNearest")), "toNearest")).toString();
            }
            break;
          }
          case "getTimeBetweenDates": {
            const start = parseDate(param("startDate"), { timezone: workflowZone });
            const end = parseDate(param("endDate"), { timezone: workflowZone });
            const units = (param("units") as string[]).map((unit) => dateUnit(unit, "units") as DurationUnit);
            const duration = end.diff(start, units);
            value = options.isoString ? duration.toString() : duration.toObject();
            break;
          }
          case "extractDate": {
            const date = parseDate(param("date"), { timezone: workflowZone });
            const part = String(param("part"));
            value = part === "week" ? date.weekNumber : date.get(dateUnit(part, "part") as keyof DateTime);
            break;
          }
          default:
            throw new NodeOperationError(`The operation '${String(operation)}' is not known`, { description: "Pick one of the Date & Time operations" });
        }
        const json: JsonObject = options.includeInputFields ? { ...item.json } : {};
        assignOwn(json, String(param("outputFieldName")), value);
        output.push({ json, pairedItem: { item: itemIndex } });
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
