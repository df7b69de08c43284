import type { Item } from "@bos/node-sdk";
import { InvalidInputError } from "./errors";

const MAX_ITEMS = 10_000;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The items the start node receives: n8n items (`{ json: {...}, binary? }`) are kept, bare objects become
 * `{ json: value }`; none (or an empty array) gives one empty item, as n8n's manual trigger does.
 */
export function normalizeInputItems(input: unknown): Item[] {
  if (input === undefined || input === null) return [{ json: {} }];
  if (!Array.isArray(input)) throw new InvalidInputError(["input must be an array"]);
  if (input.length > MAX_ITEMS) throw new InvalidInputError([`at most ${MAX_ITEMS} items per run (got ${input.length})`]);
  if (input.length === 0) return [{ json: {} }];
  const issues: string[] = [];
  const items = input.map((value, index): Item => {
    if (!isPlainObject(value)) {
      issues.push(`input[${index}] is ${Array.isArray(value) ? "an array" : value === null ? "null" : typeof value}, not an object`);
      return { json: {} };
    }
    const keys = Object.keys(value);
    if ("json" in value && keys.every((k) => k === "json" || k === "binary" || k === "pairedItem")) {
      if (!isPlainObject(value.json)) {
        issues.push(`input[${index}].json must be an object`);
        return { json: {} };
      }
      return { json: value.json, ...(isPlainObject(value.binary) ? { binary: value.binary as Item["binary"] } : {}) };
    }
    return { json: value };
  });
  if (issues.length > 0) throw new InvalidInputError(issues);
  return items;
}
