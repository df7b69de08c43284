import { cloneJson, hasOwn } from "./clone-json";
import type { ConnectionTarget, WorkflowDocument, WorkflowNode, WorkflowSettings } from "./document";

/**
 * A credential reference with both fields, as the engine reads it (`id` null for name-only references).
 *
 * @example
 * const ref: NormalizedCredentialRef = { id: null, name: "My API key" };
 */
export interface NormalizedCredentialRef {
  readonly id: string | null;
  readonly name: string;
}

/**
 * One item of pinned data, always `{ json }`-wrapped.
 *
 * @example
 * const item: NormalizedPinItem = { json: { id: 1 } };
 */
export interface NormalizedPinItem {
  readonly json: Record<string, unknown>;
  readonly [key: string]: unknown;
}

/**
 * A node with the legacy spellings resolved.
 *
 * @example
 * normalizeWorkflow(doc).nodes[0].onError; // "stopWorkflow"
 */
export type NormalizedNode = Omit<WorkflowNode, "credentials" | "onError"> & {
  readonly onError: "stopWorkflow" | "continueRegularOutput" | "continueErrorOutput";
  readonly credentials?: Readonly<Record<string, NormalizedCredentialRef>>;
};

/**
 * The engine's view of a workflow document: one spelling for everything (see {@link normalizeWorkflow}).
 *
 * @example
 * const run: NormalizedWorkflow = normalizeWorkflow(doc);
 */
export type NormalizedWorkflow = Omit<WorkflowDocument, "nodes" | "connections" | "pinData" | "settings" | "staticData"> & {
  readonly nodes: NormalizedNode[];
  readonly connections: Record<string, Record<string, ConnectionTarget[][]>>;
  readonly pinData: Record<string, NormalizedPinItem[]>;
  readonly settings: WorkflowSettings & { readonly executionOrder: "v0" | "v1" };
  readonly staticData: Record<string, unknown> | null;
};

/**
 * The normalised view of a stored document that the engine runs. The stored document keeps what the
 * file said (so export gives it back unchanged); this copy resolves n8n's legacy spellings:
 * - `onError` from `continueOnFail: true` (`continueRegularOutput`); `onError` wins when both are set;
 *   absent both, `stopWorkflow`;
 * - credential references as `{ id, name }` (a bare name string becomes `{ id: null, name }`);
 * - pinData items wrapped as `{ json }` (bare objects in older files), absent pinData as `{}`;
 * - `null` connection entries as `[]`, targets without `type` typed after their output; missing
 *   trailing outputs stay missing (the engine treats them as unconnected);
 * - `staticData` given as a JSON string parsed (an unparseable or non-object string becomes null);
 * - `settings.executionOrder` defaulting to `v0` when absent, as n8n does for old workflows.
 * The input is not modified.
 *
 * @example
 * const run = normalizeWorkflow(result.value);
 * run.settings.executionOrder; // "v0" for a 0.x file
 * run.nodes[0].onError; // "continueRegularOutput" when the file said continueOnFail: true
 */
export function normalizeWorkflow(doc: WorkflowDocument): NormalizedWorkflow {
  const copy = cloneJson(doc, Number.POSITIVE_INFINITY).value as WorkflowDocument;
  return {
    ...copy,
    nodes: copy.nodes.map(normalizeNode),
    connections: normalizeConnections(copy.connections),
    pinData: normalizePinData(copy.pinData),
    settings: { ...(copy.settings ?? {}), executionOrder: copy.settings?.executionOrder ?? "v0" },
    staticData: normalizeStaticData(copy.staticData),
  };
}

function normalizeNode(node: WorkflowNode): NormalizedNode {
  const onError = node.onError ?? (node.continueOnFail === true ? "continueRegularOutput" : "stopWorkflow");
  const { credentials, ...rest } = node;
  if (!credentials) return { ...rest, onError };
  const refs: Record<string, NormalizedCredentialRef> = {};
  for (const type of Object.keys(credentials)) {
    const ref = credentials[type];
    const value: NormalizedCredentialRef =
      typeof ref === "string" ? { id: null, name: ref } : { ...(ref as object), id: ref?.id ?? null, name: ref?.name ?? "" };
    Object.defineProperty(refs, type, { value, enumerable: true, writable: true, configurable: true });
  }
  return { ...rest, onError, credentials: refs };
}

function normalizeConnections(connections: WorkflowDocument["connections"]): NormalizedWorkflow["connections"] {
  const out: NormalizedWorkflow["connections"] = {};
  for (const source of Object.keys(connections)) {
    const byType = connections[source] ?? {};
    const types: Record<string, ConnectionTarget[][]> = {};
    for (const type of Object.keys(byType)) {
      const outputs = (byType[type] ?? []).map((targets) => (targets ?? []).map((t) => ({ ...t, type: t.type ?? type })));
      Object.defineProperty(types, type, { value: outputs, enumerable: true, writable: true, configurable: true });
    }
    Object.defineProperty(out, source, { value: types, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function normalizePinData(pinData: WorkflowDocument["pinData"]): NormalizedWorkflow["pinData"] {
  const out: NormalizedWorkflow["pinData"] = {};
  if (!pinData) return out;
  for (const name of Object.keys(pinData)) {
    const items = (pinData[name] ?? []).map((item): NormalizedPinItem => {
      if (isRecord(item) && hasOwn(item, "json") && isRecord(item.json)) return item as NormalizedPinItem;
      return { json: isRecord(item) ? item : { value: item } };
    });
    Object.defineProperty(out, name, { value: items, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function normalizeStaticData(staticData: unknown): Record<string, unknown> | null {
  if (typeof staticData === "string") {
    try {
      const parsed: unknown = JSON.parse(staticData);
      return isRecord(parsed) ? (cloneJson(parsed, Number.POSITIVE_INFINITY).value as Record<string, unknown>) : null;
    } catch (error) {
      // n8n starts with empty static data when the stored string does not parse; so do we.
      void error;
      return null;
    }
  }
  return isRecord(staticData) ? staticData : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
