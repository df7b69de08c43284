import type { Database, Kysely } from "@bos/db";
import { sql } from "kysely";
import type { ExecutionServiceDeps } from "./deps";
import { LeaseLostError, RETRIES_EXHAUSTED_CODE } from "./errors";
import type { Notifier } from "./notifier";
import { loadExecutionForRun, StepRecorder } from "./run-store";
import { enqueueExecution } from "./start-execution";

export interface ReconcileOptions {
  /** Only executions not updated for this long are looked at (an admission enqueues just after its commit). Default 30,000 ms. */
  minAgeMs?: number;
  /** Rows read per page. Default 500. */
  pageSize?: number;
}

export interface ReconcileResult {
  /** False when another process held the reconciler lock (nothing was done). */
  ran: boolean;
  scanned: number;
  /** Executions whose job was missing and was enqueued again. */
  requeued: string[];
  /** Executions whose job BullMQ had given up on (failed state): recorded failed, dead-lettered in production. */
  failed: string[];
}

/** Records a fenced final failure (WF_EXEC_RETRIES_EXHAUSTED; dead letter for production runs). False when the run finished meanwhile. */
async function failGivenUpExecution(db: Kysely<Database>, tenantId: string, executionId: string, reason: string, notifier?: Notifier): Promise<boolean> {
  const current = await loadExecutionForRun(db, tenantId, executionId);
  if (!current || ["succeeded", "failed", "canceled"].includes(current.status)) return false;
  const error = { code: RETRIES_EXHAUSTED_CODE, message: `the execution's job failed for good: ${reason}` };
  const recorder = new StepRecorder({ db, tenantId, executionId, leaseToken: current.leaseToken, workerId: "reconciler" });
  try {
    const deadLetterId = await recorder.finish({ status: "failed", error, state: current.resumeState, ...(current.mode === "production" ? { deadLetter: { reason: error.message, error, input: current.input } } : {}) });
    if (deadLetterId) await notifier?.deadLetter({ deadLetterId, tenantId, workflowId: current.workflowId, executionId, reason: error.message, error });
    return true;
  } catch (lost) {
    if (lost instanceof LeaseLostError) return false;
    throw lost;
  }
}

/** The job states in which BullMQ will still run the job. */
const LIVE_STATES = new Set(["waiting", "active", "delayed", "prioritized", "waiting-children"]);

/**
 * Finds executions that Postgres says are queued, running or waiting but whose job Redis no longer has
 * (Redis restarted without its data, a failover lost writes, an enqueue failed after the admission commit)
 * and enqueues them again: queued/running ones at once, waiting ones delayed until their wait ends (or at
 * once when a resume payload arrived). A job BullMQ gave up on (failed state) is not re-added: the execution
 * is recorded failed (`WF_EXEC_RETRIES_EXHAUSTED`, dead letter in production), so a run that kills every
 * worker cannot loop forever. Waiting executions without a deadline (webhook waits) need no job.
 *
 * Safe with several workers: the scan runs under a transaction-scoped Postgres advisory lock taken with
 * pg_try_advisory_xact_lock, so one process reconciles at a time and the others skip the round. The scan
 * crosses tenants through the SECURITY DEFINER function bos_unfinished_executions (ids only). A job re-added
 * for an execution that finished in the meantime is harmless: the worker sees the final status and drops it.
 */
export async function reconcileExecutions(deps: Pick<ExecutionServiceDeps, "db" | "queue" | "log"> & { notifier?: Notifier }, options: ReconcileOptions = {}): Promise<ReconcileResult> {
  const minAgeSeconds = (options.minAgeMs ?? 30_000) / 1000;
  const pageSize = options.pageSize ?? 500;
  return (deps.db as Kysely<Database>).transaction().execute(async (trx) => {
    const lock = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(hashtext('bos:executions-reconciler')) AS ok`.execute(trx);
    if (!lock.rows[0]?.ok) return { ran: false, scanned: 0, requeued: [], failed: [] };
    const requeued: string[] = [];
    const failed: string[] = [];
    let scanned = 0;
    let after: { updated: Date; id: string } | undefined;
    for (;;) {
      const page = await sql<{ id: string; tenant_id: string; status: string; wait_until: Date | null; priority: number; resume_payload_present: boolean; updated_at: Date }>`
        SELECT * FROM bos_unfinished_executions(${minAgeSeconds}, ${after?.updated ?? null}::timestamptz, ${after?.id ?? null}::uuid, ${pageSize})`.execute(trx);
      for (const row of page.rows) {
        scanned++;
        const job = await deps.queue.getJob(row.id);
        if (job) {
          const state = await job.getState();
          if (LIVE_STATES.has(state)) continue;
          if (state === "failed") {
            // BullMQ gave up on it (attempts or stalls exhausted) and the worker could not record that: the
            // execution fails for good instead of being re-added forever (a run that crashes every worker).
            if (await failGivenUpExecution(deps.db, row.tenant_id, row.id, job.failedReason || "the job failed", deps.notifier)) failed.push(row.id);
            continue;
          }
          await job.remove().catch((error: unknown) => deps.log?.warn({ err: error, executionId: row.id }, "could not remove a finished job before re-adding it"));
        }
        let delayMs = 0;
        if (row.status === "waiting" && !row.resume_payload_present) {
          if (!row.wait_until) continue;
          delayMs = Math.max(0, row.wait_until.getTime() - Date.now());
        }
        if (await enqueueExecution(deps, { executionId: row.id, tenantId: row.tenant_id, priority: row.priority || undefined, delayMs })) requeued.push(row.id);
      }
      const last = page.rows[page.rows.length - 1];
      if (!last || page.rows.length < pageSize) break;
      after = { updated: last.updated_at, id: last.id };
    }
    if (requeued.length > 0) deps.log?.info({ requeued: requeued.length }, "reconciler re-enqueued executions whose job Redis had lost");
    if (failed.length > 0) deps.log?.warn({ failed: failed.length }, "reconciler failed executions whose job BullMQ had given up on");
    return { ran: true, scanned, requeued, failed };
  });
}
