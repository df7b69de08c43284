import { type TestDatabase, adminQuery, createTestDatabase, testServers, withDatabase } from "@bos/testing";
import { sql } from "kysely";
import { createDb } from "./create-db";
import { knownMigrations, migrateToLatest } from "./migrate";
import { DEMO_TENANT, DEMO_WORKFLOWS, seedDemo } from "./seed/demo-seed";
import type { Kysely } from "kysely";
import type { Database } from "./schema";

describe("migrateToLatest", () => {
  const servers = testServers();
  const name = `bos_t_${process.pid}_fresh${Date.now().toString(36)}`;
  let fresh: Kysely<Database>;

  beforeAll(async () => {
    await adminQuery(servers.pgAdminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
    fresh = createDb({ url: withDatabase(servers.pgAdminUrl, name), poolMax: 2 });
  });
  afterAll(async () => {
    await fresh.destroy();
    await adminQuery(servers.pgAdminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  });

  it("applies every migration to an empty database and creates every table of the schema of record", async () => {
    const result = await migrateToLatest(fresh as Kysely<unknown>);
    expect(result.applied).toEqual(knownMigrations());
    const tables = await sql<{ tablename: string }>`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`.execute(fresh);
    expect(tables.rows.map((r) => r.tablename)).toEqual(
      expect.arrayContaining([
        "tenants", "users", "role_grants", "api_keys", "workflows", "workflow_versions", "executions",
        "execution_steps", "audit_log", "usage_counters", "credentials", "webhooks", "event_subscriptions",
      ]),
    );
  });

  it("runs again on a populated database without applying anything or losing a row", async () => {
    await seedDemo(fresh);
    const before = await fresh.selectFrom("workflow_versions").select(["id", "content_hash"]).orderBy("id").execute();
    expect(before).toHaveLength(DEMO_WORKFLOWS.length);

    const again = await migrateToLatest(fresh as Kysely<unknown>);
    expect(again.applied).toEqual([]);
    const after = await fresh.selectFrom("workflow_versions").select(["id", "content_hash"]).orderBy("id").execute();
    expect(after).toEqual(before);
    const tenants = await fresh.selectFrom("tenants").select("id").execute();
    expect(tenants).toEqual([{ id: DEMO_TENANT.id }]);
  });

  it("seeds idempotently: a second seed adds no workflows", async () => {
    const second = await seedDemo(fresh);
    expect(second.createdWorkflows).toEqual([]);
    const count = await fresh.selectFrom("workflows").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(DEMO_WORKFLOWS.length);
  });
});

describe("the schema's guarantees", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await seedDemo(t.adminDb);
  });
  afterAll(() => t.drop());

  it("makes the application role a non-owner that cannot bypass row-level security", async () => {
    const role = await sql<{ rolsuper: boolean; rolbypassrls: boolean }>`
      SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`.execute(t.db);
    expect(role.rows).toEqual([{ rolsuper: false, rolbypassrls: false }]);
    const owned = await sql<{ n: string }>`SELECT count(*) AS n FROM pg_tables WHERE tableowner = current_user`.execute(t.db);
    expect(Number(owned.rows[0]?.n)).toBe(0);
  });

  it("keeps the audit log append-only, even for the owner", async () => {
    await t.adminDb
      .insertInto("audit_log")
      .values({ tenant_id: DEMO_TENANT.id, actor_kind: "system", action: "test.appended" })
      .execute();
    await expect(t.adminDb.updateTable("audit_log").set({ action: "x" }).execute()).rejects.toThrow(/WF_DB_IMMUTABLE_ROW/);
    await expect(t.adminDb.deleteFrom("audit_log").execute()).rejects.toThrow(/WF_DB_IMMUTABLE_ROW/);
  });

  it("refuses to change a stored workflow version", async () => {
    await expect(t.adminDb.updateTable("workflow_versions").set({ content_hash: "x" }).execute()).rejects.toThrow(
      /WF_DB_IMMUTABLE_ROW/,
    );
  });

  it("does not let the application role update the audit log at all", async () => {
    await expect(
      sql`UPDATE audit_log SET action = 'x'`.execute(t.db),
    ).rejects.toThrow(/permission denied/);
  });
});
