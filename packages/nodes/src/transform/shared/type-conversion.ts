/**
 * n8n's field type validation and conversion (n8n-workflow `validateFieldType` for the types Edit
 * Fields uses): numbers from numeric strings, booleans from "true"/"false"/1/0, arrays and objects from
 * JSON text (single quotes and bare keys tolerated), with n8n's error text when a value cannot be
 * converted: `'<field>' expects a <type> but we got '<value>'`.
 */

export type FieldType = "string" | "number" | "boolean" | "array" | "object";

export type ConversionResult = { valid: true; value: unknown } | { valid: false; errorMessage: string };

/** How n8n shows a value in a conversion error. */
export function describeValue(value: unknown): string {
  if (typeof value === "object") {
    if (value === null) return "'null'";
    if (Array.isArray(value)) return "array";
    return "object";
  }
  return `'${String(value)}'`;
}

/** Converts `value` to `type`; null and undefined pass through unchanged (valid). */
export function convertFieldValue(fieldName: string, value: unknown, type: string): ConversionResult {
  if (value === null || value === undefined) return { valid: true, value };
  const failure = (): ConversionResult => ({
    valid: false,
    errorMessage: `'${fieldName}' expects a ${type} but we got ${describeValue(value)}`,
  });
  switch (type.toLowerCase()) {
    case "number": {
      const parsed = parseNumber(value);
      return parsed === undefined ? failure() : { valid: true, value: parsed };
    }
    case "boolean": {
      const parsed = parseBoolean(value);
      return parsed === undefined ? failure() : { valid: true, value: parsed };
    }
    case "array": {
      const parsed = parseArray(value);
      return parsed === undefined ? failure() : { valid: true, value: parsed };
    }
    case "object": {
      const parsed = parseObject(value);
      return parsed === undefined ? failure() : { valid: true, value: parsed };
    }
    default:
      return { valid: true, value };
  }
}

/** `Number(value)` unless that is NaN (so "" and null-like values give 0, as in n8n). */
export function parseNumber(value: unknown): number | undefined {
  if (typeof value === "symbol" || typeof value === "bigint") return undefined;
  const parsed = Number(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}

export function parseBoolean(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (typeof value === "string") {
    const lower = value.toLowerCase();
    if (lower === "true") return true;
    if (lower === "false") return false;
    if (value.trim() === "") return undefined;
  }
  const parsed = parseNumber(value);
  if (parsed === 0) return false;
  if (parsed === 1) return true;
  return undefined;
}

export function parseArray(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  const text = String(value);
  const parsed = parseJsonLoosely(text, false);
  return Array.isArray(parsed) ? parsed : undefined;
}

export function parseObject(value: unknown): Record<string, unknown> | undefined {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  const parsed = parseJsonLoosely(String(value), true);
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return undefined;
  return parsed as Record<string, unknown>;
}

/**
 * JSON.parse, then a second try with single quotes turned into double quotes (and, for objects, bare
 * keys quoted), as n8n accepts `['a', 'b']` and `{a: 1}`. Undefined when neither parses.
 */
export function parseJsonLoosely(text: string, quoteBareKeys: boolean): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // fall through to the tolerant forms
  }
  let repaired = text.replace(/'/g, '"');
  if (quoteBareKeys) repaired = repaired.replace(/([{,]\s*)([A-Za-z_$][\w$]*)\s*:/g, '$1"$2":');
  try {
    return JSON.parse(repaired);
  } catch {
    return undefined;
  }
}
