/**
 * Reading and writing fields by path, as n8n's data nodes do (lodash `get` / `set` / `unset` paths:
 * `a.b`, `list[0].name`, `obj["odd.key"]`), with `disableDotNotation` meaning "the whole string is one
 * key". Only own properties are read, and a key such as `__proto__` is stored as plain data: user data
 * can never reach an object's prototype.
 */

export type JsonObject = Record<string, unknown>;

const INDEX = /^(?:0|[1-9]\d*)$/;

/** Own-property check that works for every key, `__proto__` included. */
export function hasOwn(target: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(target, key);
}

/** Writes `target[key] = value` as an own data property, even for `__proto__`. */
export function assignOwn(target: object, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
    return;
  }
  (target as Record<string, unknown>)[key] = value;
}

/** Reads an own property (undefined when absent or when `target` is not an object). */
export function readOwn(target: unknown, key: string): unknown {
  if (target === null || typeof target !== "object") return undefined;
  return hasOwn(target, key) ? (target as Record<string, unknown>)[key] : undefined;
}

function isObjectLike(value: unknown): value is object {
  return value !== null && (typeof value === "object" || typeof value === "function");
}

/**
 * Splits a lodash-style path: `a.b[0]["c.d"]` gives `["a", "b", "0", "c.d"]`. Empty segments are kept
 * (`a..b` gives `["a", "", "b"]`) as lodash keeps them.
 */
export function parsePath(path: string): string[] {
  const segments: string[] = [];
  let current = "";
  let afterBracket = false;
  for (let i = 0; i < path.length; i++) {
    const char = path[i] as string;
    if (char === ".") {
      if (!afterBracket) segments.push(current);
      current = "";
      afterBracket = false;
      continue;
    }
    if (char === "[") {
      const close = findBracketEnd(path, i);
      if (close === -1) {
        current += char;
        continue;
      }
      if (current !== "") segments.push(current);
      segments.push(unquote(path.slice(i + 1, close)));
      current = "";
      afterBracket = true;
      i = close;
      continue;
    }
    afterBracket = false;
    current += char;
  }
  if (!afterBracket) segments.push(current);
  return segments;
}

function findBracketEnd(path: string, open: number): number {
  const quote = path[open + 1];
  if (quote === '"' || quote === "'") {
    for (let j = open + 2; j < path.length; j++) {
      if (path[j] === "\\") {
        j++;
        continue;
      }
      if (path[j] === quote) return path[j + 1] === "]" ? j + 1 : -1;
    }
    return -1;
  }
  return path.indexOf("]", open + 1);
}

function unquote(inner: string): string {
  const first = inner[0];
  if ((first === '"' || first === "'") && inner.endsWith(first) && inner.length >= 2) {
    return inner.slice(1, -1).replace(/\\(.)/g, "$1");
  }
  return inner;
}

/** Parsed paths, since the same few paths are read and written for every item. */
const PATH_CACHE = new Map<string, readonly string[]>();
const PATH_CACHE_LIMIT = 2000;

function cachedPath(path: string): readonly string[] {
  let segments = PATH_CACHE.get(path);
  if (!segments) {
    segments = parsePath(path);
    if (PATH_CACHE.size >= PATH_CACHE_LIMIT) PATH_CACHE.clear();
    PATH_CACHE.set(path, segments);
  }
  return segments;
}

/** The path segments lodash would use for this key on this object (a literal own key wins). */
function segmentsFor(target: unknown, path: string): readonly string[] {
  if (!path.includes(".") && !path.includes("[")) return [path];
  if (isObjectLike(target) && hasOwn(target, path)) return [path];
  return cachedPath(path);
}

/** Reads a field by path; with `disableDotNotation` the path is one literal key. */
export function getField(target: unknown, path: string, disableDotNotation = false): unknown {
  if (disableDotNotation) return readOwn(target, path);
  let current: unknown = target;
  for (const segment of segmentsFor(target, path)) {
    if (typeof current === "string" && segment === "length") return current.length;
    current = readOwn(current, segment);
    if (current === undefined) return undefined;
  }
  return current;
}

/** A shallow copy of an object or array (own `__proto__` keys stay data). */
export function shallowCopy<T extends object>(value: T): T {
  if (Array.isArray(value)) return value.slice() as T;
  const copy: JsonObject = {};
  for (const key of Object.keys(value)) assignOwn(copy, key, (value as JsonObject)[key]);
  return copy as T;
}

/**
 * Writes a field by path, creating objects (or arrays, before an index segment) on the way and
 * replacing non-object values in between, as lodash `set` does. With `copyPath`, objects on the way
 * are copied before they are written to, so a `target` that is a shallow copy of an input item never
 * changes the input (nodes share unchanged subtrees with their input instead of deep-copying it).
 */
export function setField(target: JsonObject, path: string, value: unknown, disableDotNotation = false, copyPath = false): void {
  if (disableDotNotation) {
    assignOwn(target, path, value);
    return;
  }
  const segments = segmentsFor(target, path);
  let current: object = target;
  for (let i = 0; i < segments.length - 1; i++) {
    const segment = segments[i] as string;
    const existing = readOwn(current, segment);
    if (isObjectLike(existing)) {
      if (copyPath) {
        const copy = shallowCopy(existing);
        assignOwn(current, segment, copy);
        current = copy;
      } else {
        current = existing;
      }
      continue;
    }
    const created: object = INDEX.test(segments[i + 1] as string) ? [] : {};
    assignOwn(current, segment, created);
    current = created;
  }
  assignOwn(current, segments[segments.length - 1] as string, value);
}

/** Removes a field by path; true when something was removed. `copyPath` as for `setField`. */
export function unsetField(target: JsonObject, path: string, disableDotNotation = false, copyPath = false): boolean {
  const segments = disableDotNotation ? [path] : segmentsFor(target, path);
  let current: unknown = target;
  for (let i = 0; i < segments.length - 1; i++) {
    const parent = current as object;
    current = readOwn(current, segments[i] as string);
    if (!isObjectLike(current)) return false;
    if (copyPath) {
      const last = segments[segments.length - 1] as string;
      if (i === segments.length - 2 && !hasOwn(current, last)) return false;
      current = shallowCopy(current);
      assignOwn(parent, segments[i] as string, current);
    }
  }
  const last = segments[segments.length - 1] as string;
  if (!isObjectLike(current) || !hasOwn(current, last)) return false;
  delete (current as Record<string, unknown>)[last];
  return true;
}

/** Splits a comma-separated field list (or takes a list as is), trimming and dropping blanks. */
export function parseFieldList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((entry) => String(entry).trim()).filter((entry) => entry !== "");
  if (value === undefined || value === null) return [];
  if (typeof value === "object") {
    // n8n's older fixedCollection shape: { fields: [{ fieldName }] }
    const fields = readOwn(value, "fields");
    if (Array.isArray(fields)) return fields.map((field) => String(readOwn(field, "fieldName") ?? "").trim()).filter((f) => f !== "");
    return [];
  }
  return String(value)
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
}

/** A deep copy of plain JSON data (own `__proto__` keys stay data). */
export function deepCopy<T>(value: T): T {
  if (Array.isArray(value)) return value.map((entry) => deepCopy(entry)) as T;
  if (value !== null && typeof value === "object") {
    const copy: JsonObject = {};
    for (const key of Object.keys(value)) assignOwn(copy, key, deepCopy((value as JsonObject)[key]));
    return copy as T;
  }
  return value;
}
