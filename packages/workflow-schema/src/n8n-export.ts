import { cloneJson } from "./clone-json";
import type { WorkflowDocument } from "./document";

/** Top-level keys in the order n8n writes them; other keys follow in document order. */
const TOP_LEVEL_ORDER = ["name", "nodes", "pinData", "connections", "active", "settings", "staticData", "meta", "versionId", "id", "tags"];
/** Node keys in the order n8n writes them; other keys follow in document order. */
const NODE_ORDER = ["parameters", "id", "name", "type", "typeVersion", "position", "webhookId", "credentials"];

/**
 * Writes a workflow document as n8n workflow JSON that n8n's own importer (`n8n import:workflow`, the
 * editor's paste and "Import from file") accepts. Nothing n8n reads is changed: numbers stay numbers,
 * positions stay `[x, y]`, legacy spellings stay as stored. Keys are ordered as n8n orders them.
 *
 * Our own additions are kept, not stripped, so that export then import into this product loses
 * nothing: the top-level `bos` field (n8n's importer reads only the fields it knows and ignores it) and
 * our settings keys such as `settings.parallelBranches` (n8n keeps unknown settings keys in its JSON
 * column and ignores them). `__proto__`-style keys stay plain data.
 *
 * @example
 * const file = exportN8nWorkflow(document);
 * writeFileSync("workflow.json", JSON.stringify(file, null, 2));
 */
export function exportN8nWorkflow(doc: WorkflowDocument): Record<string, unknown> {
  const copy = cloneJson(doc, Number.POSITIVE_INFINITY).value as Record<string, unknown>;
  if (Array.isArray(copy.nodes)) {
    copy.nodes = (copy.nodes as Array<Record<string, unknown>>).map((node) => orderKeys(node, NODE_ORDER));
  }
  return orderKeys(copy, TOP_LEVEL_ORDER);
}

/**
 * {@link exportN8nWorkflow} as text, indented by two spaces like n8n's own export.
 *
 * @example
 * io.out(exportN8nWorkflowJson(document));
 */
export function exportN8nWorkflowJson(doc: WorkflowDocument): string {
  return JSON.stringify(exportN8nWorkflow(doc), null, 2);
}

function orderKeys(source: Record<string, unknown>, order: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keys = [...order.filter((k) => Object.prototype.hasOwnProperty.call(source, k)), ...Object.keys(source).filter((k) => !order.includes(k))];
  for (const key of keys) {
    Object.defineProperty(out, key, { value: source[key], enumerable: true, writable: true, configurable: true });
  }
  return out;
}
