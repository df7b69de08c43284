import { type TestDatabase, createTestDatabase } from "@bos/testing";
import { queryPrepared } from "./create-db";

describe("queryPrepared", () => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  it("prepares the statement once per pooled connection and binds new values on every call", async () => {
    const text = "SELECT $1::int + 1 AS n, $2::jsonb AS doc";
    for (const n of [1, 2, 3]) {
      const rows = await queryPrepared<{ n: number; doc: unknown }>(t.db, "bos_test_add_one", text, [n, JSON.stringify({ n })]);
      expect(rows).toEqual([{ n: n + 1, doc: { n } }]);
    }
    // Sequential calls reuse the pool's most recently released connection: the one that prepared it.
    const listed = await queryPrepared<{ name: string }>(t.db, "bos_test_list", "SELECT name FROM pg_prepared_statements WHERE name LIKE 'bos_test_%' ORDER BY name", []);
    expect(listed.map((r) => r.name)).toEqual(["bos_test_add_one", "bos_test_list"]);
  });

  it("runs unprepared, with the same result, on a handle createDb did not make (a transaction)", async () => {
    const rows = await t.db.transaction().execute((trx) => queryPrepared<{ n: number }>(trx, "bos_test_add_one", "SELECT $1::int + 1 AS n, $2::jsonb AS doc", [41, "null"]));
    expect(rows).toEqual([{ n: 42, doc: null }]);
  });

  it("reports a statement's error as pg reports it", async () => {
    await expect(queryPrepared(t.db, "bos_test_bad_cast", "SELECT $1::uuid AS id", ["not-a-uuid"])).rejects.toThrow(/invalid input syntax for type uuid/);
  });
});
