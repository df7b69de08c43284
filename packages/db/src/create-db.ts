import { CompiledQuery, Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import type { DbConfig } from "./config";
import type { Database } from "./schema";

/**
 * A Kysely instance over a pg pool. Pool errors on idle clients (server restart) are reported through
 * `onPoolError` instead of crashing the process; the next query reconnects.
 */
export function createDb<DB = Database>(config: DbConfig, onPoolError?: (error: Error) => void): Kysely<DB> {
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolMax ?? 10,
    connectionTimeoutMillis: config.connectTimeoutMs ?? 5000,
    application_name: config.applicationName ?? "bos",
  });
  pool.on("error", (error) => onPoolError?.(error));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  pools.set(db, pool);
  return db;
}

/** The pg pool under each handle createDb made (for queryPrepared). */
const pools = new WeakMap<object, pg.Pool>();

/**
 * Runs one statement as a named prepared statement: each pooled connection parses and plans `text` once and
 * then only binds and executes it (saves the parse on every call of a hot statement: ~0.1 ms of Postgres
 * CPU for the worker's commit and the admission statement here). `name` must be unique per `text` in the
 * process. On a handle createDb did not make (a transaction, a test's own Kysely) the statement runs
 * unprepared through Kysely, with the same result.
 *
 * @example
 * const rows = await queryPrepared<{ r_idx: number }>(db, "bos_commit_executions", "SELECT * FROM bos_commit_executions($1::jsonb)", [json]);
 */
export async function queryPrepared<R>(db: Kysely<unknown> | Kysely<Database>, name: string, text: string, values: unknown[]): Promise<R[]> {
  const pool = pools.get(db);
  if (!pool) return (await (db as Kysely<unknown>).executeQuery<R>(CompiledQuery.raw(text, values))).rows;
  // A migration that changes the columns a prepared statement returns (a function's RETURNS TABLE, a
  // table's columns under SELECT *) makes Postgres refuse the connection's plan before running anything.
  // That connection is closed and the call runs on another one, which prepares the statement afresh; every
  // pooled connection can hold such a plan, hence up to one attempt more than the pool has connections.
  const attempts = (pool.options.max ?? 10) + 1;
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    let stale: Error | undefined;
    try {
      return (await client.query<R & pg.QueryResultRow>({ name, text, values })).rows;
    } catch (error) {
      if (!isStalePlan(error) || attempt >= attempts) throw error;
      stale = error as Error;
    } finally {
      client.release(stale);
    }
  }
}

/** Postgres's refusal of a cached plan whose result columns a schema change altered (SQLSTATE 0A000). */
function isStalePlan(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  return e?.code === "0A000" && typeof e.message === "string" && e.message.includes("cached plan must not change result type");
}

/**
 * Makes every commit made before the call durable: writes a transactional WAL record (a logical message,
 * which needs no table and no privilege) and commits it with synchronous_commit on, so Postgres flushes
 * the WAL up to it, and with it every earlier commit, including those made with synchronous_commit off
 * (see the admission's `admissionCommit: "deferred"`). One round trip; ~0.3-0.8 ms here.
 *
 * @example
 * await flushWal(db); // an earlier deferred commit now survives a crash of Postgres
 */
export async function flushWal(db: Kysely<unknown> | Kysely<Database>): Promise<void> {
  await queryPrepared(db, "bos_flush_wal", "SELECT pg_logical_emit_message(true, 'bos.flush', '') AS lsn", []);
}

/** Resolves when the database answers `SELECT 1`; rejects with the driver's error otherwise. */
export async function pingDatabase<DB>(db: Kysely<DB>): Promise<void> {
  await sql`SELECT 1`.execute(db);
}
