import { type TestDatabase, createTestDatabase } from "@bos/testing";
import pg from "pg";
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

  it("keeps working when a migration changes the result columns of a prepared statement (no restart)", async () => {
    const admin = new pg.Client({ connectionString: t.adminUrl });
    await admin.connect();
    const shape = async (body: string, returns: string) => {
      await admin.query("DROP FUNCTION IF EXISTS bos_test_shape()");
      await admin.query(`CREATE FUNCTION bos_test_shape() RETURNS TABLE (${returns}) LANGUAGE sql AS $$${body}$$`);
      await admin.query("GRANT EXECUTE ON FUNCTION bos_test_shape() TO PUBLIC");
    };
    // Four calls at once: four pooled connections prepare the statement (each waits in pg_sleep).
    const call = () => Promise.all(Array.from({ length: 4 }, () => queryPrepared(t.db, "bos_test_shape", "SELECT * FROM bos_test_shape()", [])));
    try {
      await shape("SELECT 1 FROM pg_sleep(0.05)", "a int");
      expect(await call()).toEqual(Array.from({ length: 4 }, () => [{ a: 1 }]));
      // A migration while the app runs: the function now returns another column set.
      await shape("SELECT 2, 'two' FROM pg_sleep(0.05)", "a int, b text");
      expect(await call()).toEqual(Array.from({ length: 4 }, () => [{ a: 2, b: "two" }]));
      expect(await call()).toEqual(Array.from({ length: 4 }, () => [{ a: 2, b: "two" }]));
    } finally {
      await admin.query("DROP FUNCTION IF EXISTS bos_test_shape()");
      await admin.end();
    }
  });

  it("reports a statement's error as pg reports it", async () => {
    await expect(queryPrepared(t.db, "bos_test_bad_cast", "SELECT $1::uuid AS id", ["not-a-uuid"])).rejects.toThrow(/invalid input syntax for type uuid/);
  });
});
