/**
 * The engine's error registry. Every error the engine itself raises has a stable `WF_ENGINE_*` code,
 * documented in docs/errors.md (a test keeps the two in step). Errors that nodes raise are node-sdk's
 * NodeError classes and keep their own codes.
 *
 * Two families:
 * - "cannot run" errors (`run()` rejects with them): the document or the options are unusable;
 * - execution errors (recorded on the failing node's run, the run ends with status error/canceled).
 */

export interface EngineErrorOptions {
  /** The node the error belongs to, when there is one. */
  node?: string;
  /** What to do about it. */
  description?: string;
  cause?: unknown;
}

interface EngineErrorSpec {
  readonly code: string;
  /** Whether running again could succeed without changing the workflow. */
  readonly retryable: boolean;
}

/** Every engine error code, with whether retrying can help. */
export const ENGINE_ERROR_CODES = {
  WF_ENGINE_UNKNOWN_NODE_TYPE: { code: "WF_ENGINE_UNKNOWN_NODE_TYPE", retryable: false },
  WF_ENGINE_NO_START_NODE: { code: "WF_ENGINE_NO_START_NODE", retryable: false },
  WF_ENGINE_START_NODE_NOT_FOUND: { code: "WF_ENGINE_START_NODE_NOT_FOUND", retryable: false },
  WF_ENGINE_INVALID_RESUME_STATE: { code: "WF_ENGINE_INVALID_RESUME_STATE", retryable: false },
  WF_ENGINE_INVALID_NODE_OUTPUT: { code: "WF_ENGINE_INVALID_NODE_OUTPUT", retryable: false },
  WF_ENGINE_SUBWORKFLOW_DEPTH: { code: "WF_ENGINE_SUBWORKFLOW_DEPTH", retryable: false },
  WF_ENGINE_SUBWORKFLOW_NOT_FOUND: { code: "WF_ENGINE_SUBWORKFLOW_NOT_FOUND", retryable: false },
  WF_ENGINE_SUBWORKFLOW_FAILED: { code: "WF_ENGINE_SUBWORKFLOW_FAILED", retryable: false },
  WF_ENGINE_SUBWORKFLOW_WAITING: { code: "WF_ENGINE_SUBWORKFLOW_WAITING", retryable: false },
  WF_ENGINE_SUBWORKFLOW_NOT_ALLOWED: { code: "WF_ENGINE_SUBWORKFLOW_NOT_ALLOWED", retryable: false },
  WF_ENGINE_CREDENTIALS_UNAVAILABLE: { code: "WF_ENGINE_CREDENTIALS_UNAVAILABLE", retryable: false },
  WF_ENGINE_NOT_SIMULATABLE: { code: "WF_ENGINE_NOT_SIMULATABLE", retryable: false },
  WF_ENGINE_CANCELED: { code: "WF_ENGINE_CANCELED", retryable: false },
  WF_ENGINE_TIMEOUT: { code: "WF_ENGINE_TIMEOUT", retryable: true },
  WF_ENGINE_PARTIAL_RUN: { code: "WF_ENGINE_PARTIAL_RUN", retryable: false },
  WF_ENGINE_DEBUG_SESSION: { code: "WF_ENGINE_DEBUG_SESSION", retryable: false },
  WF_ENGINE_INVALID_TRY_REGION: { code: "WF_ENGINE_INVALID_TRY_REGION", retryable: false },
} as const satisfies Record<string, EngineErrorSpec>;

export type EngineErrorCode = keyof typeof ENGINE_ERROR_CODES;

/** Base class of the engine's own errors. */
export class EngineError extends Error {
  readonly code: EngineErrorCode;
  readonly retryable: boolean;
  readonly node?: string;
  readonly description?: string;

  constructor(code: EngineErrorCode, message: string, options: EngineErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = ENGINE_ERROR_CODES[code].retryable;
    this.node = options.node;
    this.description = options.description;
  }
}

/** A node of a type no registered node implements. */
export class UnknownNodeTypeError extends EngineError {
  constructor(node: string, type: string, typeVersion: number) {
    super("WF_ENGINE_UNKNOWN_NODE_TYPE", `Node "${node}" has type ${type} v${typeVersion}, which this engine does not know`, {
      node,
      description: "Install the package that provides this node type, change the node's type, or disable the node.",
    });
  }
}

/** No node can start the run. */
export class NoStartNodeError extends EngineError {
  constructor(detail: string) {
    super("WF_ENGINE_NO_START_NODE", `The workflow has no node to start from: ${detail}`, {
      description: "Add a trigger (Manual Trigger, Webhook, Schedule, Execute Workflow Trigger) or name the start node.",
    });
  }
}

/** The named start node does not exist (or is disabled). */
export class StartNodeNotFoundError extends EngineError {
  constructor(name: string, reason: string) {
    super("WF_ENGINE_START_NODE_NOT_FOUND", `Cannot start from node "${name}": ${reason}`, {
      node: name,
      description: "Pass the exact name of an enabled node of this workflow.",
    });
  }
}

/** A resume state that does not belong to this engine version or this workflow. */
export class InvalidResumeStateError extends EngineError {
  constructor(reason: string) {
    super("WF_ENGINE_INVALID_RESUME_STATE", `The saved run state cannot be resumed: ${reason}`, {
      description: "Resume with the state exactly as the engine returned it, against the same workflow version.",
    });
  }
}

/** A node returned something that is not item arrays. */
export class InvalidNodeOutputError extends EngineError {
  constructor(node: string, reason: string) {
    super("WF_ENGINE_INVALID_NODE_OUTPUT", `Node "${node}" returned invalid output: ${reason}`, {
      node,
      description: "A node must return one array of items ({ json: {...} }) per output.",
    });
  }
}

/** Sub-workflows nested deeper than the limit (recursion guard). */
export class SubworkflowDepthError extends EngineError {
  constructor(node: string, limit: number) {
    super("WF_ENGINE_SUBWORKFLOW_DEPTH", `Node "${node}" would start a sub-workflow deeper than ${limit} levels`, {
      node,
      description: "A workflow probably calls itself, directly or through others. Break the cycle or raise the engine's maxSubworkflowDepth.",
    });
  }
}

/** A dry run reached a node with side effects that cannot say what it would have done. */
export class NotSimulatableError extends EngineError {
  constructor(node: string, type: string) {
    super("WF_ENGINE_NOT_SIMULATABLE", `Node "${node}" (${type}) has side effects and no simulation, so a dry run cannot run it`, {
      node,
      description: "Disable the node for the dry run, pin its output, or give the node type a simulate() implementation.",
    });
  }
}

/** The canceled run's error (AbortSignal from the host). */
export class ExecutionCanceledError extends EngineError {
  constructor(reason?: string) {
    super("WF_ENGINE_CANCELED", reason ? `The execution was canceled: ${reason}` : "The execution was canceled");
  }
}

/** settings.executionTimeout elapsed. */
export class ExecutionTimeoutError extends EngineError {
  constructor(seconds: number) {
    super("WF_ENGINE_TIMEOUT", `The execution exceeded its timeout of ${seconds} s and was canceled`, {
      description: "Raise settings.executionTimeout, or make the slow nodes faster.",
    });
  }
}

/** A partial run (run from a node / run up to a node) that cannot start as asked. */
export class PartialRunError extends EngineError {
  constructor(message: string, description: string, node?: string) {
    super("WF_ENGINE_PARTIAL_RUN", message, { node, description });
  }
}

/** A debug session command that does not fit the session (unknown node, finished session, bad state). */
export class DebugSessionError extends EngineError {
  constructor(message: string, description: string, node?: string) {
    super("WF_ENGINE_DEBUG_SESSION", message, { node, description });
  }
}

/** A Try End (`bos.tryEnd`) that no Try/Catch's "try" output reaches: it would close no region. */
export class InvalidTryRegionError extends EngineError {
  constructor(node: string) {
    super("WF_ENGINE_INVALID_TRY_REGION", `Try End "${node}" closes no Try/Catch: no Try/Catch's 'try' output reaches it`, {
      node,
      description: "Put the Try End after the nodes a Try/Catch protects (reachable from its 'try' output), or remove it.",
    });
  }
}
