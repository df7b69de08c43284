import { type TestDatabase, createTestDatabase } from "@bos/testing";
import { DEMO_TENANT, DEMO_WORKFLOWS, seedDemo } from "./seed/demo-seed";
import { withTenant } from "./with-tenant";
import { createWorkflow, getWorkflow, listWorkflows } from "./workflows.repo";

const OTHER = "0c0c0c0c-0000-4000-8000-00000000000c";

describe("workflows repository", () => {
  let t: TestDatabase;
  const demo = <T>(fn: Parameters<typeof withTenant<T>>[2]) => withTenant(t.db, DEMO_TENANT.id, fn);

  beforeAll(async () => {
    t = await createTestDatabase();
    await seedDemo(t.adminDb);
    await t.adminDb.insertInto("tenants").values({ id: OTHER, slug: "other", name: "Other" }).execute();
    await withTenant(t.db, OTHER, (trx) => createWorkflow(trx, OTHER, { name: "Other tenant's flow", definition: {}, tags: ["demo"] }));
  });
  afterAll(() => t.drop());

  it("lists the tenant's workflows, newest first, with summary fields", async () => {
    const page = await demo((trx) => listWorkflows(trx, DEMO_TENANT.id, { limit: 50 }));
    expect(page.data.map((w) => w.name).sort()).toEqual(DEMO_WORKFLOWS.map((w) => w.definition.name).sort());
    expect(page.nextCursor).toBeNull();
    const first = page.data[0];
    expect(first).toMatchObject({ status: "draft", activeVersionId: null });
    expect(first?.draftVersionId).toEqual(expect.any(String));
    expect(first?.tags).toContain("demo");
  });

  it("pages with a cursor without skipping or repeating a workflow", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await demo((trx) => listWorkflows(trx, DEMO_TENANT.id, { limit: 1, cursor }));
      seen.push(...page.data.map((w) => w.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toHaveLength(DEMO_WORKFLOWS.length);
    expect(new Set(seen).size).toBe(DEMO_WORKFLOWS.length);
  });

  it("filters by name substring, tag and status", async () => {
    const byName = await demo((trx) => listWorkflows(trx, DEMO_TENANT.id, { limit: 50, name: "SWITCH" }));
    expect(byName.data.map((w) => w.name)).toEqual(["Route orders with Switch"]);
    const byTag = await demo((trx) => listWorkflows(trx, DEMO_TENANT.id, { limit: 50, tag: "loop" }));
    expect(byTag.data.map((w) => w.name)).toEqual(["Process items in batches"]);
    const active = await demo((trx) => listWorkflows(trx, DEMO_TENANT.id, { limit: 50, status: "active" }));
    expect(active.data).toEqual([]);
  });

  it("treats LIKE wildcards in the name filter as plain text", async () => {
    const page = await demo((trx) => listWorkflows(trx, DEMO_TENANT.id, { limit: 50, name: "%" }));
    expect(page.data).toEqual([]);
  });

  it("rejects a cursor it did not issue", async () => {
    await expect(demo((trx) => listWorkflows(trx, DEMO_TENANT.id, { limit: 5, cursor: "bm9wZQ" }))).rejects.toMatchObject({
      code: "WF_DB_INVALID_CURSOR",
    });
  });

  it("gets a workflow with its draft definition, and nothing for another tenant's id", async () => {
    const [summary] = (await demo((trx) => listWorkflows(trx, DEMO_TENANT.id, { limit: 1 }))).data;
    const detail = await demo((trx) => getWorkflow(trx, DEMO_TENANT.id, summary?.id ?? ""));
    expect(detail?.definition).toMatchObject({ name: summary?.name, nodes: expect.any(Array) });
    expect(detail?.draftVersionId).toBe(summary?.draftVersionId);

    const foreign = await withTenant(t.db, OTHER, (trx) => listWorkflows(trx, OTHER, { limit: 1 }));
    const foreignId = foreign.data[0]?.id ?? "";
    expect(await demo((trx) => getWorkflow(trx, DEMO_TENANT.id, foreignId))).toBeUndefined();
    expect(await demo((trx) => getWorkflow(trx, DEMO_TENANT.id, "not-a-uuid"))).toBeUndefined();
  });
});
