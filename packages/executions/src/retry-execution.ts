import { isUuid, withTenant } from "@bos/db";
import type { RunState } from "@bos/engine";
import type { ExecutionServiceDeps } from "./deps";
import { ExecutionNotFoundError, ExecutionStateError } from "./errors";
import { type StartedExecution, type StartExecutionRequest, startExecution } from "./start-execution";

export interface RetryOptions {
  /** `start`: run again from the trigger; `failed-node`: keep the recorded node runs and run the failed node again. Default start. */
  from?: "start" | "failed-node";
  /** `same`: the version the execution ran; `latest`: the active version (production) or the draft (test). Default same. */
  version?: "same" | "latest";
  wait?: boolean | { timeoutMs: number };
  createdBy?: string | null;
  /** Passed to startExecution: runs inside the new execution's admission transaction (the API's audit row). */
  onAdmission?: StartExecutionRequest["onAdmission"];
}

/**
 * Starts a new execution that retries a finished one (failed or canceled; `start` also accepts succeeded).
 * The new run has `retry_of` = the old id and `attempt` + 1, goes through admission (quotas) like any run,
 * and uses the same input. From the failed node, the old run's recorded steps (minus the failed node run)
 * and its final checkpoint are copied, so the worker resumes there; that needs a checkpoint, which failed
 * runs keep.
 */
export async function retryExecution(deps: ExecutionServiceDeps, tenantId: string, executionId: string, options: RetryOptions = {}): Promise<StartedExecution> {
  if (!isUuid(executionId)) throw new ExecutionNotFoundError(executionId);
  const from = options.from ?? "start";
  const old = await withTenant(deps.db, tenantId, async (trx) => {
    const row = await trx
      .selectFrom("executions")
      .select(["id", "workflow_id", "version_id", "mode", "status", "attempt", "input", "run_state", "trigger_kind", "trigger_payload"])
      .where("tenant_id", "=", tenantId)
      .where("id", "=", executionId)
      .executeTakeFirst();
    if (!row) throw new ExecutionNotFoundError(executionId);
    const allowed = from === "start" ? ["failed", "canceled", "succeeded"] : ["failed", "canceled"];
    if (!allowed.includes(row.status)) {
      throw new ExecutionStateError(executionId, row.status, "retry", from === "start" ? "Wait until it has finished." : "Only failed or canceled executions can be retried from the failed node.");
    }
    let excludeStepIds: string[] = [];
    if (from === "failed-node") {
      const state = row.run_state as RunState | null;
      if (!state) throw new ExecutionStateError(executionId, row.status, "retry from the failed node", "It kept no checkpoint (it failed before any node ran, or was rejected); retry from the start.");
      const failedNode = state.stack[0]?.node;
      if (failedNode) {
        const failedStep = await trx
          .selectFrom("execution_steps")
          .select(["id", "status"])
          .where("tenant_id", "=", tenantId)
          .where("execution_id", "=", executionId)
          .where("node_name", "=", failedNode)
          .orderBy("run_index", "desc")
          .executeTakeFirst();
        if (failedStep && failedStep.status === "failed") excludeStepIds = [failedStep.id];
      }
    }
    return { row, excludeStepIds };
  });
  const { row } = old;
  const runState = from === "failed-node" ? withoutFailedRun(row.run_state as RunState) : undefined;
  return startExecution(
    deps,
    {
      tenantId,
      workflowId: row.workflow_id,
      versionId: options.version === "latest" ? undefined : row.version_id,
      mode: row.mode,
      trigger: { kind: row.trigger_kind, payload: row.trigger_payload ?? undefined },
      input: row.input ?? undefined,
      wait: options.wait,
      createdBy: options.createdBy,
      onAdmission: options.onAdmission,
    },
    {
      retryOf: executionId,
      attempt: row.attempt + 1,
      ...(runState ? { runState, copyStepsFrom: { executionId, excludeStepIds: old.excludeStepIds } } : {}),
    },
  );
}

/** The failed run's checkpoint, ready to resume: no suspension, the failed entry first on the stack (as the engine left it). */
function withoutFailedRun(state: RunState): RunState {
  const { suspension: _suspension, ...rest } = state;
  return { ...rest, runData: {} };
}
