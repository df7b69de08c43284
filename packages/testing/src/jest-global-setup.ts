import { randomBytes } from "node:crypto";
import { type Kysely, createDb, migrateToLatest } from "@bos/db";
import { Redis } from "ioredis";

import { adminQuery, dropDatabase } from "./test-database";
import { deleteKeysMatching } from "./test-redis";
import {
  TEMPLATE_DB_PREFIX,
  TEMPLATE_ENV,
  TEST_DB_PREFIX,
  TEST_REDIS_PREFIX,
  isProcessAlive,
  testServers,
  withDatabase,
} from "./test-env";

/**
 * Once per jest run: checks that Postgres and Redis answer, removes what crashed runs left behind, and
 * builds the migrated template database that createTestDatabase() clones (its name goes to the test
 * workers through process.env). jest-global-teardown.ts drops it.
 */
export default async function globalSetup(): Promise<void> {
  const servers = testServers();
  await checkPostgres(servers.pgAdminUrl);
  await checkRedis(servers.redisUrl);
  await removeLeftovers(servers.pgAdminUrl, servers.redisUrl);

  const template = `${TEMPLATE_DB_PREFIX}${process.pid}_${randomBytes(4).toString("hex")}`;
  await adminQuery(servers.pgAdminUrl, (c) => c.query(`CREATE DATABASE "${template}"`));
  const db = createDb({ url: withDatabase(servers.pgAdminUrl, template), poolMax: 1, applicationName: "bos-test-template" });
  try {
    await migrateToLatest(db as Kysely<unknown>, servers.appPassword ? { appRolePassword: servers.appPassword } : {});
  } catch (error) {
    await db.destroy();
    await dropDatabase(servers.pgAdminUrl, template);
    throw error;
  }
  await db.destroy();
  process.env[TEMPLATE_ENV] = template;
}

async function checkPostgres(url: string): Promise<void> {
  try {
    await adminQuery(url, (c) => c.query("SELECT 1"));
  } catch (error) {
    throw new Error(
      `Tests need Postgres, and ${redact(url)} did not answer (${describe(error)}). ` +
        "Run the tests through ./bos test (it provisions Postgres), start the local server, or set DATABASE_ADMIN_URL to an owner-role URL.",
    );
  }
}

async function checkRedis(url: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3000, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(
      `Tests need Redis, and ${url} did not answer (${describe(error)}). ` +
        "Run the tests through ./bos test (it starts a local redis-server when installed), or set REDIS_URL.",
    );
  } finally {
    redis.disconnect();
  }
}

/** Databases and keys of test runs whose jest process is gone (killed before its teardown). */
async function removeLeftovers(pgAdminUrl: string, redisUrl: string): Promise<void> {
  const rows = await adminQuery(pgAdminUrl, (c) =>
    c.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname LIKE $2", [
      `${TEST_DB_PREFIX}%`,
      `${TEMPLATE_DB_PREFIX}%`,
    ]),
  );
  for (const { datname } of rows.rows) {
    const pid = Number(/^bos_(?:t|tpl)_(\d+)_/.exec(datname)?.[1]);
    if (pid && !isProcessAlive(pid)) await dropDatabase(pgAdminUrl, datname);
  }
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    const dead = new Set<string>();
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `*${TEST_REDIS_PREFIX}*`, "COUNT", 1000);
      cursor = next;
      for (const key of keys) {
        const pid = new RegExp(`${TEST_REDIS_PREFIX}(\\d+)x`).exec(key)?.[1];
        if (pid && !isProcessAlive(Number(pid))) dead.add(`${TEST_REDIS_PREFIX}${pid}x`);
      }
    } while (cursor !== "0");
    for (const marker of dead) await deleteKeysMatching(redis, `*${marker}*`);
  } finally {
    await redis.quit();
  }
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}

function describe(error: unknown): string {
  if (error instanceof AggregateError) return error.errors.map(describe).join("; ");
  return error instanceof Error ? error.message || error.name : String(error);
}
