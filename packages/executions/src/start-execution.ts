import { randomUUID } from "node:crypto";
import { type Database, type ExecutionMode, type ExecutionStatus, flushWal, type Transaction, isUuid, withTenant } from "@bos/db";
import { ADMITTED_SNAPSHOT_MAX_BYTES, enqueueJob, type ExecutionJobPayload, executionJob } from "@bos/queue";
import { type InsertObject, sql } from "kysely";
import type { ExecutionServiceDeps } from "./deps";
import { NoRunnableVersionError, QuotaExceededError, type QuotaName, VersionNotFoundError, WorkflowNotFoundForRunError } from "./errors";
import { admissionBatcherFor } from "./admission-batcher";
import { normalizeInputItems } from "./input-items";
import { monthPeriod } from "./usage-period";
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
  onAdmission?: (trx: Transaction<Database>, admission: AdmissionInfo) => Promise<void>;
  /**
   * The audit_log row recording the request, written only when the execution is recorded (admitted, or
   * rejected over quota) and committed with it. Admission adds `versionId` and `admitted` to its `details`.
   * Unlike onAdmission it costs no round trip of its own: without hooks a batch's rows are inserted by the
   * admission statement itself.
   */
  audit?: AuditLogRow;
  /**
   * `deferred`: the admission's commit returns without waiting for Postgres to flush it to disk (0.3-0.4 ms
   * less here). Only for a caller that tells nobody about the execution before a later flushed commit
   * covers it (Postgres flushes its WAL in order, and the worker's commits of the run are flushed), or
   * before it calls `flushWal` (@bos/db) itself: a synchronous webhook answers with the run's result, or
   * with a 202 after flushing. An over-quota rejection is flushed before the 429. Default: `deferred` with
   * `wait` (startExecution flushes before answering "still running" or failing), else `flushed`.
   */
  admissionCommit?: "flushed" | "deferred";
}

/** The execution a request created, as admission hooks see it. */
export interface AdmissionInfo {
  executionId: string;
  versionId: string;
  admitted: boolean;
}

/** An audit_log row as kysely inserts it. */
export type AuditLogRow = InsertObject<Database, "audit_log">;

/** The details of an audit row as an object (kysely takes them as JSON text or as a value). */
export function auditDetails(row: AuditLogRow): Record<string, unknown> {
  const details: unknown = typeof row.details === "string" ? JSON.parse(row.details) : row.details;
  return details !== null && typeof details === "object" && !Array.isArray(details) ? (details as Record<string, unknown>) : {};
}

/** `audit` with the admission's outcome in its details (what both admission paths write). */
export function auditRowFor(audit: AuditLogRow, info: AdmissionInfo): AuditLogRow {
  return { ...audit, details: JSON.stringify({ ...auditDetails(audit), versionId: info.versionId, admitted: info.admitted }) };
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
  // A caller that waits answers with the run's result (after the worker's flushed commits) or flushes first.
  const deferred = (request.admissionCommit ?? (waiting ? "deferred" : "flushed")) === "deferred";
  try {
    const admitted = await admitExecution(deps, request, executionId, input, seed, deferred);
    if (admitted.outcome === "rejected") {
      // The 429 says the attempt was recorded: make it durable first.
      if (deferred) await flushWal(deps.db);
      throw new QuotaExceededError((admitted.quota ?? "runs_per_month") as QuotaName, Number(admitted.quota_limit ?? 0), Number(admitted.used ?? 0), executionId);
    }
    const snapshot = seed ? undefined : admittedSnapshot(request, admitted.version_id, input);
    await enqueueExecution(deps, { executionId, tenantId: request.tenantId, priority: request.priority, ...(snapshot ? { admitted: snapshot } : {}) });
    if (!waiting) return { executionId, status: "queued" };
    let completion: CompletionOutcome;
    try {
      completion = await waiting.wait();
    } catch (error) {
      if (deferred) await flushWal(deps.db).catch(() => undefined);
      throw error;
    }
    // Still running (or waiting) at the timeout: the answer names the execution, so its admission must be durable.
    if (!completion.done && deferred) await flushWal(deps.db);
    return { executionId, status: completion.status, completion };
  } finally {
    await waiting?.cancel();
  }
}

/**
 * What the job carries of a run admission has just committed (see executionJob's `admitted`), or undefined
 * when its input is too large to copy into Redis (the worker reads Postgres then).
 */
function admittedSnapshot(request: StartExecutionRequest, versionId: string | null, input: unknown): AdmittedSnapshot | undefined {
  if (!versionId || !Array.isArray(input)) return undefined;
  if (Buffer.byteLength(JSON.stringify(input)) > ADMITTED_SNAPSHOT_MAX_BYTES) return undefined;
  return { workflowId: request.workflowId, versionId, mode: request.mode, input, ...(request.trigger?.payload !== undefined ? { triggerPayload: request.trigger.payload } : {}) };
}

type AdmittedSnapshot = NonNullable<ExecutionJobPayload["admitted"]>;

/** Adds the execution's job; logs (does not throw) when Redis refuses: the reconciler enqueues it later. */
export async function enqueueExecution(
  deps: Pick<ExecutionServiceDeps, "queue" | "log">,
  job: { executionId: string; tenantId: string; priority?: number; delayMs?: number; admitted?: AdmittedSnapshot },
): Promise<boolean> {
  try {
    const payload = { executionId: job.executionId, tenantId: job.tenantId, ...(job.admitted ? { admitted: job.admitted } : {}) };
    await enqueueJob(deps.queue, executionJob, payload, { jobId: job.executionId, priority: job.priority, delay: job.delayMs });
    return true;
  } catch (error) {
    deps.log?.warn({ err: error, executionId: job.executionId }, "could not enqueue the execution's job; the reconciler will enqueue it");
    return false;
  }
}

interface AdmissionRow {
  outcome: "admitted" | "rejected" | "workflow_not_found" | "version_not_found" | "no_runnable_version";
  version_id: string | null;
  quota: string | null;
  quota_limit: string | null;
  used: string | null;
}

/**
 * The admission itself is one statement (bos_admit_execution, migration 0002): version resolution, the
 * tenant row lock, both quota counts, the execution row (queued, or failed with WF_QUOTA_EXCEEDED), the
 * copied steps of a retry and the usage counter, in one round trip and one commit.
 */
async function admitExecution(deps: ExecutionServiceDeps, request: StartExecutionRequest, executionId: string, input: unknown, seed: ExecutionSeed | undefined, deferred: boolean): Promise<AdmissionRow> {
  if (request.versionId !== undefined && !isUuid(request.versionId)) throw new VersionNotFoundError(request.workflowId, request.versionId);
  if (!isUuid(request.tenantId)) throw new WorkflowNotFoundForRunError(request.workflowId);
  if (!seed) {
    const outcome = await admissionBatcherFor(deps.db).admit(request.tenantId, {
      id: executionId,
      workflow: request.workflowId,
      version: request.versionId ?? null,
      mode: request.mode,
      trigger_kind: request.trigger?.kind ?? "api",
      trigger_payload: request.trigger?.payload ?? null,
      input,
      priority: request.priority ?? 0,
      created_by: request.createdBy ?? null,
      ...(request.onAdmission ? { onAdmission: request.onAdmission } : {}),
      ...(request.audit ? { audit: request.audit } : {}),
      ...(deferred ? { deferFlush: true } : {}),
    });
    return checkOutcome(request, {
      outcome: outcome.outcome,
      version_id: outcome.versionId,
      quota: outcome.quota,
      quota_limit: outcome.limit === null ? null : String(outcome.limit),
      used: outcome.used === null ? null : String(outcome.used),
    });
  }
  // Retries that copy steps go alone, through the single-run statement.
  const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
  const statement = sql<AdmissionRow>`
    SELECT * FROM bos_admit_execution(
      ${request.tenantId}::uuid, ${executionId}::uuid, ${request.workflowId}::uuid, ${request.versionId ?? null}::uuid, ${request.mode},
      ${request.trigger?.kind ?? "api"}, ${json(request.trigger?.payload)}::jsonb, ${JSON.stringify(input)}::jsonb, ${request.priority ?? 0}::integer,
      ${request.createdBy ?? null}::uuid, ${seed?.retryOf ?? null}::uuid, ${seed?.attempt ?? 1}::integer, ${json(seed?.runState)}::jsonb,
      ${seed?.copyStepsFrom?.executionId ?? null}::uuid, ${seed?.copyStepsFrom?.excludeStepIds ?? null}::bigint[], ${monthPeriod(new Date())})`;
  const { onAdmission, audit } = request;
  // Without a hook the statement is its own transaction (one round trip); with one, the hook's writes join it.
  const row: AdmissionRow | undefined =
    onAdmission || audit
      ? await withTenant(deps.db, request.tenantId, async (trx) => {
          const admitted = (await statement.execute(trx)).rows[0];
          if (admitted && (admitted.outcome === "admitted" || admitted.outcome === "rejected") && admitted.version_id) {
            const info = { executionId, versionId: admitted.version_id, admitted: admitted.outcome === "admitted" };
            if (audit) await trx.insertInto("audit_log").values(auditRowFor(audit, info)).execute();
            if (onAdmission) await onAdmission(trx, info);
          }
          return admitted;
        })
      : (await statement.execute(deps.db)).rows[0];
  if (!row) throw new Error("bos_admit_execution returned no row");
  return checkOutcome(request, row);
}

function checkOutcome(request: StartExecutionRequest, row: AdmissionRow): AdmissionRow {
  switch (row.outcome) {
    case "workflow_not_found":
      throw new WorkflowNotFoundForRunError(request.workflowId);
    case "version_not_found":
      throw new VersionNotFoundError(request.workflowId, request.versionId ?? "");
    case "no_runnable_version":
      throw new NoRunnableVersionError(request.workflowId, request.mode);
    case "admitted":
    case "rejected":
      return row;
  }
}

async function prepareWait(deps: ExecutionServiceDeps, tenantId: string, executionId: string, timeoutMs: number) {
  return waitForCompletion.prepare(deps, tenantId, executionId, timeoutMs);
}
