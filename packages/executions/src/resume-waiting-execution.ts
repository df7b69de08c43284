import { isUuid, withTenant } from "@bos/db";
import { sql } from "kysely";
import type { ExecutionServiceDeps } from "./deps";
import { ExecutionNotFoundError, ExecutionStateError } from "./errors";
import { normalizeInputItems } from "./input-items";
import { enqueueExecution } from "./start-execution";

/**
 * Resumes a waiting execution now (the gateway calls it when a Wait node's webhook or form is called): stores
 * the payload (it becomes the Wait node's output) and makes the job run at once.
 */
export async function resumeWaitingExecution(deps: ExecutionServiceDeps, tenantId: string, executionId: string, payload?: unknown): Promise<void> {
  if (!isUuid(executionId)) throw new ExecutionNotFoundError(executionId);
  const items = payload === undefined ? undefined : normalizeInputItems(payload);
  const updated = await withTenant(deps.db, tenantId, async (trx) => {
    const row = await trx
      .updateTable("executions")
      .set({ resume_payload: JSON.stringify({ items: items ?? null }), updated_at: sql<Date>`now()` })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", executionId)
      .where("status", "=", "waiting")
      .returning(["id", "priority"])
      .executeTakeFirst();
    if (row) return row;
    const existing = await trx.selectFrom("executions").select("status").where("tenant_id", "=", tenantId).where("id", "=", executionId).executeTakeFirst();
    if (!existing) throw new ExecutionNotFoundError(executionId);
    throw new ExecutionStateError(executionId, existing.status, "resume", "Only waiting executions can be resumed.");
  });
  const job = await deps.queue.getJob(executionId);
  if (job && (await job.isDelayed())) await job.promote();
  else if (!job) await enqueueExecution(deps, { executionId, tenantId, priority: updated.priority || undefined });
}
