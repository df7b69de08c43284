/**
 * Object helpers for Merge: lodash-compatible deep merge (objects and arrays merged key by key /
 * index by index), shallow merge, the "minimize empty fields" variant, dot-path reads, and equality.
 */

export type JsonObject = Record<string, unknown>;

function isPlainObject(value: unknown): value is JsonObject {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function isEmptyValue(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

function mergeInto(target: Record<string, unknown> | unknown[], source: Record<string, unknown> | unknown[], skipEmpty: boolean): void {
  const targetRecord = target as Record<string, unknown>;
  for (const [key, value] of Object.entries(source)) {
    if (key === "__proto__" || key === "constructor" || key === "prototype") continue;
    if (skipEmpty && isEmptyValue(value) && Object.prototype.hasOwnProperty.call(target, key)) continue;
    if (value === undefined && Object.prototype.hasOwnProperty.call(target, key)) continue;
    const current = targetRecord[key];
    if (Array.isArray(value)) {
      const base: unknown[] = Array.isArray(current) ? [...current] : [];
      mergeInto(base, value, skipEmpty);
      targetRecord[key] = base;
    } else if (isPlainObject(value)) {
      const base: JsonObject = isPlainObject(current) ? { ...current } : {};
      mergeInto(base, value, skipEmpty);
      targetRecord[key] = base;
    } else {
      targetRecord[key] = value;
    }
  }
}

/** Merges sources left to right into a new object at every level of nesting (later wins). */
export function deepMerge(sources: readonly JsonObject[], skipEmpty = false): JsonObject {
  const result: JsonObject = {};
  for (const source of sources) mergeInto(result, source, skipEmpty);
  return result;
}

/** Merges sources left to right at the top level only (later wins). */
export function shallowMerge(sources: readonly JsonObject[], skipEmpty = false): JsonObject {
  const result: JsonObject = {};
  for (const source of sources) {
    for (const [key, value] of Object.entries(source)) {
      if (skipEmpty && isEmptyValue(value) && Object.prototype.hasOwnProperty.call(result, key)) continue;
      result[key] = value;
    }
  }
  return result;
}

/** Merge options of the "Clash Handling" collection. */
export interface ClashOptions {
  resolveClash?: string;
  mergeMode?: string;
  overrideEmpty?: boolean;
}

/** The merge function Clash Handling selects (deep unless `shallowMerge`). */
export function mergeFunction(options: ClashOptions): (sources: readonly JsonObject[]) => JsonObject {
  const skipEmpty = options.overrideEmpty === true;
  return options.mergeMode === "shallowMerge" ? (sources) => shallowMerge(sources, skipEmpty) : (sources) => deepMerge(sources, skipEmpty);
}

/** Renames every top-level key to `key_suffix` (Clash Handling "addSuffix"). */
export function addSuffix(json: JsonObject, suffix: string): JsonObject {
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(json)) result[`${key}_${suffix}`] = value;
  return result;
}

/** Reads `a.b[0].c` (own properties only); with dot notation off, the whole text is one key. */
export function readPath(json: JsonObject, path: string, dotNotation = true): unknown {
  if (!dotNotation) return Object.prototype.hasOwnProperty.call(json, path) ? json[path] : undefined;
  const segments = path.replace(/\[(\d+)\]/g, ".$1").split(".").filter((segment) => segment !== "");
  let current: unknown = json;
  for (const segment of segments) {
    if (current === null || typeof current !== "object" || !Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** Structural equality of JSON values (lodash isEqual for plain data). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) => Object.prototype.hasOwnProperty.call(b, key) && deepEqual((a as JsonObject)[key], (b as JsonObject)[key]));
}

/**
 * Fuzzy equality (Merge "Fuzzy Compare"): primitives equal when their text is (`3` and `"3"`), null
 * and undefined equal each other; objects and arrays compare structurally.
 */
export function fuzzyEqual(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (typeof a !== "object" && typeof b !== "object") return String(a) === String(b);
  return deepEqual(a, b);
}
