import { type TestDatabase, createTestDatabase } from "@bos/testing";
import { sql } from "kysely";
import { seedDemo } from "./seed/demo-seed";
import { withTenant } from "./with-tenant";
import { createWorkflow } from "./workflows.repo";

const TENANT_A = "0a0a0a0a-0000-4000-8000-00000000000a";
const TENANT_B = "0b0b0b0b-0000-4000-8000-00000000000b";

describe("row-level security through withTenant", () => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createTestDatabase();
    await seedDemo(t.adminDb);
    for (const [id, slug] of [[TENANT_A, "tenant-a"], [TENANT_B, "tenant-b"]] as const) {
      await t.adminDb.insertInto("tenants").values({ id, slug, name: slug }).execute();
      await withTenant(t.db, id, (trx) => createWorkflow(trx, id, { name: `${slug} workflow`, definition: { nodes: [], connections: {} } }));
    }
  });
  afterAll(() => t.drop());

  it("shows tenant A only its own rows even when the query forgets its WHERE clause", async () => {
    const names = await withTenant(t.db, TENANT_A, (trx) => trx.selectFrom("workflows").select("name").execute());
    expect(names).toEqual([{ name: "tenant-a workflow" }]);
    const versions = await withTenant(t.db, TENANT_A, (trx) => trx.selectFrom("workflow_versions").select("tenant_id").execute());
    expect(versions).toEqual([{ tenant_id: TENANT_A }]);
    const tenants = await withTenant(t.db, TENANT_A, (trx) => trx.selectFrom("tenants").select("id").execute());
    expect(tenants).toEqual([{ id: TENANT_A }]);
  });

  it("shows nothing at all without a tenant setting", async () => {
    const rows = await t.db.selectFrom("workflows").select("id").execute();
    expect(rows).toEqual([]);
  });

  it("rejects writing a row for another tenant", async () => {
    await expect(
      withTenant(t.db, TENANT_A, (trx) => trx.insertInto("workflows").values({ tenant_id: TENANT_B, name: "sneaky" }).execute()),
    ).rejects.toThrow(/row-level security/);
  });

  it("cannot update or delete another tenant's rows", async () => {
    const updated = await withTenant(t.db, TENANT_A, (trx) =>
      trx.updateTable("workflows").set({ name: "hijacked" }).where("tenant_id", "=", TENANT_B).executeTakeFirst(),
    );
    expect(Number(updated.numUpdatedRows)).toBe(0);
    const deleted = await withTenant(t.db, TENANT_A, (trx) =>
      trx.deleteFrom("workflows").where("tenant_id", "=", TENANT_B).executeTakeFirst(),
    );
    expect(Number(deleted.numDeletedRows)).toBe(0);
    const survivor = await t.adminDb.selectFrom("workflows").select("name").where("tenant_id", "=", TENANT_B).execute();
    expect(survivor).toEqual([{ name: "tenant-b workflow" }]);
  });

  it("does not leak the tenant setting to the next user of a pooled connection", async () => {
    await withTenant(t.db, TENANT_A, async () => undefined);
    const setting = await sql<{ v: string | null }>`SELECT current_setting('app.tenant_id', true) AS v`.execute(t.db);
    expect(setting.rows[0]?.v ?? "").toBe("");
  });

  it("refuses a tenant id that is not a UUID", async () => {
    await expect(withTenant(t.db, "demo", async () => 1)).rejects.toMatchObject({ code: "WF_DB_INVALID_TENANT_ID" });
  });
});
