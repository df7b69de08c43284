import { EngineError } from "@bos/engine";
import { ServiceError } from "@bos/service-kit";

/** No debug session with this id in the caller's tenant (or the execution is not a debug session). */
export class DebugSessionNotFoundError extends ServiceError {
  constructor(id: string) {
    super("WF_DEBUG_SESSION_NOT_FOUND", `debug session ${id} does not exist in your tenant`, 404, { id });
  }
}

/** Another command on the same session is running (or ran since this one read it). */
export class DebugSessionBusyError extends ServiceError {
  constructor(id: string) {
    super("WF_DEBUG_SESSION_BUSY", `debug session ${id} is running another command; send this one when it has answered`, 409, { id });
  }
}

/** `POST /workflows/{id}/test` with an `executionId` whose run data is not in the tenant. */
export class RunDataNotFoundError extends ServiceError {
  constructor(executionId: string) {
    super("WF_WORKFLOW_RUN_DATA_NOT_FOUND", `execution ${executionId} does not exist in your tenant, so its run data cannot feed a partial run`, 404, { executionId });
  }
}

/**
 * The engine's refusals as API errors: a debug command that does not fit the session is a conflict (409);
 * a run that cannot start as asked (partial run, unknown node type, no start node...) is unprocessable (422).
 */
export function asServiceError(error: unknown): unknown {
  if (!(error instanceof EngineError)) return error;
  const status = error.code === "WF_ENGINE_DEBUG_SESSION" ? 409 : 422;
  return new ServiceError(error.code, error.message, status, { ...(error.node ? { node: error.node } : {}), ...(error.description ? { description: error.description } : {}) });
}
