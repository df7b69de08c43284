import { type Database, type Transaction, isUuid, withTenant } from "@bos/db";
import { sql } from "kysely";
import type { ExecutionServiceDeps } from "./deps";
import { ExecutionNotFoundError, ExecutionStateError } from "./errors";

/**
 * Cancels a queued, running or waiting execution: status canceled in one commit that also moves the fencing
 * token on (so the worker running it can write nothing more), then the job is removed when it is not
 * active, workers are told to abort the run in progress, and listeners get `execution.finished`.
 * Throws ExecutionNotFoundError (404) or ExecutionStateError (409, already finished).
 */
export async function cancelExecution(
  deps: ExecutionServiceDeps,
  tenantId: string,
  executionId: string,
  options: { onCanceled?: (trx: Transaction<Database>, canceled: { executionId: string; workflowId: string }) => Promise<void> } = {},
): Promise<{ executionId: string; status: "canceled" }> {
  if (!isUuid(executionId)) throw new ExecutionNotFoundError(executionId);
  const row = await withTenant(deps.db, tenantId, async (trx) => {
    const updated = await trx
      .updateTable("executions")
      .set({
        status: "canceled",
        finished_at: sql<Date>`now()`,
        updated_at: sql<Date>`now()`,
        lease_token: sql<string>`lease_token + 1`,
        wait_until: null,
        error: JSON.stringify({ code: "WF_ENGINE_CANCELED", message: "The execution was canceled" }),
      })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", executionId)
      .where("status", "in", ["queued", "running", "waiting"])
      .returning(["id", "workflow_id"])
      .executeTakeFirst();
    if (updated) {
      // The caller's own record of the cancel (the API's audit row) commits with it.
      await options.onCanceled?.(trx, { executionId, workflowId: updated.workflow_id });
      return updated;
    }
    const existing = await trx.selectFrom("executions").select("status").where("tenant_id", "=", tenantId).where("id", "=", executionId).executeTakeFirst();
    if (!existing) throw new ExecutionNotFoundError(executionId);
    throw new ExecutionStateError(executionId, existing.status, "cancel", "Only queued, running and waiting executions can be canceled.");
  });
  try {
    const job = await deps.queue.getJob(executionId);
    if (job && !(await job.isActive())) await job.remove();
  } catch (error) {
    // The worker that picks the job up sees status canceled and drops it; removing is only tidiness.
    deps.log?.warn({ err: error, executionId }, "could not remove the canceled execution's job");
  }
  if (deps.publisher) {
    await deps.publisher.sendControl({ type: "cancel", executionId });
    await deps.publisher.publish(
      { type: "execution.finished", executionId, tenantId, workflowId: row.workflow_id, at: Date.now(), status: "canceled", error: { code: "WF_ENGINE_CANCELED", message: "The execution was canceled" } },
      { status: "canceled", nodeRuns: 0, updatedAt: Date.now() },
    );
  }
  return { executionId, status: "canceled" };
}
