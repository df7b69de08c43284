import { ServiceError } from "@bos/service-kit";

/**
 * Errors of @bos/executions. Codes are stable (`WF_EXEC_*`, `WF_QUOTA_EXCEEDED`) and documented in
 * docs/errors.md (a test keeps the two in step). They extend ServiceError, so Fastify routes answer them
 * as `{ code, message, details }` with `httpStatus`.
 */
/** The error code of an execution whose job failed on infrastructure errors on every attempt (recorded by the worker). */
export const RETRIES_EXHAUSTED_CODE = "WF_EXEC_RETRIES_EXHAUSTED";

export type QuotaName = "runs_per_month" | "concurrent_runs" | "active_workflows";

/** Admission refused: the tenant is over a quota. The run is recorded (see README) and answered with 429. */
export class QuotaExceededError extends ServiceError {
  constructor(
    readonly quota: QuotaName,
    limit: number,
    used: number,
    executionId?: string,
  ) {
    super(
      "WF_QUOTA_EXCEEDED",
      `quota ${quota} exceeded: ${used} of ${limit} used. ${quota === "runs_per_month" ? "Wait for next month or ask an admin to raise the quota" : quota === "concurrent_runs" ? "Retry when running executions have finished, or ask an admin to raise the quota" : "Archive a workflow or ask an admin to raise the quota"}`,
      429,
      { quota, limit, used, ...(executionId ? { executionId } : {}) },
      { retryable: quota === "concurrent_runs" },
    );
  }
}

export class ExecutionNotFoundError extends ServiceError {
  constructor(id: string) {
    super("WF_EXEC_NOT_FOUND", `no execution ${id} in this tenant`, 404, { executionId: id });
  }
}

export class WorkflowNotFoundForRunError extends ServiceError {
  constructor(id: string) {
    super("WF_EXEC_WORKFLOW_NOT_FOUND", `no workflow ${id} in this tenant`, 404, { workflowId: id });
  }
}

export class VersionNotFoundError extends ServiceError {
  constructor(workflowId: string, versionId: string) {
    super("WF_EXEC_VERSION_NOT_FOUND", `workflow ${workflowId} has no version ${versionId}`, 404, { workflowId, versionId });
  }
}

/** A production run needs an active (published) version; a test run a draft. */
export class NoRunnableVersionError extends ServiceError {
  constructor(workflowId: string, mode: string) {
    super(
      "WF_EXEC_NO_RUNNABLE_VERSION",
      mode === "production"
        ? `workflow ${workflowId} has no active version: publish it before starting production runs`
        : `workflow ${workflowId} has no version to run: save a draft first`,
      409,
      { workflowId, mode },
    );
  }
}

/** Input items that are neither n8n items (`{ json: {...} }`) nor plain objects. */
export class InvalidInputError extends ServiceError {
  constructor(issues: string[]) {
    super("WF_EXEC_INVALID_INPUT", `invalid input items: ${issues.join("; ")}. Pass an array of objects or of { "json": {...} } items`, 400, { issues });
  }
}

/** The execution is in a status the operation does not apply to. */
export class ExecutionStateError extends ServiceError {
  constructor(id: string, status: string, operation: string, hint: string) {
    super("WF_EXEC_INVALID_STATE", `cannot ${operation} execution ${id}: it is ${status}. ${hint}`, 409, { executionId: id, status, operation });
  }
}

export class DeadLetterNotFoundError extends ServiceError {
  constructor(id: string) {
    super("WF_EXEC_DEAD_LETTER_NOT_FOUND", `no dead letter ${id} in this tenant`, 404, { deadLetterId: id });
  }
}

/**
 * A worker's write was refused because another worker (or a cancel) took the execution's lease: its
 * fencing token moved on. The worker stops; the job retries if the execution is not finished.
 */
export class LeaseLostError extends ServiceError {
  constructor(executionId: string, token: string) {
    super("WF_EXEC_LEASE_LOST", `execution ${executionId}: lease token ${token} is no longer current; another worker or a cancel took over`, 409, { executionId, token }, { retryable: true });
  }
}

/** The stored version definition is not a workflow document the engine can run. */
export class InvalidDefinitionError extends ServiceError {
  constructor(versionId: string, reason: string) {
    super("WF_EXEC_INVALID_DEFINITION", `version ${versionId} cannot run: ${reason}`, 422, { versionId });
  }
}
