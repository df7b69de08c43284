import { hasOwn } from "./clone-json";
import type { WorkflowDocument, WorkflowNode } from "./document";
import { formatJsonPath } from "./json-path";
import type { NodeDescriptionRegistry } from "./node-description";
import { resolveNodeDescription } from "./resolve-node-description";
import { createIssue, type ValidationIssue } from "./validation-issue";
import { validateWorkflow, type ValidateWorkflowOptions } from "./validate-workflow";

/**
 * How one node of an imported file fares on this instance.
 *
 * @example
 * const row: NodeCompatibility = { node: "Start", type: "n8n-nodes-base.start", typeVersion: 1, status: "mapped", mappedTo: "n8n-nodes-base.manualTrigger" };
 */
export interface NodeCompatibility {
  readonly node: string;
  readonly type: string;
  readonly typeVersion: number;
  /** `supported`: runs as is; `mapped`: a legacy type that runs as `mappedTo`; `unsupported`: cannot run here. */
  readonly status: "supported" | "mapped" | "unsupported";
  readonly mappedTo?: string;
  readonly reason?: string;
}

/**
 * A credential a node refers to; each must be mapped to a credential of this instance.
 *
 * @example
 * const ref: CredentialReference = { node: "HTTP", credentialType: "httpHeaderAuth", id: null, name: "My API key" };
 */
export interface CredentialReference {
  readonly node: string;
  /** The credential type key, e.g. `httpHeaderAuth`. */
  readonly credentialType: string;
  /** The id in the source instance; null for name-only references (old files). */
  readonly id: string | null;
  readonly name: string;
}

/**
 * A legacy spelling the file uses; kept in the document, resolved by normalizeWorkflow.
 *
 * @example
 * report.legacySpellings.filter((s) => s.kind === "continueOnFail");
 */
export interface LegacySpelling {
  readonly kind:
    | "continueOnFail"
    | "nameOnlyCredential"
    | "barePinData"
    | "nullConnection"
    | "staticDataString"
    | "numericWorkflowId"
    | "executionOrderMissing";
  readonly path: string;
  readonly node?: string;
  readonly message: string;
}

/**
 * What import found: per node, credentials to map, and legacy spellings.
 *
 * @example
 * const { summary } = buildReport(doc, registry); // { supported: 5, mapped: 1, unsupported: 0 }
 */
export interface CompatibilityReport {
  readonly nodes: readonly NodeCompatibility[];
  readonly credentials: readonly CredentialReference[];
  readonly legacySpellings: readonly LegacySpelling[];
  readonly summary: { readonly supported: number; readonly mapped: number; readonly unsupported: number };
}

/**
 * One imported workflow: the stored document (what the file said), its report, and validation warnings.
 *
 * @example
 * const [{ document, report }] = result.ok ? result.workflows : [];
 */
export interface ImportedWorkflow {
  readonly document: WorkflowDocument;
  readonly report: CompatibilityReport;
  readonly issues: readonly ValidationIssue[];
}

/**
 * The outcome of an import. For an export array, `workflows` has one entry per element and issue
 * paths start with the element index (`[2].nodes[0].name`).
 *
 * @example
 * const result: ImportResult = importN8nWorkflow(file, registry);
 */
export type ImportResult =
  | { readonly ok: true; readonly workflows: readonly ImportedWorkflow[]; readonly wasArray: boolean }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

/**
 * Imports an n8n workflow file: one workflow object, or the array `n8n export:workflow --all` writes.
 * Accepts 0.x to 2.x files. The document is stored as the file said it (legacy spellings, legacy and
 * unknown node types kept verbatim), so exporting it gives the file back; `normalizeWorkflow` gives the
 * engine's view. Validation runs with purpose `import`: only broken structure fails the import;
 * everything else comes back as warnings and in the report.
 *
 * @example
 * const result = importN8nWorkflow(JSON.parse(text), createBuiltinRegistry());
 * if (result.ok) for (const w of result.workflows) console.log(w.report.summary);
 */
export function importN8nWorkflow(
  input: unknown,
  registry: NodeDescriptionRegistry,
  options: Omit<ValidateWorkflowOptions, "purpose"> = {},
): ImportResult {
  const wasArray = Array.isArray(input);
  const elements: unknown[] = wasArray ? (input as unknown[]) : [input];
  if (wasArray && elements.length === 0) {
    return { ok: false, issues: [createIssue("import", "WF_SCHEMA_IMPORT_EMPTY", "", "The export array holds no workflows. Export at least one workflow from n8n.")] };
  }
  const workflows: ImportedWorkflow[] = [];
  const failures: ValidationIssue[] = [];
  elements.forEach((element, index) => {
    const result = validateWorkflow(element, registry, { ...options, purpose: "import" });
    const prefix = (issue: ValidationIssue): ValidationIssue =>
      wasArray ? { ...issue, path: `[${index}]${issue.path === "" || issue.path.startsWith("[") ? "" : "."}${issue.path}` } : issue;
    if (!result.ok) {
      failures.push(...result.issues.map(prefix));
      return;
    }
    workflows.push({ document: result.value, report: buildReport(result.value, registry), issues: result.issues.map(prefix) });
  });
  if (failures.length > 0) return { ok: false, issues: failures };
  return { ok: true, workflows, wasArray };
}

/**
 * The compatibility report for a (valid) document against a registry.
 *
 * @example
 * buildReport(doc, registry).nodes.filter((n) => n.status === "unsupported");
 */
export function buildReport(doc: WorkflowDocument, registry: NodeDescriptionRegistry): CompatibilityReport {
  const nodes = doc.nodes.map((node) => nodeCompatibility(node, registry));
  const credentials: CredentialReference[] = [];
  for (const node of doc.nodes) {
    for (const credentialType of Object.keys(node.credentials ?? {})) {
      const ref = node.credentials?.[credentialType];
      if (typeof ref === "string") credentials.push({ node: node.name, credentialType, id: null, name: ref });
      else if (ref) credentials.push({ node: node.name, credentialType, id: ref.id ?? null, name: ref.name });
    }
  }
  const count = (status: NodeCompatibility["status"]) => nodes.filter((n) => n.status === status).length;
  return {
    nodes,
    credentials,
    legacySpellings: findLegacySpellings(doc),
    summary: { supported: count("supported"), mapped: count("mapped"), unsupported: count("unsupported") },
  };
}

function nodeCompatibility(node: WorkflowNode, registry: NodeDescriptionRegistry): NodeCompatibility {
  const base = { node: node.name, type: node.type, typeVersion: node.typeVersion };
  const resolution = resolveNodeDescription(registry, node.type, node.typeVersion, node.parameters);
  switch (resolution.kind) {
    case "supported":
      return { ...base, status: "supported" };
    case "annotation":
      return { ...base, status: "supported", reason: "Sticky note: a canvas annotation, never executed" };
    case "mapped":
      if (!resolution.description) {
        return {
          ...base,
          status: "unsupported",
          mappedTo: resolution.target.type,
          reason: `${resolution.target.reason}, but this instance does not provide ${resolution.target.type}`,
        };
      }
      return { ...base, status: "mapped", mappedTo: resolution.target.type, reason: resolution.target.reason };
    case "unknownType":
      return {
        ...base,
        status: "unsupported",
        reason:
          node.type === "n8n-nodes-base.itemLists"
            ? `Item Lists operation ${JSON.stringify(node.parameters.operation)} has no equivalent here`
            : "This instance does not provide this node type; it is kept in the document as is",
      };
    case "unknownVersion":
      return {
        ...base,
        status: "unsupported",
        reason: `typeVersion ${node.typeVersion} is not supported (supported: ${resolution.knownVersions.join(", ")})`,
      };
    default: {
      const never: never = resolution;
      return never;
    }
  }
}

function findLegacySpellings(doc: WorkflowDocument): LegacySpelling[] {
  const found: LegacySpelling[] = [];
  if (typeof doc.id === "number") {
    found.push({ kind: "numericWorkflowId", path: "id", message: `Workflow id ${doc.id} is a number (n8n before 1.0). It is kept; new ids are strings.` });
  }
  if (doc.settings?.executionOrder === undefined) {
    found.push({
      kind: "executionOrderMissing",
      path: "settings.executionOrder",
      message: "No settings.executionOrder: the workflow runs in legacy v0 order (breadth-first), as in n8n. Set it to v1 to use the current order.",
    });
  }
  doc.nodes.forEach((node, i) => {
    if (node.continueOnFail === true) {
      found.push({
        kind: "continueOnFail",
        path: formatJsonPath(["nodes", i, "continueOnFail"]),
        node: node.name,
        message:
          node.onError === undefined
            ? `Node "${node.name}" uses continueOnFail, which runs as onError: continueRegularOutput.`
            : `Node "${node.name}" has both continueOnFail and onError; onError (${node.onError}) wins.`,
      });
    }
    for (const type of Object.keys(node.credentials ?? {})) {
      const ref = node.credentials?.[type];
      if (typeof ref === "string" || (ref && (ref.id === undefined || ref.id === null))) {
        found.push({
          kind: "nameOnlyCredential",
          path: formatJsonPath(["nodes", i, "credentials", type]),
          node: node.name,
          message: `Node "${node.name}" refers to its ${type} credential by name only; it is matched by name when mapped.`,
        });
      }
    }
  });
  for (const name of Object.keys(doc.pinData ?? {})) {
    const items = doc.pinData?.[name] ?? [];
    if (items.some((item) => !(item !== null && typeof item === "object" && hasOwn(item, "json")))) {
      found.push({ kind: "barePinData", path: formatJsonPath(["pinData", name]), node: name, message: `Pinned data of "${name}" holds bare objects; they are read as { json } items.` });
    }
  }
  for (const source of Object.keys(doc.connections)) {
    const byType = doc.connections[source] ?? {};
    for (const type of Object.keys(byType)) {
      (byType[type] ?? []).forEach((targets, output) => {
        if (targets === null) {
          found.push({
            kind: "nullConnection",
            path: formatJsonPath(["connections", source, type, output]),
            node: source,
            message: `Output ${output} of "${source}" is null (old files); it is read as unconnected.`,
          });
        }
      });
    }
  }
  if (typeof doc.staticData === "string") {
    found.push({ kind: "staticDataString", path: "staticData", message: "staticData is a JSON string (old files); it is parsed when the workflow runs." });
  }
  return found;
}
