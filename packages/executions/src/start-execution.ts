import { randomUUID } from "node:crypto";
import { type Database, type ExecutionMode, type ExecutionStatus, type Transaction, isUuid, withTenant } from "@bos/db";
import { enqueueJob, executionJob } from "@bos/queue";
import { addUsage, checkRunQuotas } from "./admission";
import type { ExecutionServiceDeps } from "./deps";
import { NoRunnableVersionError, QuotaExceededError, VersionNotFoundError, WorkflowNotFoundForRunError } from "./errors";
import { normalizeInputItems } from "./input-items";
import { monthPeriod, USAGE_METRIC_RUNS, USAGE_METRIC_RUNS_REJECTED } from "./usage-period";
import { type CompletionOutcome, waitForCompletion } from "./wait-for-completion";

export interface StartExecutionRequest {
  tenantId: string;
  workflowId: string;
  /** Run this version; default: the active version (production) or the draft (test, dry-run). */
  versionId?: string;
  mode: ExecutionMode;
  /** What started the run (`manual`, `webhook`, `schedule`, `api`, `retry`...) and its payload. Default `{ kind: "api" }`. */
  trigger?: { kind: string; payload?: unknown };
  /** n8n items or bare objects; the start node's input (default one empty item). */
  input?: unknown;
  /** Wait for the result: true (30 s) or a timeout in ms. On timeout the answer says it is still running. */
  wait?: boolean | { timeoutMs: number };
  /** BullMQ priority (1 highest); default none (before every prioritized job). */
  priority?: number;
  /** The user or API key that asked. */
  createdBy?: string | null;
  /**
   * The execution id to use (a uuid); default a new random one. A caller that must listen before the run
   * starts (the trigger gateway) or wants idempotent starts (an event's deterministic id) passes its own.
   */
  executionId?: string;
  /**
   * Called inside the admission transaction once the execution row is written (admitted, or recorded as
   * rejected over quota), so the caller's own record of the request (the API's audit_log row) commits with it.
   */
  onAdmission?: (trx: Transaction<Database>, admission: { executionId: string; versionId: string; admitted: boolean }) => Promise<void>;
}

export interface StartedExecution {
  executionId: string;
  status: ExecutionStatus;
  /** With `wait`: the outcome (finished with the execution, or still running at the timeout). */
  completion?: CompletionOutcome;
}

/** Internal: a run that continues another (retry, redrive). */
export interface ExecutionSeed {
  retryOf: string;
  attempt: number;
  /** Checkpoint to resume from (retry from the failed node), and the steps to copy with it. */
  runState?: unknown;
  copyStepsFrom?: { executionId: string; excludeStepIds: string[] };
}

const DEFAULT_WAIT_MS = 30_000;

/**
 * Admits and starts one execution: resolves the version, checks the quotas atomically, records the run
 * (status queued) and enqueues its job (job id = execution id). Over quota, the attempt is recorded as an
 * execution with status `failed` and error code WF_QUOTA_EXCEEDED (plus the `runs_rejected` usage counter),
 * then QuotaExceededError (429) is thrown. If Redis refuses the job, the run stays queued in Postgres and the
 * worker's reconciler enqueues it later; the call still succeeds.
 *
 * @example
 * const { executionId } = await startExecution(deps, { tenantId, workflowId, mode: "production", input: [{ a: 1 }] });
 */
export async function startExecution(deps: ExecutionServiceDeps, request: StartExecutionRequest, seed?: ExecutionSeed): Promise<StartedExecution> {
  const input = normalizeInputItems(request.input);
  if (!isUuid(request.workflowId)) throw new WorkflowNotFoundForRunError(request.workflowId);
  const executionId = request.executionId ?? randomUUID();
  const waitMs = request.wait === true ? DEFAULT_WAIT_MS : request.wait ? request.wait.timeoutMs : undefined;
  // Subscribe before the job exists, so a fast run's completion event cannot be missed.
  const waiting = waitMs !== undefined ? await prepareWait(deps, request.tenantId, executionId, waitMs) : undefined;
  try {
    const now = new Date();
    const admitted = await withTenant(deps.db, request.tenantId, async (trx) => {
      const versionId = await resolveVersion(trx, request);
      const verdict = await checkRunQuotas(trx, request.tenantId, now);
      const base = {
        id: executionId,
        tenant_id: request.tenantId,
        workflow_id: request.workflowId,
        version_id: versionId,
        mode: request.mode,
        trigger_kind: request.trigger?.kind ?? "api",
        trigger_payload: request.trigger?.payload === undefined ? null : JSON.stringify(request.trigger.payload),
        input: JSON.stringify(input),
        priority: request.priority ?? 0,
        created_by: request.createdBy ?? null,
        retry_of: seed?.retryOf ?? null,
        attempt: seed?.attempt ?? 1,
      };
      if (!verdict.ok) {
        const error = new QuotaExceededError(verdict.quota ?? "runs_per_month", verdict.limit ?? 0, verdict.used ?? 0, executionId);
        await trx
          .insertInto("executions")
          .values({ ...base, status: "failed", finished_at: now, error: JSON.stringify({ code: error.code, message: error.message, ...(error.details as object) }) })
          .execute();
        await addUsage(trx, request.tenantId, USAGE_METRIC_RUNS_REJECTED, monthPeriod(now));
        await request.onAdmission?.(trx, { executionId, versionId, admitted: false });
        return { rejected: error };
      }
      await trx
        .insertInto("executions")
        .values({ ...base, status: "queued", run_state: seed?.runState === undefined ? null : JSON.stringify(seed.runState) })
        .execute();
      if (seed?.copyStepsFrom) await copySteps(trx, request.tenantId, seed.copyStepsFrom, executionId);
      await addUsage(trx, request.tenantId, USAGE_METRIC_RUNS, monthPeriod(now));
      await request.onAdmission?.(trx, { executionId, versionId, admitted: true });
      return { rejected: undefined };
    });
    if (admitted.rejected) throw admitted.rejected;
    await enqueueExecution(deps, { executionId, tenantId: request.tenantId, priority: request.priority });
    if (!waiting) return { executionId, status: "queued" };
    const completion = await waiting.wait();
    return { executionId, status: completion.status, completion };
  } finally {
    await waiting?.cancel();
  }
}

/** Adds the execution's job; logs (does not throw) when Redis refuses: the reconciler enqueues it later. */
export async function enqueueExecution(
  deps: Pick<ExecutionServiceDeps, "queue" | "log">,
  job: { executionId: string; tenantId: string; priority?: number; delayMs?: number },
): Promise<boolean> {
  try {
    await enqueueJob(deps.queue, executionJob, { executionId: job.executionId, tenantId: job.tenantId }, { jobId: job.executionId, priority: job.priority, delay: job.delayMs });
    return true;
  } catch (error) {
    deps.log?.warn({ err: error, executionId: job.executionId }, "could not enqueue the execution's job; the reconciler will enqueue it");
    return false;
  }
}

async function resolveVersion(trx: Transaction<Database>, request: StartExecutionRequest): Promise<string> {
  const workflow = await trx
    .selectFrom("workflows")
    .select(["id", "active_version_id", "draft_version_id"])
    .where("tenant_id", "=", request.tenantId)
    .where("id", "=", request.workflowId)
    .executeTakeFirst();
  if (!workflow) throw new WorkflowNotFoundForRunError(request.workflowId);
  if (request.versionId) {
    const version = isUuid(request.versionId)
      ? await trx
          .selectFrom("workflow_versions")
          .select("id")
          .where("tenant_id", "=", request.tenantId)
          .where("workflow_id", "=", request.workflowId)
          .where("id", "=", request.versionId)
          .executeTakeFirst()
      : undefined;
    if (!version) throw new VersionNotFoundError(request.workflowId, request.versionId);
    return version.id;
  }
  const versionId = request.mode === "production" ? workflow.active_version_id : (workflow.draft_version_id ?? workflow.active_version_id);
  if (!versionId) throw new NoRunnableVersionError(request.workflowId, request.mode);
  return versionId;
}

async function copySteps(trx: Transaction<Database>, tenantId: string, from: { executionId: string; excludeStepIds: string[] }, to: string): Promise<void> {
  await trx
    .insertInto("execution_steps")
    .columns(["tenant_id", "execution_id", "node_name", "run_index", "attempt", "status", "input_source", "output", "error", "started_at", "finished_at", "execution_index"])
    .expression((eb) => {
      let select = eb
        .selectFrom("execution_steps")
        .select((s) => [
          "tenant_id",
          s.val(to).as("execution_id"),
          "node_name",
          "run_index",
          "attempt",
          "status",
          "input_source",
          "output",
          "error",
          "started_at",
          "finished_at",
          "execution_index",
        ])
        .where("tenant_id", "=", tenantId)
        .where("execution_id", "=", from.executionId);
      if (from.excludeStepIds.length > 0) select = select.where("id", "not in", from.excludeStepIds);
      return select;
    })
    .execute();
}

async function prepareWait(deps: ExecutionServiceDeps, tenantId: string, executionId: string, timeoutMs: number) {
  return waitForCompletion.prepare(deps, tenantId, executionId, timeoutMs);
}
