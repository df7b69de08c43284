/**
 * Deep equality of plain JSON-like data (lodash `isEqual` semantics for what items hold: NaN equals
 * NaN, key order does not matter, arrays compare by position), and a stable string key with the same
 * notion of equality so duplicates can be found in one pass.
 */

export function isDeepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === "number" && typeof b === "number") return Number.isNaN(a) && Number.isNaN(b);
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((entry, index) => isDeepEqual(entry, b[index]));
  }
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  if (aKeys.length !== bKeys.length) return false;
  return aKeys.every(
    (key) => Object.prototype.hasOwnProperty.call(b, key) && isDeepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}

/** A string that is equal for two values exactly when `isDeepEqual` holds. */
export function stableKey(value: unknown): string {
  if (value === undefined) return "u";
  if (value === null) return "n";
  switch (typeof value) {
    case "number":
      return Number.isNaN(value) ? "N" : `d${Object.is(value, -0) ? 0 : value}`;
    case "string":
      return `s${JSON.stringify(value)}`;
    case "boolean":
      return value ? "t" : "f";
    case "bigint":
      return `b${value}`;
    case "object": {
      if (Array.isArray(value)) return `[${value.map(stableKey).join(",")}]`;
      const keys = Object.keys(value).sort();
      return `{${keys.map((key) => `${JSON.stringify(key)}:${stableKey((value as Record<string, unknown>)[key])}`).join(",")}}`;
    }
    default:
      return `x${String(value)}`;
  }
}
