/**
 * lodash's `lt` ordering, which n8n's Sort and Remove Duplicates use: two strings compare as
 * strings, anything else compares as numbers after lodash's `toNumber` (null is 0, booleans 0/1,
 * numeric strings their value, arrays via their string form, everything else NaN, which is never
 * less than anything).
 */

export function lodashToNumber(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "symbol") return Number.NaN;
  let primitive: unknown = value;
  if (value !== null && typeof value === "object") {
    const valueOf = (value as { valueOf?: unknown }).valueOf;
    primitive = typeof valueOf === "function" ? (valueOf as () => unknown).call(value) : value;
    if (primitive !== null && typeof primitive === "object") primitive = `${String(primitive)}`;
  }
  if (typeof primitive !== "string") return primitive === 0 ? 0 : Number(primitive);
  const trimmed = primitive.trim();
  if (/^0b[01]+$/i.test(trimmed)) return Number.parseInt(trimmed.slice(2), 2);
  if (/^0o[0-7]+$/i.test(trimmed)) return Number.parseInt(trimmed.slice(2), 8);
  if (/^[-+]0x[0-9a-f]+$/i.test(trimmed)) return Number.NaN;
  return Number(trimmed);
}

/** lodash `lt(a, b)`. */
export function lodashLessThan(a: unknown, b: unknown): boolean {
  if (typeof a === "string" && typeof b === "string") return a < b;
  return lodashToNumber(a) < lodashToNumber(b);
}
