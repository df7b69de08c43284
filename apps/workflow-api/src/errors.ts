import { ServiceError } from "@bos/service-kit";

/** Errors of the workflow API (`WF_AUTH_*`, `WF_WORKFLOW_*`); documented in docs/errors.md. */
export class AuthError extends ServiceError {
  constructor(code: "WF_AUTH_MISSING_TOKEN" | "WF_AUTH_INVALID_TOKEN" | "WF_AUTH_TOKEN_EXPIRED", message: string, details: unknown = {}) {
    super(code, message, 401, details);
  }
}

export class WorkflowNotFoundError extends ServiceError {
  constructor(id: string) {
    super("WF_WORKFLOW_NOT_FOUND", `workflow ${id} does not exist in your tenant`, 404, { id });
  }
}
