/**
 * Why a document is validated, which decides how strict the rules are:
 * - `import`: a file coming in from n8n or another instance; only broken structure is an error;
 * - `save`: a draft in the builder; incomplete configuration is allowed (warnings);
 * - `run`: about to be executed (a manual or CLI run); every readiness problem is an error, but no
 *   production trigger is needed;
 * - `publish`: the version that will run in production; every readiness problem is an error, and an
 *   enabled production trigger is required.
 *
 * @example
 * validateWorkflow(doc, registry, { purpose: "save" });
 */
export type ValidationPurpose = "import" | "save" | "run" | "publish";

/**
 * `error` blocks the purpose; `warning` is shown but does not.
 *
 * @example
 * const blocking = issues.filter((i) => i.severity === "error");
 */
export type IssueSeverity = "error" | "warning";

/**
 * How a rule's severity depends on the purpose:
 * - `structural`: always an error (the document cannot be stored or read reliably);
 * - `readiness`: a warning for import and save, an error for run and publish;
 * - `advisory`: always a warning.
 *
 * @example
 * ISSUE_CODES.WF_SCHEMA_CYCLE.level; // "readiness"
 */
export type IssueLevel = "structural" | "readiness" | "advisory";

/**
 * Every validation issue code, with its level and a one-line meaning. docs/errors.md documents each
 * one; a test keeps the two in step.
 *
 * @example
 * ISSUE_CODES.WF_SCHEMA_NODE_NAME_DUPLICATE.level; // "structural"
 */
export const ISSUE_CODES = {
  WF_SCHEMA_NOT_OBJECT: { level: "structural", summary: "The document (or one workflow in an export array) is not a JSON object." },
  WF_SCHEMA_NOT_JSON: { level: "structural", summary: "The document holds a value JSON cannot represent (a function, a cycle, NaN, Infinity)." },
  WF_SCHEMA_FIELD_TYPE: { level: "structural", summary: "A field is missing or has the wrong type." },
  WF_SCHEMA_DOCUMENT_TOO_LARGE: { level: "structural", summary: "The document's JSON is larger than the size limit." },
  WF_SCHEMA_TOO_MANY_NODES: { level: "structural", summary: "The workflow has more nodes than the node limit." },
  WF_SCHEMA_TOO_DEEP: { level: "structural", summary: "Objects and arrays are nested deeper than the depth limit." },
  WF_SCHEMA_NODE_NAME_MISSING: { level: "structural", summary: "A node has no name, or an empty one." },
  WF_SCHEMA_NODE_NAME_DUPLICATE: { level: "structural", summary: "Two nodes share a name." },
  WF_SCHEMA_NODE_ID_MISSING: { level: "advisory", summary: "A node has no id (old files); diffs match it by name instead." },
  WF_SCHEMA_NODE_ID_DUPLICATE: { level: "structural", summary: "Two nodes share an id." },
  WF_SCHEMA_CONNECTION_SOURCE_UNKNOWN: { level: "structural", summary: "Connections start at a node name that is not in the workflow." },
  WF_SCHEMA_CONNECTION_TARGET_UNKNOWN: { level: "structural", summary: "A connection ends at a node name that is not in the workflow." },
  WF_SCHEMA_CONNECTION_TYPE_UNKNOWN: { level: "structural", summary: "A connection type is not `main` or one of n8n's `ai_*` types." },
  WF_SCHEMA_CONNECTION_OUTPUT_INDEX: { level: "readiness", summary: "A connection leaves an output index the source node does not have." },
  WF_SCHEMA_CONNECTION_INPUT_INDEX: { level: "readiness", summary: "A connection enters an input index the target node does not have." },
  WF_SCHEMA_NODE_TYPE_UNKNOWN: { level: "readiness", summary: "No node description is registered for the node's type." },
  WF_SCHEMA_NODE_VERSION_UNSUPPORTED: { level: "readiness", summary: "The node type is known but not at this typeVersion." },
  WF_SCHEMA_PARAM_REQUIRED: { level: "readiness", summary: "A required parameter that is shown has no value." },
  WF_SCHEMA_PARAM_TYPE: { level: "readiness", summary: "A parameter value has the wrong type for its description." },
  WF_SCHEMA_PARAM_OPTION: { level: "readiness", summary: "A parameter value is not among the description's options." },
  WF_SCHEMA_EXPRESSION_SYNTAX: { level: "readiness", summary: "An expression (`={{ ... }}`) has a syntax error." },
  WF_SCHEMA_NO_TRIGGER: { level: "readiness", summary: "No enabled trigger that can start production executions (checked for publish only)." },
  WF_SCHEMA_CYCLE: { level: "readiness", summary: "Connections form a cycle that passes through no node allowed to loop." },
  WF_SCHEMA_TRY_END_UNMATCHED: { level: "readiness", summary: "A Try End (bos.tryEnd) that no Try/Catch's 'try' output reaches closes no region." },
  WF_SCHEMA_WEBHOOK_CLASH: { level: "readiness", summary: "Two enabled Webhook nodes listen on the same path and HTTP method." },
  WF_SCHEMA_PIN_DATA_NODE_UNKNOWN: { level: "advisory", summary: "pinData is keyed by a node name that is not in the workflow." },
  WF_SCHEMA_IMPORT_EMPTY: { level: "structural", summary: "An n8n export array holds no workflows." },
} as const satisfies Record<string, { level: IssueLevel; summary: string }>;

/**
 * A stable issue code (`WF_SCHEMA_...`).
 *
 * @example
 * const code: IssueCode = "WF_SCHEMA_PARAM_REQUIRED";
 */
export type IssueCode = keyof typeof ISSUE_CODES;

/**
 * One problem found in a workflow document.
 *
 * @example
 * const issue: ValidationIssue = {
 *   code: "WF_SCHEMA_PARAM_REQUIRED", severity: "warning", path: "nodes[2].parameters.url", node: "Fetch",
 *   message: 'Node "Fetch": parameter "url" is required. Enter the URL to call.',
 * };
 */
export interface ValidationIssue {
  readonly code: IssueCode;
  readonly severity: IssueSeverity;
  /** JSON path into the document, e.g. `nodes[3].parameters.rules.values[0]`; "" for the document itself. */
  readonly path: string;
  /** The node the problem belongs to, when there is one. */
  readonly node?: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/**
 * The severity of a code for a purpose (see {@link IssueLevel}).
 *
 * @example
 * severityFor("WF_SCHEMA_CYCLE", "save"); // "warning"
 * severityFor("WF_SCHEMA_CYCLE", "publish"); // "error"
 */
export function severityFor(code: IssueCode, purpose: ValidationPurpose): IssueSeverity {
  const level: IssueLevel = ISSUE_CODES[code].level;
  switch (level) {
    case "structural":
      return "error";
    case "advisory":
      return "warning";
    case "readiness":
      return purpose === "publish" || purpose === "run" ? "error" : "warning";
    default:
      return assertNever(level);
  }
}

/**
 * Makes an issue with the severity its code has for the purpose.
 *
 * @example
 * createIssue("save", "WF_SCHEMA_NODE_NAME_MISSING", "nodes[0].name", "Node 0 has no name. Give it a unique name.");
 */
export function createIssue(
  purpose: ValidationPurpose,
  code: IssueCode,
  path: string,
  message: string,
  node?: string,
): ValidationIssue {
  const issue = { code, severity: severityFor(code, purpose), path, message };
  return node === undefined ? issue : { ...issue, node };
}

/**
 * Exhaustiveness guard for switches over unions.
 *
 * @example
 * default: return assertNever(kind);
 */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
