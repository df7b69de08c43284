import { z } from "zod";
import { hasOwn } from "./clone-json";
import { WorkflowDocumentSchema, WorkflowNodeSchema, type WorkflowNode } from "./document";
import { formatJsonPath, type JsonPathSegment } from "./json-path";
import type { IssueCode } from "./validation-issue";

/** A problem found by the shape check, before severities are applied. */
export interface StructureProblem {
  readonly code: IssueCode;
  readonly path: string;
  readonly message: string;
  readonly node?: string;
}

const TopLevelSchema = WorkflowDocumentSchema.omit({ nodes: true, connections: true }).extend({
  nodes: z.array(z.unknown()),
  connections: z.record(z.string(), z.unknown()),
});

const FIELD_HINTS: Readonly<Record<string, string>> = {
  name: "Give it a non-empty string name.",
  nodes: "Set it to an array of node objects.",
  connections: "Set it to an object keyed by source node name (it may be {}).",
  typeVersion: "Set it to a number such as 1 or 2.2.",
  position: "Set it to an [x, y] pair of numbers.",
  type: "Set it to the node type, e.g. n8n-nodes-base.noOp.",
  parameters: "Set it to an object (it may be {}).",
  credentials: "Map each credential type to { id, name } or a credential name.",
  onError: "Use stopWorkflow, continueRegularOutput or continueErrorOutput.",
  settings: "Set it to an object.",
  executionOrder: 'Use "v0" or "v1".',
};

/**
 * Checks field types of the document and of each node with the zod schemas, reporting every
 * mismatch. Returns the nodes whose shape is valid (with their indexes) for the later rules.
 * Node names get their own codes (missing, duplicate) elsewhere, so they are skipped here.
 */
export function checkStructure(doc: Readonly<Record<string, unknown>>): {
  problems: StructureProblem[];
  nodes: Array<{ index: number; node: WorkflowNode }>;
} {
  const problems: StructureProblem[] = [];
  const top = TopLevelSchema.safeParse(doc);
  if (!top.success) problems.push(...zodProblems(top.error, []));
  problems.push(...checkProtoKey(doc.pinData, PinItemsSchema, ["pinData"]));
  const rawNodes = Array.isArray(doc.nodes) ? (doc.nodes as unknown[]) : [];
  const nodes: Array<{ index: number; node: WorkflowNode }> = [];
  rawNodes.forEach((raw, index) => {
    const base: JsonPathSegment[] = ["nodes", index];
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
      problems.push({ code: "WF_SCHEMA_FIELD_TYPE", path: formatJsonPath(base), message: `nodes[${index}] is not an object. Each node must be an object with name, type, typeVersion and position.` });
      return;
    }
    const record = raw as Record<string, unknown>;
    const parsed = WorkflowNodeSchema.safeParse(record);
    const name = typeof record.name === "string" && record.name !== "" ? record.name : undefined;
    // The clone, not zod's copy, becomes the node: zod drops keys such as "__proto__" inside parameters.
    const protoProblems = checkProtoKey(record.credentials, CredentialValueSchema, [...base, "credentials"], name);
    problems.push(...protoProblems);
    if (parsed.success && name !== undefined && protoProblems.length === 0) {
      if (!hasOwn(record, "parameters")) record.parameters = {};
      nodes.push({ index, node: record as WorkflowNode });
      return;
    }
    if (!parsed.success) {
      const issues = parsed.error.issues.filter((i) => !(i.path.length === 1 && i.path[0] === "name"));
      problems.push(...zodProblems(new z.ZodError(issues), base, name));
    }
  });
  return { problems, nodes };
}

const PinItemsSchema = z.array(z.unknown());
const CredentialValueSchema = WorkflowNodeSchema.shape.credentials.unwrap().valueType;

/**
 * zod's records skip a `__proto__` key without checking its value, so records that the document
 * keeps as data (pinData, credentials) have that one key checked here.
 */
function checkProtoKey(record: unknown, schema: z.ZodType, base: readonly JsonPathSegment[], node?: string): StructureProblem[] {
  if (record === null || typeof record !== "object" || Array.isArray(record) || !hasOwn(record, "__proto__")) return [];
  const parsed = schema.safeParse((record as Record<string, unknown>)["__proto__"]);
  return parsed.success ? [] : zodProblems(parsed.error, [...base, "__proto__"], node);
}

function zodProblems(error: z.ZodError, base: readonly JsonPathSegment[], node?: string): StructureProblem[] {
  return error.issues
    .filter((issue) => !(base.length === 0 && issue.path[0] === "nodes" && issue.path.length > 1))
    .map((issue) => {
      const segments = [...base, ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))];
      const path = formatJsonPath(segments);
      const field = [...segments].reverse().find((s): s is string => typeof s === "string") ?? "";
      const hint = hasOwn(FIELD_HINTS, field) ? ` ${FIELD_HINTS[field]}` : " Correct it to match the workflow format.";
      const where = node === undefined ? "" : `Node "${node}": `;
      const message = `${where}${path || "document"}: ${issue.message}.${hint}`;
      const problem: StructureProblem = { code: "WF_SCHEMA_FIELD_TYPE", path, message };
      return node === undefined ? problem : { ...problem, node };
    });
}
