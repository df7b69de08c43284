import { NodeOperationError } from "@bos/node-sdk";
import { DateTime } from "luxon";
import { matchesPattern } from "./safe-regexp";

/** The value kinds of the legacy (If v1, Switch v1/v2) condition lists. */
export type LegacyDataType = "string" | "number" | "boolean" | "dateTime";

/** Turns a legacy dateTime operand into epoch milliseconds (strings go through `new Date`). */
export function legacyDateValue(value: unknown): unknown {
  if (typeof value === "string") return new Date(value).getTime();
  if (value instanceof Date) return value.getTime();
  if (DateTime.isDateTime(value)) return value.toMillis();
  return value;
}

function isLegacyEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === "") return true;
  if (typeof value === "number" && Number.isNaN(value)) return true;
  if (DateTime.isDateTime(value)) return !value.isValid;
  if (typeof value === "object") return Object.keys(value).length === 0;
  return false;
}

function text(value: unknown): string {
  return String(value || "");
}

/** Numbers compare with a missing side as 0, the way the legacy nodes did (`(a || 0) > (b || 0)`). */
function orZero(value: unknown): number {
  return (value || 0) as number;
}

/**
 * One legacy comparison: `operation` is If v1's / Switch v1's name (`equal`, `larger`, `contains`,
 * `isEmpty`, `regex`...). Unknown operations throw, naming the operation, so a typo does not route
 * every item to the false branch silently.
 */
export function compareLegacy(operation: string, value1: unknown, value2: unknown): boolean {
  switch (operation) {
    case "after":
    case "larger":
      return orZero(value1) > orZero(value2);
    case "before":
    case "smaller":
      return orZero(value1) < orZero(value2);
    case "largerEqual":
      return orZero(value1) >= orZero(value2);
    case "smallerEqual":
      return orZero(value1) <= orZero(value2);
    case "equal":
      return value1 === value2;
    case "notEqual":
      return value1 !== value2;
    case "contains":
      return text(value1).includes(text(value2));
    case "notContains":
      return !text(value1).includes(text(value2));
    case "startsWith":
      return text(value1).startsWith(text(value2));
    case "notStartsWith":
      return !text(value1).startsWith(text(value2));
    case "endsWith":
      return text(value1).endsWith(text(value2));
    case "notEndsWith":
      return !text(value1).endsWith(text(value2));
    case "isEmpty":
      return isLegacyEmpty(value1);
    case "isNotEmpty":
      return !isLegacyEmpty(value1);
    case "regex":
      return matchesPattern(text(value1), text(value2), false);
    case "notRegex":
      return !matchesPattern(text(value1), text(value2), false);
    default:
      throw new NodeOperationError(`The comparison operation "${operation}" is not known. Use one of equal, notEqual, larger, smaller, contains, startsWith, endsWith, regex, isEmpty and their negations.`);
  }
}
