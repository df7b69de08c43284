import { cloneJson, hasOwn, utf8ByteLength } from "./clone-json";
import type { WorkflowDocument } from "./document";
import { formatJsonPath } from "./json-path";
import type { NodeDescriptionRegistry } from "./node-description";
import { resolveNodeDescription } from "./resolve-node-description";
import { createValidationContext, type CheckedNode } from "./validation-context";
import { createIssue, type ValidationIssue, type ValidationPurpose } from "./validation-issue";
import { validateConnections } from "./validate-connections";
import { validateCycles } from "./validate-cycles";
import { validateExpressions } from "./validate-expressions";
import { validateNodeIdentity } from "./validate-node-identity";
import { validateNodeTypes } from "./validate-node-types";
import { validateParameters } from "./validate-parameters";
import { validatePinData } from "./validate-pin-data";
import { checkStructure } from "./validate-structure";
import { validateTrigger } from "./validate-trigger";
import { validateTryRegions } from "./validate-try-regions";
import { validateWebhooks } from "./validate-webhooks";
import { DEFAULT_WORKFLOW_LIMITS, type WorkflowLimits } from "./workflow-limits";

/**
 * Options for {@link validateWorkflow}.
 *
 * @example
 * validateWorkflow(doc, registry, { purpose: "publish", limits: { maxNodes: 500 } });
 */
export interface ValidateWorkflowOptions {
  /** Which rules are errors (see ValidationPurpose). Default `save`. */
  readonly purpose?: ValidationPurpose;
  /** Overrides of the default limits (5 MB, 2,000 nodes, depth 64). */
  readonly limits?: Partial<WorkflowLimits>;
  /** The document's size in bytes when the caller already knows it (e.g. the request body length). */
  readonly sizeBytes?: number;
}

/**
 * The outcome of validation. `ok` is true when no issue is an error; warnings come back either way.
 * `value` is a copy of the input (own keys only, so `__proto__` stays data) with `parameters: {}`
 * filled in where a node had none and `type: "main"` on connection targets that had none.
 *
 * @example
 * const result: ValidationResult = validateWorkflow(doc, registry);
 */
export type ValidationResult =
  | { readonly ok: true; readonly value: WorkflowDocument; readonly issues: readonly ValidationIssue[] }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

/**
 * Validates a workflow document against the format and a registry of node descriptions, returning
 * every problem at once. Each issue has a stable code, a JSON path, the node name where there is one,
 * and a message that says how to fix it. Nothing in the document is executed or used to load code.
 *
 * Order of checks: limits first (a document over the size, node or depth limit is rejected with only
 * those issues, so huge inputs cost no more work), then shape, node identity, node types, parameters,
 * expressions, connections, cycles, webhook clashes, pinData keys, and (for publish) the trigger rule.
 *
 * @example
 * const result = validateWorkflow(JSON.parse(text), createBuiltinRegistry(), { purpose: "publish" });
 * if (!result.ok) for (const issue of result.issues) console.log(issue.code, issue.path, issue.message);
 */
export function validateWorkflow(
  doc: unknown,
  registry: NodeDescriptionRegistry,
  options: ValidateWorkflowOptions = {},
): ValidationResult {
  const purpose = options.purpose ?? "save";
  const limits: WorkflowLimits = { ...DEFAULT_WORKFLOW_LIMITS, ...options.limits };
  const early = (issues: ValidationIssue[]): ValidationResult => finish(issues, undefined);

  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    const what = Array.isArray(doc) ? "an array (an n8n export of several workflows? import it instead)" : doc === null ? "null" : `a ${typeof doc}`;
    return early([createIssue(purpose, "WF_SCHEMA_NOT_OBJECT", "", `The workflow must be a JSON object, but it is ${what}.`)]);
  }
  const cloned = cloneJson(doc, limits.maxDepth);
  const limitIssues: ValidationIssue[] = [];
  for (const problem of cloned.problems) {
    const path = formatJsonPath(problem.path);
    if (problem.kind === "tooDeep") {
      limitIssues.push(createIssue(purpose, "WF_SCHEMA_TOO_DEEP", path, `The document is nested deeper than ${limits.maxDepth} levels at ${path}. Flatten the data (pinned data and parameters are the usual cause).`));
    } else {
      limitIssues.push(createIssue(purpose, "WF_SCHEMA_NOT_JSON", path, `${path || "The document"} holds ${problem.what}, which JSON cannot represent. Replace it with a JSON value.`));
    }
  }
  const value = cloned.value as Record<string, unknown>;
  const size = options.sizeBytes ?? utf8ByteLength(JSON.stringify(value));
  if (size > limits.maxDocumentBytes) {
    limitIssues.push(createIssue(purpose, "WF_SCHEMA_DOCUMENT_TOO_LARGE", "", `The document is ${size} bytes of JSON; the limit is ${limits.maxDocumentBytes}. Remove pinned data or split the workflow.`));
  }
  const nodeCount = Array.isArray(value.nodes) ? value.nodes.length : 0;
  if (nodeCount > limits.maxNodes) {
    limitIssues.push(createIssue(purpose, "WF_SCHEMA_TOO_MANY_NODES", "nodes", `The workflow has ${nodeCount} nodes; the limit is ${limits.maxNodes}. Split it into sub-workflows.`));
  }
  if (limitIssues.length > 0) return early(limitIssues);

  const structure = checkStructure(value);
  const nodes: CheckedNode[] = structure.nodes.map(({ index, node }) => ({
    index,
    node,
    resolution: resolveNodeDescription(registry, node.type, node.typeVersion, node.parameters),
  }));
  const nodesByName = new Map<string, CheckedNode>();
  for (const checked of nodes) if (!nodesByName.has(checked.node.name)) nodesByName.set(checked.node.name, checked);
  const allNames = new Set<string>();
  for (const raw of Array.isArray(value.nodes) ? (value.nodes as unknown[]) : []) {
    if (raw !== null && typeof raw === "object" && typeof (raw as { name?: unknown }).name === "string") {
      allNames.add((raw as { name: string }).name);
    }
  }
  const ctx = createValidationContext({ purpose, registry, limits, doc: value, nodes, nodesByName, allNames });
  for (const problem of structure.problems) ctx.report(problem.code, problem.path, problem.message, problem.node);
  validateNodeIdentity(ctx);
  validateNodeTypes(ctx);
  validateParameters(ctx);
  validateExpressions(ctx);
  validateConnections(ctx);
  validateCycles(ctx);
  validateTryRegions(ctx);
  validateWebhooks(ctx);
  validatePinData(ctx);
  validateTrigger(ctx);
  fillConnectionTypes(value.connections);
  return finish(ctx.issues, value as WorkflowDocument);
}

function finish(issues: ValidationIssue[], value: WorkflowDocument | undefined): ValidationResult {
  if (value === undefined || issues.some((issue) => issue.severity === "error")) return { ok: false, issues };
  return { ok: true, value, issues };
}

/** Connection targets without `type` get the type of the output they hang off (n8n writes it always). */
function fillConnectionTypes(connections: unknown): void {
  if (connections === null || typeof connections !== "object") return;
  for (const source of Object.keys(connections)) {
    const byType = (connections as Record<string, unknown>)[source];
    if (byType === null || typeof byType !== "object") continue;
    for (const type of Object.keys(byType)) {
      const outputs = (byType as Record<string, unknown>)[type];
      if (!Array.isArray(outputs)) continue;
      for (const targets of outputs) {
        if (!Array.isArray(targets)) continue;
        for (const target of targets) {
          if (target !== null && typeof target === "object" && !hasOwn(target, "type")) {
            (target as Record<string, unknown>).type = type;
          }
        }
      }
    }
  }
}
