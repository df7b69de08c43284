import { type Kysely, Migrator, sql } from "kysely";
import { APP_ROLE } from "./config";
import { MigrationError } from "./errors";
import { migrations } from "./migrations";

export interface MigrateOptions {
  /** Password to set on the application role (taken from DATABASE_URL); none keeps the current one. */
  appRolePassword?: string;
}

export interface MigrateResult {
  /** Names of the migrations this call applied, in order (empty when the database was up to date). */
  applied: string[];
}

/**
 * Applies every pending migration, in order, each in its own transaction. Must run as the owner role
 * (DATABASE_ADMIN_URL). Already-applied migrations are skipped, so running it again on a populated database
 * is safe and keeps every row.
 */
export async function migrateToLatest<DB>(db: Kysely<DB>, options: MigrateOptions = {}): Promise<MigrateResult> {
  const migrator = new Migrator({ db: db as Kysely<unknown>, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName;
    throw new MigrationError(failed, error);
  }
  if (options.appRolePassword !== undefined) {
    // ALTER ROLE takes no bind parameters; the literal is escaped by quoting.
    const literal = `'${options.appRolePassword.replace(/'/g, "''")}'`;
    await sql`ALTER ROLE ${sql.id(APP_ROLE)} WITH LOGIN PASSWORD ${sql.raw(literal)}`.execute(db);
  }
  return { applied: (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName) };
}

/** Names of every migration this build knows, in order. */
export function knownMigrations(): string[] {
  return Object.keys(migrations).sort();
}
