import type { JsonPathSegment } from "./json-path";

/**
 * Why a value could not be cloned as JSON.
 *
 * @example
 * cloneJson({ n: NaN }, 64).problems; // [{ kind: "notJson", path: ["n"], what: "NaN" }]
 */
export type CloneProblem =
  | { readonly kind: "tooDeep"; readonly path: readonly JsonPathSegment[] }
  | { readonly kind: "notJson"; readonly path: readonly JsonPathSegment[]; readonly what: string };

/**
 * Deep-copies a JSON value, own enumerable keys only, so that keys such as `__proto__` or
 * `constructor` stay ordinary data properties and never reach a prototype. Values JSON cannot hold
 * (functions, symbols, bigint, undefined inside arrays, NaN, Infinity, cycles) and nesting past
 * `maxDepth` are reported rather than copied; `undefined` object properties are dropped, as
 * JSON.stringify does.
 *
 * @example
 * const { value } = cloneJson(JSON.parse('{"__proto__": {"x": 1}}'), 64);
 * Object.getPrototypeOf(value) === Object.prototype; // true: "__proto__" is an own key
 */
export function cloneJson(input: unknown, maxDepth: number): { value: unknown; problems: CloneProblem[] } {
  const problems: CloneProblem[] = [];
  const ancestors = new Set<object>();
  let reportedDepth = false;

  const visit = (value: unknown, path: JsonPathSegment[], depth: number): unknown => {
    if (value === null || typeof value === "string" || typeof value === "boolean") return value;
    if (typeof value === "number") {
      if (Number.isFinite(value)) return value;
      problems.push({ kind: "notJson", path: [...path], what: String(value) });
      return null;
    }
    if (typeof value !== "object") {
      problems.push({ kind: "notJson", path: [...path], what: typeof value });
      return null;
    }
    if (depth > maxDepth) {
      if (!reportedDepth) problems.push({ kind: "tooDeep", path: [...path] });
      reportedDepth = true;
      return null;
    }
    if (ancestors.has(value)) {
      problems.push({ kind: "notJson", path: [...path], what: "a reference cycle" });
      return null;
    }
    ancestors.add(value);
    try {
      if (Array.isArray(value)) {
        return value.map((element, index) => visit(element, [...path, index], depth + 1));
      }
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        const element = (value as Record<string, unknown>)[key];
        if (element === undefined) continue;
        Object.defineProperty(out, key, {
          value: visit(element, [...path, key], depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    } finally {
      ancestors.delete(value);
    }
  };

  return { value: visit(input, [], 1), problems };
}

/**
 * The UTF-8 size of a string in bytes, without allocating an encoded copy.
 *
 * @example
 * utf8ByteLength("é"); // 2
 */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Whether `key` is an own property of `value` (never true for inherited `constructor`, `toString`...).
 *
 * @example
 * hasOwn({}, "constructor"); // false
 */
export function hasOwn(value: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(value, key);
}
