import { type Database, type ExecutionMode, type ExecutionStatus, InvalidCursorError, type Kysely, type Transaction, isUuid, withTenant } from "@bos/db";
import { sql } from "kysely";
import type { RunData, TaskData } from "@bos/engine";

type Executor = Kysely<Database> | Transaction<Database>;

/** An execution as the API shows it. */
export interface ExecutionDetail {
  id: string;
  tenantId: string;
  workflowId: string;
  versionId: string;
  mode: ExecutionMode;
  status: ExecutionStatus;
  trigger: { kind: string; payload: unknown };
  attempt: number;
  retryOf: string | null;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  waitUntil: string | null;
  error: unknown;
  /** The start node's input items. */
  input: unknown;
  /** n8n-shaped run data rebuilt from execution_steps (with `includeRunData`). */
  runData?: RunData;
  /** The node that ran last (with `includeRunData`). */
  lastNodeExecuted?: string;
}

export interface GetExecutionOptions {
  includeRunData?: boolean;
}

/** One execution of the tenant, or undefined (another tenant's id looks exactly like an unknown one). */
export async function getExecution(db: Kysely<Database>, tenantId: string, executionId: string, options: GetExecutionOptions = {}): Promise<ExecutionDetail | undefined> {
  if (!isUuid(executionId)) return undefined;
  return withTenant(db, tenantId, (trx) => readExecution(trx, tenantId, executionId, options));
}

export async function readExecution(trx: Executor, tenantId: string, executionId: string, options: GetExecutionOptions = {}): Promise<ExecutionDetail | undefined> {
  const row = await trx.selectFrom("executions").selectAll().where("tenant_id", "=", tenantId).where("id", "=", executionId).executeTakeFirst();
  if (!row) return undefined;
  const detail: ExecutionDetail = {
    id: row.id,
    tenantId: row.tenant_id,
    workflowId: row.workflow_id,
    versionId: row.version_id,
    mode: row.mode,
    status: row.status,
    trigger: { kind: row.trigger_kind, payload: row.trigger_payload ?? null },
    attempt: row.attempt,
    retryOf: row.retry_of,
    queuedAt: row.queued_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
    waitUntil: row.wait_until?.toISOString() ?? null,
    error: row.error ?? null,
    input: row.input ?? null,
  };
  if (options.includeRunData) {
    const { runData, lastNodeExecuted } = await loadRunData(trx, tenantId, executionId);
    detail.runData = runData;
    if (lastNodeExecuted) detail.lastNodeExecuted = lastNodeExecuted;
  }
  return detail;
}

/** The output column of a step: the task's data and metadata. */
export interface StoredStepOutput {
  main?: TaskData["data"] extends infer D ? (D extends { main: infer M } ? M : never) : never;
  metadata?: unknown;
}

/**
 * Rebuilds n8n run data from the recorded steps, in execution order. Steps are what the worker committed:
 * the resume point of a crashed or waiting run, and what the API shows.
 */
export async function loadRunData(trx: Executor, tenantId: string, executionId: string): Promise<{ runData: RunData; lastNodeExecuted?: string; stepCount: number }> {
  const steps = await trx
    .selectFrom("execution_steps")
    .select(["id", "node_name", "run_index", "status", "input_source", "output", "error", "started_at", "finished_at", "execution_index"])
    .where("tenant_id", "=", tenantId)
    .where("execution_id", "=", executionId)
    .orderBy("execution_index")
    .orderBy("id")
    .execute();
  const runData: RunData = {};
  let last: string | undefined;
  for (const step of steps) {
    const output = (step.output ?? null) as StoredStepOutput | null;
    const startTime = step.started_at.getTime();
    const task: TaskData = {
      startTime,
      executionTime: step.finished_at ? step.finished_at.getTime() - startTime : 0,
      executionIndex: step.execution_index ?? 0,
      executionStatus: step.status === "succeeded" ? "success" : "error",
      source: (step.input_source ?? []) as TaskData["source"],
    };
    if (output?.main) task.data = { main: output.main };
    if (output?.metadata) task.metadata = output.metadata as NonNullable<TaskData["metadata"]>;
    if (step.error) task.error = step.error as TaskData["error"];
    const runs = (runData[step.node_name] ??= []);
    runs[step.run_index] = task;
    last = step.node_name;
  }
  return { runData, lastNodeExecuted: last, stepCount: steps.length };
}

export interface ListExecutionsQuery {
  /** Page size 1..200. */
  limit: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
  workflowId?: string;
  status?: ExecutionStatus;
  /** ISO instants bounding queued_at. */
  from?: string;
  to?: string;
}

export interface ExecutionPage {
  data: ExecutionDetail[];
  nextCursor: string | null;
}

/** The tenant's executions, newest first (queued_at, id), with keyset paging. */
export async function listExecutions(db: Kysely<Database>, tenantId: string, query: ListExecutionsQuery): Promise<ExecutionPage> {
  return withTenant(db, tenantId, async (trx) => {
    let q = trx.selectFrom("executions").select(["id", sql<string>`queued_at::text`.as("queued_text")]).where("tenant_id", "=", tenantId);
    if (query.workflowId) q = isUuid(query.workflowId) ? q.where("workflow_id", "=", query.workflowId) : q.where(({ lit }) => lit(false));
    if (query.status) q = q.where("status", "=", query.status);
    if (query.from) q = q.where("queued_at", ">=", new Date(query.from));
    if (query.to) q = q.where("queued_at", "<", new Date(query.to));
    if (query.cursor) {
      const { at, id } = decodeCursor(query.cursor);
      q = q.where(({ eb, refTuple, tuple }) => eb(refTuple("queued_at", "id"), "<", tuple(sql<Date>`${at}::timestamptz`, id)));
    }
    const ids = await q.orderBy("queued_at", "desc").orderBy("id", "desc").limit(query.limit + 1).execute();
    const page: ExecutionDetail[] = [];
    const rows = ids.slice(0, query.limit);
    for (const { id } of rows) {
      const detail = await readExecution(trx, tenantId, id);
      if (detail) page.push(detail);
    }
    const last = rows[rows.length - 1];
    return { data: page, nextCursor: ids.length > query.limit && last ? encodeCursor(last.queued_text, last.id) : null };
  });
}

function encodeCursor(at: string, id: string): string {
  return Buffer.from(JSON.stringify([at, id])).toString("base64url");
}

function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [string, string];
    if (typeof at === "string" && typeof id === "string" && isUuid(id)) return { at, id };
  } catch {
    // falls through to the error below: a cursor we did not issue
  }
  throw new InvalidCursorError(cursor);
}
