import { DateTime } from "luxon";

/** The value types a filter condition compares as (`operator.type` / `operator.rightType`). */
export type ConditionValueType = "string" | "number" | "boolean" | "dateTime" | "array" | "object" | "any";

/** Result of coercing one side of a condition: the typed value, or why it could not be had. */
export type CoercedValue = { ok: true; value: unknown } | { ok: false };

/**
 * Coerces one side of a filter condition to the operator's type, as n8n's filter parameter does.
 * `null`/`undefined` are always accepted as they are (the operation decides what they mean).
 * - strict: string/number/boolean/array/object must already have that JS type; dates must parse.
 * - loose: strings are parsed (`"15"` -> 15, `"true"` -> true, `"[1]"` -> [1]); a boolean that
 *   cannot be parsed falls back to its truthiness.
 * `filterVersion` is the filter options' `version`: 2+ tries real boolean parsing before truthiness,
 * 3+ treats an empty string or empty array compared as a number as empty (null). Dates without an
 * offset are read in `zone` (the workflow's time zone; the host's when undefined).
 */
export function coerceConditionValue(value: unknown, type: ConditionValueType, strict: boolean, filterVersion: number, zone?: string): CoercedValue {
  if (type === "any" || value === null || value === undefined) return { ok: true, value };
  switch (type) {
    case "string":
      if (strict && typeof value !== "string") return { ok: false };
      return { ok: true, value: toText(value) };
    case "number":
      if (typeof value === "number" && Number.isNaN(value)) return { ok: true, value };
      if (filterVersion >= 3 && ((typeof value === "string" && value.trim() === "") || (Array.isArray(value) && value.length === 0))) {
        return { ok: true, value: null };
      }
      if (strict && typeof value !== "number") return { ok: false };
      return Number.isNaN(Number(value)) ? { ok: false } : { ok: true, value: Number(value) };
    case "boolean": {
      if (strict) return typeof value === "boolean" ? { ok: true, value } : { ok: false };
      if (filterVersion >= 2) {
        const parsed = parseBoolean(value);
        if (parsed !== undefined) return { ok: true, value: parsed };
      }
      return { ok: true, value: Boolean(value) };
    }
    case "dateTime": {
      const parsed = parseDateTime(value, zone);
      return parsed ? { ok: true, value: parsed } : { ok: false };
    }
    case "array": {
      if (strict && !Array.isArray(value)) return { ok: false };
      const parsed = parseArray(value);
      return parsed ? { ok: true, value: parsed } : { ok: false };
    }
    case "object": {
      if (strict && (typeof value !== "object" || value === null) && typeof value !== "function") return { ok: false };
      const parsed = parseObject(value);
      return parsed ? { ok: true, value: parsed } : { ok: false };
    }
  }
}

function toText(value: unknown): string {
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** `true`/`false` (any case), or a value that is numerically 0 or 1; otherwise undefined. */
export function parseBoolean(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (typeof value === "string") {
    const lower = value.toLowerCase();
    if (lower === "true" || lower === "false") return lower === "true";
    if (value.trim() === "") return undefined;
  }
  const asNumber = Number(value);
  if (asNumber === 0) return false;
  if (asNumber === 1) return true;
  return undefined;
}

/**
 * Parses a date the way n8n's type validation does: a Luxon DateTime or JS Date as is, else the text
 * as ISO, HTTP, RFC 2822, SQL, and finally whatever `Date.parse` accepts. Undefined when none fits.
 */
export function parseDateTime(value: unknown, zone?: string): DateTime | undefined {
  if (DateTime.isDateTime(value)) return value.isValid ? value : undefined;
  if (value instanceof Date) {
    const fromDate = DateTime.fromJSDate(value, { zone });
    if (fromDate.isValid) return fromDate;
  }
  const text = String(value).trim();
  const options = { zone, setZone: true };
  for (const parse of [DateTime.fromISO, DateTime.fromHTTP, DateTime.fromRFC2822, DateTime.fromSQL]) {
    const parsed = parse(text, options);
    if (parsed.isValid) return parsed;
  }
  const fromMillis = DateTime.fromMillis(Date.parse(text), { zone });
  return fromMillis.isValid ? fromMillis : undefined;
}

function parseArray(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  const text = String(value);
  for (const candidate of [text, text.replace(/'/g, '"')]) {
    try {
      const parsed: unknown = JSON.parse(candidate);
      return Array.isArray(parsed) ? parsed : undefined;
    } catch {
      // Not JSON as written: the second candidate retries with single quotes turned into double quotes.
    }
  }
  return undefined;
}

function parseObject(value: unknown): object | undefined {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) return value;
  const text = String(value);
  for (const candidate of [text, text.replace(/'/g, '"')]) {
    try {
      const parsed: unknown = JSON.parse(candidate);
      return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? parsed : undefined;
    } catch {
      // Not JSON as written: retried with double quotes, then given up (undefined).
    }
  }
  return undefined;
}
