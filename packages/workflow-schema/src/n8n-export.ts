import { cloneJson } from "./clone-json";
import type { WorkflowDocument } from "./document";
import { toN8nEquivalents, type MappedNode } from "./n8n-equivalents";
import type { NodeDescriptionRegistry } from "./node-description";

/** Top-level keys in the order n8n writes them; other keys follow in document order. */
const TOP_LEVEL_ORDER = ["name", "nodes", "pinData", "connections", "active", "settings", "staticData", "meta", "versionId", "id", "tags"];
/** Node keys in the order n8n writes them; other keys follow in document order. */
const NODE_ORDER = ["parameters", "id", "name", "type", "typeVersion", "position", "webhookId", "credentials"];

/**
 * Writes a workflow document as n8n workflow JSON that n8n's own importer (`n8n import:workflow`, the
 * editor's paste and "Import from file") accepts. Nothing n8n reads is changed: numbers stay numbers,
 * positions stay `[x, y]`, legacy spellings stay as stored. Keys are ordered as n8n orders them.
 * Our own control-flow nodes (`bos.condition`, `bos.loop`, `bos.wait`, `bos.parallel`, `bos.join`,
 * `bos.tryCatch`, `bos.tryEnd`) become their nearest n8n equivalents ({@link N8N_EQUIVALENTS}); use
 * {@link exportN8nWorkflowWithReport} to learn which nodes were replaced and what changed.
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
  return exportN8nWorkflowWithReport(doc).workflow;
}

/** What an export to n8n changed: the nodes replaced by their n8n equivalents, with what each lost. */
export interface N8nExportReport {
  readonly mapped: readonly MappedNode[];
}

/**
 * {@link exportN8nWorkflow} with its report. The hook for node types n8n does not have: our `bos.*`
 * control-flow nodes are rewritten through the {@link N8N_EQUIVALENTS} table (data, keyed by our type
 * names) before the keys are ordered; `registry` (optional) gives the output counts needed to wire a
 * Try/Catch region's error outputs.
 *
 * @example
 * const { workflow, report } = exportN8nWorkflowWithReport(document, { registry });
 * for (const m of report.mapped) console.log(`${m.node}: ${m.from} -> ${m.to}. ${m.note}`);
 */
export function exportN8nWorkflowWithReport(doc: WorkflowDocument, options: { registry?: NodeDescriptionRegistry } = {}): { workflow: Record<string, unknown>; report: N8nExportReport } {
  const copy = cloneJson(doc, Number.POSITIVE_INFINITY).value as Record<string, unknown>;
  let mapped: MappedNode[] = [];
  if (Array.isArray(copy.nodes)) {
    if (copy.connections && typeof copy.connections === "object") mapped = toN8nEquivalents(copy as unknown as WorkflowDocument, options.registry);
    copy.nodes = (copy.nodes as Array<Record<string, unknown>>).map((node) => orderKeys(node, NODE_ORDER));
  }
  return { workflow: orderKeys(copy, TOP_LEVEL_ORDER), report: { mapped } };
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
