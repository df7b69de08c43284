import { ServiceError } from "@bos/service-kit";
import type { ValidationIssue } from "@bos/workflow-schema";

/** Errors of the workflow API (`WF_AUTH_*`, `WF_WORKFLOW_*`); documented in docs/errors.md. */
export class AuthError extends ServiceError {
  constructor(
    code: "WF_AUTH_MISSING_TOKEN" | "WF_AUTH_INVALID_TOKEN" | "WF_AUTH_TOKEN_EXPIRED" | "WF_AUTH_INVALID_API_KEY",
    message: string,
    details: unknown = {},
  ) {
    super(code, message, 401, details);
  }
}

/** The caller is known but lacks the role the route needs. */
export class ForbiddenError extends ServiceError {
  constructor(needed: readonly string[], held: readonly string[]) {
    super(
      "WF_AUTH_FORBIDDEN",
      `this route needs the role ${needed.join(" or ")} (or admin); the caller has ${held.length > 0 ? held.join(", ") : "no role"}. Ask an admin for the role`,
      403,
      { needed, held },
    );
  }
}

export class ApiKeyNotFoundError extends ServiceError {
  constructor(id: string) {
    super("WF_AUTH_API_KEY_NOT_FOUND", `API key ${id} does not exist in your tenant`, 404, { id });
  }
}

export class WorkflowNotFoundError extends ServiceError {
  constructor(id: string) {
    super("WF_WORKFLOW_NOT_FOUND", `workflow ${id} does not exist in your tenant`, 404, { id });
  }
}

export class WorkflowVersionNotFoundError extends ServiceError {
  constructor(workflowId: string, version: string) {
    super(
      "WF_WORKFLOW_VERSION_NOT_FOUND",
      `workflow ${workflowId} has no version "${version}"; pass a version id from GET /workflows/${workflowId}/versions, or "draft" / "active"`,
      404,
      { workflowId, version },
    );
  }
}

/** The document failed validation for `purpose`; every issue is listed (errors and warnings). */
export class WorkflowInvalidError extends ServiceError {
  constructor(purpose: string, issues: readonly ValidationIssue[], where = "the workflow") {
    const errors = issues.filter((i) => i.severity === "error");
    super(
      "WF_WORKFLOW_INVALID",
      `${where} is not valid for ${purpose}: ${errors.length} problem(s), first: ${errors[0]?.message ?? "unknown"}. details.issues lists every one with its path`,
      422,
      { purpose, issues },
    );
  }
}

/** A save based on a version that is no longer the draft: someone saved in between. */
export class VersionConflictError extends ServiceError {
  constructor(workflowId: string, baseVersionId: string, currentVersionId: string | null) {
    super(
      "WF_WORKFLOW_VERSION_CONFLICT",
      `workflow ${workflowId} was saved since version ${baseVersionId}: the current draft is ${currentVersionId ?? "(none)"}. ` +
        "Load the current draft, merge your changes, and save with its id as baseVersionId",
      409,
      { workflowId, baseVersionId, currentVersionId },
    );
  }
}

export class PreconditionRequiredError extends ServiceError {
  constructor(workflowId: string) {
    super(
      "WF_WORKFLOW_PRECONDITION_REQUIRED",
      `saving workflow ${workflowId} needs the version you edited: send baseVersionId in the body or an If-Match header with the draftVersionId of GET /workflows/${workflowId}`,
      428,
      { workflowId },
    );
  }
}

export class WorkflowArchivedError extends ServiceError {
  constructor(workflowId: string, operation: string) {
    super("WF_WORKFLOW_ARCHIVED", `workflow ${workflowId} is archived: cannot ${operation}. Publish it again to reactivate it`, 409, {
      workflowId,
      operation,
    });
  }
}

export class WorkflowBusyError extends ServiceError {
  constructor(workflowId: string, unfinished: number) {
    super(
      "WF_WORKFLOW_HAS_UNFINISHED_EXECUTIONS",
      `workflow ${workflowId} has ${unfinished} queued, running or waiting execution(s): cancel them (POST /executions/{id}/cancel) or wait, then delete`,
      409,
      { workflowId, unfinished },
    );
  }
}
