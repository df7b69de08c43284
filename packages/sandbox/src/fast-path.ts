import type { Item } from "@bos/node-sdk";
import { renderChunkValue, type ParsedTemplate } from "./template";

/**
 * Host-side answers for expressions that only read own properties of `$json` (`{{ $json.a.b }}`,
 * `{{ $json["x"][0] }}`, `Hi {{ $json.name }}`). Reading own properties of plain JSON data runs no user
 * code, so it is safe in the host realm, and it saves the crossing for the most common expressions.
 * Anything else (a call, a missing key that might be an extension method, a string's `.length`)
 * falls back to the isolate.
 */

const PATH_RE = /^\s*\$json((?:\s*\.\s*[A-Za-z_$][\w$]*|\s*\[\s*(?:'[^'\\\n]*'|"[^"\\\n]*"|\d+)\s*\])*)\s*$/;
const SEGMENT_RE = /\.\s*([A-Za-z_$][\w$]*)|\[\s*(?:'([^'\\\n]*)'|"([^"\\\n]*)"|(\d+))\s*\]/g;

export type FastPath = ReadonlyArray<string | readonly string[]>;

/** The path segments of each chunk (text parts kept), or null when the template needs the isolate. */
export function compileFastPath(template: ParsedTemplate): FastPath | null {
  const out: Array<string | readonly string[]> = [];
  for (const part of template.parts) {
    if (typeof part === "string") {
      out.push(part);
      continue;
    }
    const match = PATH_RE.exec(part.code);
    if (!match) return null;
    const segments: string[] = [];
    for (const m of (match[1] ?? "").matchAll(SEGMENT_RE)) segments.push(m[1] ?? m[2] ?? m[3] ?? m[4] ?? "");
    out.push(segments);
  }
  return out;
}

const FALLBACK = Symbol("fallback");

function readPath(root: unknown, segments: readonly string[]): unknown {
  let current = root;
  for (const segment of segments) {
    if (current === null || current === undefined) return undefined; // a TypeError in JS: undefined in n8n
    if (typeof current !== "object") return FALLBACK; // string/number members: let the isolate decide
    if (!Object.hasOwn(current, segment)) return FALLBACK;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function copyValue(value: unknown): unknown {
  return value !== null && typeof value === "object" ? structuredClone(value) : value;
}

/**
 * Evaluates a fast path for items 0..count-1 of `items`, or returns null when one item needs the
 * isolate (then the whole expression goes there, keeping per-expression semantics in one place).
 */
export function evaluateFastPath(template: ParsedTemplate, path: FastPath, items: readonly Item[], count: number): unknown[] | null {
  const values = new Array<unknown>(count);
  for (let i = 0; i < count; i++) {
    const json = items[i]?.json;
    if (template.lone) {
      const value = readPath(json, path[0] as readonly string[]);
      if (value === FALLBACK || typeof value === "function") return null;
      values[i] = copyValue(value);
      continue;
    }
    let text = "";
    for (const part of path) {
      if (typeof part === "string") {
        text += part;
        continue;
      }
      const value = readPath(json, part as readonly string[]);
      if (value === FALLBACK) return null;
      text += renderChunkValue(value);
    }
    values[i] = text;
  }
  return values;
}
