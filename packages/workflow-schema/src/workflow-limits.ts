/**
 * Size limits a workflow document must stay within. They protect the API, the database and the
 * builder from documents that are too big to handle, whether by mistake or on purpose.
 *
 * @example
 * validateWorkflow(doc, registry, { limits: { maxNodes: 500 } });
 */
export interface WorkflowLimits {
  /** Size of the document as UTF-8 JSON, in bytes. Default 5 MB (5 * 1024 * 1024). */
  readonly maxDocumentBytes: number;
  /** Number of nodes, sticky notes included. Default 2,000. */
  readonly maxNodes: number;
  /** Nesting depth of objects and arrays; the document itself is depth 1. Default 64. */
  readonly maxDepth: number;
}

/**
 * The default limits: 5 MB of JSON, 2,000 nodes, nesting depth 64.
 *
 * @example
 * DEFAULT_WORKFLOW_LIMITS.maxNodes; // 2000
 */
export const DEFAULT_WORKFLOW_LIMITS: WorkflowLimits = Object.freeze({
  maxDocumentBytes: 5 * 1024 * 1024,
  maxNodes: 2000,
  maxDepth: 64,
});
