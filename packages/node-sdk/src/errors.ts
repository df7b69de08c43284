/**
 * Errors a node throws. Each has a stable `code`, and says whether retrying can help.
 *
 * @example
 * throw new NodeOperationError("The field 'email' is missing", { itemIndex: 2, description: "Add it upstream" });
 */

export interface NodeErrorOptions {
  /** The item being processed, when the error belongs to one. */
  itemIndex?: number;
  /** What to do about it, for the person reading the error. */
  description?: string;
  /** Whether running the node again could succeed (default false). */
  retryable?: boolean;
  cause?: unknown;
}

/** Base class of every error a node raises on purpose. */
export class NodeError extends Error {
  readonly code: string;
  readonly itemIndex?: number;
  readonly description?: string;
  readonly retryable: boolean;

  constructor(code: string, message: string, options: NodeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.itemIndex = options.itemIndex;
    this.description = options.description;
    this.retryable = options.retryable ?? false;
  }
}

/** The node's own logic failed (bad parameter value, missing field...). n8n: NodeOperationError. */
export class NodeOperationError extends NodeError {
  constructor(message: string, options: NodeErrorOptions = {}) {
    super("WF_NODE_OPERATION", message, options);
  }
}

/**
 * A remote API answered with an error, or could not be reached. n8n: NodeApiError. `code` defaults to
 * `WF_NODE_API`; the HTTP client passes its own (`WF_HTTP_STATUS`, `WF_HTTP_TIMEOUT`...).
 */
export class NodeApiError extends NodeError {
  readonly httpCode?: number;
  constructor(message: string, options: NodeErrorOptions & { httpCode?: number; code?: string } = {}) {
    super(options.code ?? "WF_NODE_API", message, { retryable: options.httpCode === undefined || options.httpCode >= 500 || options.httpCode === 429, ...options });
    this.httpCode = options.httpCode;
  }
}

/** An expression could not be evaluated. n8n: ExpressionError. */
export class ExpressionError extends NodeError {
  readonly parameter?: string;
  /** `code` overrides WF_EXPRESSION for sandbox failures (WF_SANDBOX_TIMEOUT, WF_SANDBOX_MEMORY_LIMIT...). */
  constructor(message: string, options: NodeErrorOptions & { parameter?: string; code?: string } = {}) {
    super(options.code ?? "WF_EXPRESSION", message, options);
    this.parameter = options.parameter;
  }
}

/** Sandboxed user code failed (threw, timed out, ran out of memory, returned bad data). */
export class CodeExecutionError extends NodeError {
  readonly lineNumber?: number;
  constructor(message: string, options: NodeErrorOptions & { lineNumber?: number; code?: string } = {}) {
    super(options.code ?? "WF_CODE_EXECUTION", message, options);
    this.lineNumber = options.lineNumber;
  }
}
