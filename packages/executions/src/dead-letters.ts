import { type Database, InvalidCursorError, type Kysely, type Transaction, isUuid, withTenant } from "@bos/db";
import { sql } from "kysely";
import type { ExecutionServiceDeps } from "./deps";
import { DeadLetterNotFoundError } from "./errors";
import { type RetryOptions, retryExecution } from "./retry-execution";
import type { StartedExecution } from "./start-execution";

export interface DeadLetterView {
  id: string;
  executionId: string;
  workflowId: string;
  reason: string;
  error: unknown;
  input: unknown;
  createdAt: string;
  redrivenAt: string | null;
  redriveExecutionId: string | null;
}

export interface NewDeadLetter {
  tenantId: string;
  executionId: string;
  workflowId: string;
  reason: string;
  error?: unknown;
  input?: unknown;
}

/** Records a dead letter inside the worker's final commit; returns its id. One per execution (a second is ignored). */
export async function insertDeadLetter(trx: Transaction<Database>, letter: NewDeadLetter): Promise<string | undefined> {
  const row = await trx
    .insertInto("dead_letters")
    .values({
      tenant_id: letter.tenantId,
      execution_id: letter.executionId,
      workflow_id: letter.workflowId,
      reason: letter.reason,
      error: letter.error === undefined ? null : JSON.stringify(letter.error),
      input: letter.input === undefined ? null : JSON.stringify(letter.input),
    })
    .onConflict((oc) => oc.column("execution_id").doNothing())
    .returning("id")
    .executeTakeFirst();
  return row?.id;
}

export interface ListDeadLettersQuery {
  limit: number;
  cursor?: string;
  /** Include letters already redriven; default false. */
  includeRedriven?: boolean;
}

/** The tenant's dead letters, newest first, keyset-paged. */
export async function listDeadLetters(db: Kysely<Database>, tenantId: string, query: ListDeadLettersQuery): Promise<{ data: DeadLetterView[]; nextCursor: string | null }> {
  return withTenant(db, tenantId, async (trx) => {
    let q = trx.selectFrom("dead_letters").selectAll().select(sql<string>`created_at::text`.as("created_text")).where("tenant_id", "=", tenantId);
    if (!query.includeRedriven) q = q.where("redriven_at", "is", null);
    if (query.cursor) {
      const [at, id] = decodeCursor(query.cursor);
      q = q.where(({ eb, refTuple, tuple }) => eb(refTuple("created_at", "id"), "<", tuple(sql<Date>`${at}::timestamptz`, id)));
    }
    const rows = await q.orderBy("created_at", "desc").orderBy("id", "desc").limit(query.limit + 1).execute();
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      data: page.map(toView),
      nextCursor: rows.length > query.limit && last ? Buffer.from(JSON.stringify([last.created_text, last.id])).toString("base64url") : null,
    };
  });
}

export async function getDeadLetter(db: Kysely<Database>, tenantId: string, id: string): Promise<DeadLetterView | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await withTenant(db, tenantId, (trx) => trx.selectFrom("dead_letters").selectAll().where("tenant_id", "=", tenantId).where("id", "=", id).executeTakeFirst());
  return row ? toView(row) : undefined;
}

/**
 * Runs a dead letter's execution again from the start on the same version (a new execution, through
 * admission), and marks the letter redriven with the new execution's id.
 */
export async function redriveDeadLetter(
  deps: ExecutionServiceDeps,
  tenantId: string,
  id: string,
  options: Pick<RetryOptions, "createdBy" | "onAdmission" | "wait"> = {},
): Promise<StartedExecution> {
  const letter = await getDeadLetter(deps.db, tenantId, id);
  if (!letter) throw new DeadLetterNotFoundError(id);
  const started = await retryExecution(deps, tenantId, letter.executionId, { ...options, from: "start", version: "same" });
  await withTenant(deps.db, tenantId, (trx) =>
    trx
      .updateTable("dead_letters")
      .set({ redriven_at: sql<Date>`now()`, redrive_execution_id: started.executionId })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", id)
      .execute(),
  );
  return started;
}

/** Deletes a dead letter (the execution stays). Throws DeadLetterNotFoundError (404). */
export async function deleteDeadLetter(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  options: { onDeleted?: (trx: Transaction<Database>) => Promise<void> } = {},
): Promise<void> {
  if (!isUuid(id)) throw new DeadLetterNotFoundError(id);
  await withTenant(db, tenantId, async (trx) => {
    const result = await trx.deleteFrom("dead_letters").where("tenant_id", "=", tenantId).where("id", "=", id).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw new DeadLetterNotFoundError(id);
    // The caller's own record of the delete (the API's audit row) commits with it.
    await options.onDeleted?.(trx);
  });
}

function toView(row: { id: string; execution_id: string; workflow_id: string; reason: string; error: unknown; input: unknown; created_at: Date; redriven_at: Date | null; redrive_execution_id: string | null }): DeadLetterView {
  return {
    id: row.id,
    executionId: row.execution_id,
    workflowId: row.workflow_id,
    reason: row.reason,
    error: row.error ?? null,
    input: row.input ?? null,
    createdAt: row.created_at.toISOString(),
    redrivenAt: row.redriven_at?.toISOString() ?? null,
    redriveExecutionId: row.redrive_execution_id,
  };
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(value) && typeof value[0] === "string" && typeof value[1] === "string" && isUuid(value[1])) return [value[0], value[1]];
  } catch {
    // falls through: not a cursor we issued
  }
  throw new InvalidCursorError(cursor);
}
