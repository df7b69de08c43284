import type { Kysely } from "kysely";
import { DEFAULT_DATABASE_ADMIN_URL, DEFAULT_DATABASE_URL, redactDatabaseUrl } from "../config";
import { createDb } from "../create-db";
import { ensureDatabase } from "../ensure-database";
import { migrateToLatest } from "../migrate";
import type { Database } from "../schema";
import { seedDemo } from "../seed/demo-seed";

/**
 * `node packages/db/dist/bos-db.js <prepare|migrate|seed>`: what `./bos start` runs before the apps.
 * prepare = create the database if missing + migrate + seed. Reads DATABASE_ADMIN_URL (owner) and
 * DATABASE_URL (the app role, whose password, if any, is set on the role). Prints one JSON line.
 */
async function main(argv: string[]): Promise<number> {
  const command = argv[0] ?? "prepare";
  const adminUrl = process.env.DATABASE_ADMIN_URL ?? DEFAULT_DATABASE_ADMIN_URL;
  const appUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  if (!["prepare", "migrate", "seed"].includes(command)) {
    process.stderr.write("usage: bos-db <prepare|migrate|seed>\n");
    return 2;
  }
  const out: Record<string, unknown> = { database: redactDatabaseUrl(adminUrl) };
  if (command === "prepare") out.createdDatabase = (await ensureDatabase(adminUrl)).created;
  const db = createDb<Database>({ url: adminUrl, poolMax: 2, applicationName: "bos-db" });
  try {
    if (command !== "seed") {
      const password = new URL(appUrl).password;
      out.applied = (await migrateToLatest(db as Kysely<unknown>, password ? { appRolePassword: decodeURIComponent(password) } : {})).applied;
    }
    if (command !== "migrate") out.seed = await seedDemo(db);
  } finally {
    await db.destroy();
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bos-db failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
