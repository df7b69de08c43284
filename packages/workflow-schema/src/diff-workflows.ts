import { jsonEqual } from "./canonical-json";
import { hasOwn } from "./clone-json";
import type { WorkflowDocument, WorkflowNode } from "./document";
import { formatJsonPath, type JsonPathSegment } from "./json-path";
import { diffLines, type LineDiffOp } from "./line-diff";
import { listConnections, type ConnectionEdge } from "./list-connections";
import { listOutboundHosts } from "./outbound-hosts";
import { renameReferencesDeep } from "./rename-node-references";

/**
 * Parameters holding source code: diffed line by line.
 *
 * @example
 * CODE_PARAMETERS.has("jsCode"); // true
 */
export const CODE_PARAMETERS: ReadonlySet<string> = new Set(["jsCode", "pythonCode", "functionCode"]);

/** Node fields compared as a whole (everything but identity, position, parameters and credentials). */
const NODE_IDENTITY_FIELDS = new Set(["id", "name", "position", "parameters", "credentials"]);

/** Top-level fields that describe the stored row, not the workflow: never diffed. */
const ROW_FIELDS = new Set(["id", "versionId", "createdAt", "updatedAt", "nodes", "connections", "settings", "pinData"]);

/**
 * A credential reference as the diff shows it (name-only references have `id: null`).
 *
 * @example
 * const ref: CredentialView = { id: null, name: "My API key" };
 */
export interface CredentialView {
  readonly id: string | null;
  readonly name: string;
}

/**
 * One semantic change between two versions of a workflow. Node names are the new names where renamed.
 *
 * @example
 * const change: WorkflowChange = { kind: "nodeRenamed", from: "Fetch", to: "Get order" };
 */
export type WorkflowChange =
  | { readonly kind: "nodeAdded"; readonly node: string; readonly type: string }
  | { readonly kind: "nodeRemoved"; readonly node: string; readonly type: string }
  | { readonly kind: "nodeRenamed"; readonly from: string; readonly to: string }
  | { readonly kind: "nodeMoved"; readonly node: string; readonly from: readonly [number, number]; readonly to: readonly [number, number] }
  | { readonly kind: "nodeFieldChanged"; readonly node: string; readonly field: string; readonly old: unknown; readonly new: unknown }
  | { readonly kind: "parameterChanged"; readonly node: string; readonly path: string; readonly old: unknown; readonly new: unknown }
  | { readonly kind: "codeChanged"; readonly node: string; readonly path: string; readonly lines: readonly LineDiffOp[] }
  | {
      readonly kind: "credentialChanged";
      readonly node: string;
      readonly credentialType: string;
      readonly old: CredentialView | undefined;
      readonly new: CredentialView | undefined;
    }
  | { readonly kind: "connectionAdded"; readonly connection: ConnectionEdge }
  | { readonly kind: "connectionRemoved"; readonly connection: ConnectionEdge }
  | { readonly kind: "settingChanged"; readonly key: string; readonly old: unknown; readonly new: unknown }
  | { readonly kind: "pinDataChanged"; readonly node: string; readonly old: unknown; readonly new: unknown }
  | { readonly kind: "workflowFieldChanged"; readonly field: string; readonly old: unknown; readonly new: unknown }
  | { readonly kind: "outboundHostAdded"; readonly host: string; readonly node: string };

/**
 * A semantic diff: the changes in a fixed order (nodes, then per node, then connections, settings, hosts).
 *
 * @example
 * const { changes } = diffWorkflows(before, after);
 */
export interface WorkflowDiff {
  readonly changes: readonly WorkflowChange[];
}

/**
 * The semantic diff between two versions of a workflow. Nodes are matched by id (then by name for
 * nodes without a matching id), so a rename is one `nodeRenamed` change: connections, pinData keys and
 * expression references (`$('Old')`, `$node["Old"]`) rewritten by the rename do not show up as
 * changes. Position-only moves are `nodeMoved` (cosmetic). Code parameters get a line diff. Values
 * are compared as canonical JSON, so key order and whitespace never count. Identical documents give
 * `{ changes: [] }`.
 *
 * @example
 * const diff = diffWorkflows(previousVersion, draft);
 * if (diff.changes.some((c) => c.kind === "outboundHostAdded")) requireApproval();
 * console.log(formatDiff(diff));
 */
export function diffWorkflows(before: WorkflowDocument, after: WorkflowDocument): WorkflowDiff {
  const { pairs, added, removed } = matchNodes(before.nodes, after.nodes);
  const renames = new Map<string, string>();
  for (const [o, n] of pairs) if (o.name !== n.name) renames.set(o.name, n.name);
  const changes: WorkflowChange[] = [];
  for (const node of removed) changes.push({ kind: "nodeRemoved", node: node.name, type: node.type });
  for (const node of added) changes.push({ kind: "nodeAdded", node: node.name, type: node.type });
  for (const [o, n] of pairs) if (o.name !== n.name) changes.push({ kind: "nodeRenamed", from: o.name, to: n.name });
  for (const [o, n] of pairs) changes.push(...diffNode(o, n, renames));
  changes.push(...diffConnections(before, after, renames));
  changes.push(...diffRecord(before.settings ?? {}, after.settings ?? {}).map(([key, old, now]) => ({ kind: "settingChanged" as const, key, old, new: now })));
  changes.push(...diffPinData(before, after, renames));
  changes.push(...diffWorkflowFields(before, after));
  const known = new Set(listOutboundHosts(before).map((h) => h.host));
  for (const { host, node } of listOutboundHosts(after)) if (!known.has(host)) changes.push({ kind: "outboundHostAdded", host, node });
  for (const [o, n] of pairs) {
    if (!jsonEqual(o.position, n.position)) changes.push({ kind: "nodeMoved", node: n.name, from: o.position, to: n.position });
  }
  return { changes };
}

function matchNodes(before: readonly WorkflowNode[], after: readonly WorkflowNode[]) {
  const pairs: Array<[WorkflowNode, WorkflowNode]> = [];
  const afterById = new Map<string, WorkflowNode>();
  for (const node of after) if (node.id !== undefined && !afterById.has(node.id)) afterById.set(node.id, node);
  const matchedAfter = new Set<WorkflowNode>();
  const unmatchedBefore: WorkflowNode[] = [];
  for (const node of before) {
    const partner = node.id === undefined ? undefined : afterById.get(node.id);
    if (partner && !matchedAfter.has(partner)) {
      pairs.push([node, partner]);
      matchedAfter.add(partner);
    } else unmatchedBefore.push(node);
  }
  const afterByName = new Map<string, WorkflowNode>();
  for (const node of after) if (!matchedAfter.has(node) && !afterByName.has(node.name)) afterByName.set(node.name, node);
  const removed: WorkflowNode[] = [];
  for (const node of unmatchedBefore) {
    const partner = afterByName.get(node.name);
    if (partner && !matchedAfter.has(partner)) {
      pairs.push([node, partner]);
      matchedAfter.add(partner);
    } else removed.push(node);
  }
  const order = new Map(after.map((n, i) => [n, i]));
  pairs.sort((a, b) => (order.get(a[1]) as number) - (order.get(b[1]) as number));
  return { pairs, added: after.filter((n) => !matchedAfter.has(n)), removed };
}

function diffNode(before: WorkflowNode, after: WorkflowNode, renames: ReadonlyMap<string, string>): WorkflowChange[] {
  const node = after.name;
  const changes: WorkflowChange[] = [];
  const fields = (n: WorkflowNode) => {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(n)) {
      if (NODE_IDENTITY_FIELDS.has(key)) continue;
      Object.defineProperty(out, key, { value: (n as Record<string, unknown>)[key], enumerable: true, configurable: true, writable: true });
    }
    return out;
  };
  for (const [field, old, now] of diffRecord(fields(before), fields(after))) changes.push({ kind: "nodeFieldChanged", node, field, old, new: now });
  const oldParameters = renameReferencesDeep(before.parameters ?? {}, renames) as Record<string, unknown>;
  const newParameters = after.parameters ?? {};
  for (const key of unionKeys(oldParameters, newParameters)) {
    const old = own(oldParameters, key);
    const now = own(newParameters, key);
    if (jsonEqual(old, now)) continue;
    if (CODE_PARAMETERS.has(key) && (typeof old === "string" || old === undefined) && (typeof now === "string" || now === undefined)) {
      changes.push({ kind: "codeChanged", node, path: key, lines: diffLines(old ?? "", now ?? "") });
      continue;
    }
    diffValue(old, now, [key], (path, o, n) => changes.push({ kind: "parameterChanged", node, path: formatJsonPath(path), old: o, new: n }));
  }
  const oldCredentials = before.credentials ?? {};
  const newCredentials = after.credentials ?? {};
  for (const credentialType of unionKeys(oldCredentials, newCredentials)) {
    const old = credentialView(own(oldCredentials, credentialType));
    const now = credentialView(own(newCredentials, credentialType));
    if (!jsonEqual(old, now)) changes.push({ kind: "credentialChanged", node, credentialType, old, new: now });
  }
  return changes;
}

function credentialView(ref: unknown): CredentialView | undefined {
  if (typeof ref === "string") return { id: null, name: ref };
  if (ref === null || typeof ref !== "object") return undefined;
  const r = ref as { id?: unknown; name?: unknown };
  return { id: typeof r.id === "string" ? r.id : null, name: typeof r.name === "string" ? r.name : "" };
}

/** Recurses through objects and arrays; reports leaves that differ (undefined = absent). */
function diffValue(old: unknown, now: unknown, path: JsonPathSegment[], report: (path: JsonPathSegment[], old: unknown, now: unknown) => void): void {
  if (jsonEqual(old, now)) return;
  if (isRecord(old) && isRecord(now)) {
    for (const key of unionKeys(old, now)) diffValue(own(old, key), own(now, key), [...path, key], report);
    return;
  }
  if (Array.isArray(old) && Array.isArray(now)) {
    for (let i = 0; i < Math.max(old.length, now.length); i += 1) diffValue(old[i], now[i], [...path, i], report);
    return;
  }
  report(path, old, now);
}

function diffConnections(before: WorkflowDocument, after: WorkflowDocument, renames: ReadonlyMap<string, string>): WorkflowChange[] {
  const rename = (name: string) => renames.get(name) ?? name;
  const key = (e: ConnectionEdge) => JSON.stringify([e.source, e.type, e.outputIndex, e.target, e.targetType, e.inputIndex]);
  const oldEdges = listConnections(before.connections).map((e) => ({ ...e, source: rename(e.source), target: rename(e.target) }));
  const newEdges = listConnections(after.connections);
  const oldKeys = new Set(oldEdges.map(key));
  const newKeys = new Set(newEdges.map(key));
  return [
    ...oldEdges.filter((e) => !newKeys.has(key(e))).map((connection) => ({ kind: "connectionRemoved" as const, connection })),
    ...newEdges.filter((e) => !oldKeys.has(key(e))).map((connection) => ({ kind: "connectionAdded" as const, connection })),
  ];
}

function diffPinData(before: WorkflowDocument, after: WorkflowDocument, renames: ReadonlyMap<string, string>): WorkflowChange[] {
  const old: Record<string, unknown> = {};
  const oldPins = before.pinData ?? {};
  for (const name of Object.keys(oldPins)) {
    Object.defineProperty(old, renames.get(name) ?? name, { value: oldPins[name], enumerable: true, configurable: true, writable: true });
  }
  return diffRecord(old, after.pinData ?? {}).map(([node, o, n]) => ({ kind: "pinDataChanged" as const, node, old: o, new: n }));
}

function diffWorkflowFields(before: WorkflowDocument, after: WorkflowDocument): WorkflowChange[] {
  const pick = (doc: WorkflowDocument) => {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(doc)) {
      if (!ROW_FIELDS.has(key)) Object.defineProperty(out, key, { value: (doc as Record<string, unknown>)[key], enumerable: true, configurable: true, writable: true });
    }
    return out;
  };
  return diffRecord(pick(before), pick(after)).map(([field, old, now]) => ({ kind: "workflowFieldChanged" as const, field, old, new: now }));
}

/** Keys whose values differ between two records, with both values (undefined = absent). */
function diffRecord(before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>): Array<[string, unknown, unknown]> {
  const out: Array<[string, unknown, unknown]> = [];
  for (const key of unionKeys(before, after)) {
    const old = own(before, key);
    const now = own(after, key);
    if (!jsonEqual(old, now)) out.push([key, old, now]);
  }
  return out;
}

function unionKeys(a: object, b: object): string[] {
  const keys = Object.keys(a);
  for (const key of Object.keys(b)) if (!hasOwn(a, key)) keys.push(key);
  return keys;
}

function own(record: object, key: string): unknown {
  return hasOwn(record, key) ? (record as Record<string, unknown>)[key] : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
