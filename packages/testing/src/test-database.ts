import { randomBytes } from "node:crypto";
import { type Database, type Kysely, createDb } from "@bos/db";

import pg from "pg";
import { TEMPLATE_ENV, TEST_DB_PREFIX, testServers, withDatabase } from "./test-env";

export interface TestDatabase {
  /** Database name (unique per call). */
  name: string;
  /** Owner URL of this database (migrations, seeding, bypassing RLS). */
  adminUrl: string;
  /** Application-role URL of this database (subject to row-level security). */
  appUrl: string;
  /** Kysely connected as the application role; created on first use, closed by drop(). */
  readonly db: Kysely<Database>;
  /** Kysely connected as the owner; created on first use, closed by drop(). */
  readonly adminDb: Kysely<Database>;
  /** Closes the pools and drops the database. */
  drop(): Promise<void>;
}

/**
 * A fresh, fully migrated database cloned from the template that jest's globalSetup built. Call drop()
 * in afterAll: the suite must leave nothing behind.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = process.env[TEMPLATE_ENV];
  if (!template) {
    throw new Error(
      `${TEMPLATE_ENV} is not set: createTestDatabase() needs the template database that packages/testing/src/jest-global-setup.ts builds; run tests through jest with the root jest.config.js`,
    );
  }
  const servers = testServers();
  const name = `${TEST_DB_PREFIX}${process.pid}_${randomBytes(5).toString("hex")}`;
  await adminQuery(servers.pgAdminUrl, async (client) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        return;
      } catch (error) {
        // 55006: the template is briefly in use by another clone; retry a few times
        if ((error as { code?: string }).code !== "55006" || attempt >= 20) throw error;
        await new Promise((r) => setTimeout(r, 50 * attempt));
      }
    }
  });
  const adminUrl = withDatabase(servers.pgAdminUrl, name);
  const appUrl = withDatabase(servers.pgAdminUrl, name, { user: servers.appUser, password: servers.appPassword });
  let db: Kysely<Database> | undefined;
  let adminDb: Kysely<Database> | undefined;
  return {
    name,
    adminUrl,
    appUrl,
    get db() {
      db ??= createDb({ url: appUrl, poolMax: 5, applicationName: "bos-test" });
      return db;
    },
    get adminDb() {
      adminDb ??= createDb({ url: adminUrl, poolMax: 2, applicationName: "bos-test-admin" });
      return adminDb;
    },
    async drop() {
      await db?.destroy();
      await adminDb?.destroy();
      await dropDatabase(servers.pgAdminUrl, name);
    },
  };
}

/** Drops a database even if connections remain (they are terminated). */
export async function dropDatabase(pgAdminUrl: string, name: string): Promise<void> {
  await adminQuery(pgAdminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

export async function adminQuery<T>(pgAdminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: pgAdminUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
