import { canonicalJson } from "./canonical-json";
import type { WorkflowDocument } from "./document";
import { sha256Hex } from "./sha256";

/**
 * Fields that describe a stored row rather than the workflow's content; they never change the hash.
 *
 * @example
 * CONTENT_HASH_EXCLUDED_FIELDS.includes("versionId"); // true
 */
export const CONTENT_HASH_EXCLUDED_FIELDS: readonly string[] = ["versionId", "createdAt", "updatedAt"];

/**
 * A stable hash of a workflow's content: SHA-256 (hex) over its canonical JSON (sorted keys, no
 * whitespace), leaving out `versionId`, `createdAt` and `updatedAt`. Key order and formatting never
 * change it; the result is identical in the browser and in Node. The versions table stores it to tell
 * whether a save changed anything.
 *
 * @example
 * contentHash(doc) === contentHash(JSON.parse(JSON.stringify(doc, null, 4))); // true
 */
export function contentHash(doc: WorkflowDocument | Readonly<Record<string, unknown>>): string {
  const record = doc as Readonly<Record<string, unknown>>;
  const content: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    if (CONTENT_HASH_EXCLUDED_FIELDS.includes(key)) continue;
    Object.defineProperty(content, key, { value: record[key], enumerable: true, writable: true, configurable: true });
  }
  return sha256Hex(canonicalJson(content));
}
