import { Kysely, PostgresDialect, sql } from "kysely";
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
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}

/** Resolves when the database answers `SELECT 1`; rejects with the driver's error otherwise. */
export async function pingDatabase<DB>(db: Kysely<DB>): Promise<void> {
  await sql`SELECT 1`.execute(db);
}
