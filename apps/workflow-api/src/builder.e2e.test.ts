/**
 * Full-stack smoke test of the builder: the real API (buildApp on a test database seeded with the demo
 * workflows) serves the built builder, and the system Chromium (launchBrowser) lists the workflows and
 * opens one on the canvas.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { DEMO_TENANT, DEMO_USERS, DEMO_WORKFLOWS, seedDemo } from "@bos/db";
import { type Browser, type TestDatabase, type TestRedis, createTestDatabase, createTestRedis, launchBrowser } from "@bos/testing";
import type { FastifyInstance } from "fastify";
import pino from "pino";
import { buildApp } from "./app";

const JWT = { secret: "e2e-secret-e2e-secret-e2e-secret-e2e-1234", issuer: "bos", audience: "bos-api" };
const BUILDER_DIR = resolve(__dirname, "../../builder-web");

/**
 * apps/builder-web/dist as `./bos test` builds it; when it is missing (a bare jest run), a private build
 * into a temporary directory, so the shared dist/ is never written mid-run.
 */
async function builderDist(): Promise<{ dir: string; cleanup: () => void }> {
  const dist = join(BUILDER_DIR, "dist");
  if (existsSync(join(dist, "index.html"))) return { dir: dist, cleanup: () => undefined };
  const dir = mkdtempSync(join(tmpdir(), "bos-builder-dist-"));
  const vite = join(dirname(require.resolve("vite/package.json", { paths: [BUILDER_DIR] })), "bin", "vite.js");
  await promisify(execFile)(process.execPath, [vite, "build", "--outDir", dir, "--emptyOutDir", "--logLevel", "error"], { cwd: BUILDER_DIR });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

describe("the builder against the real API", () => {
  let t: TestDatabase;
  let r: TestRedis;
  let app: FastifyInstance;
  let browser: Browser;
  let baseUrl: string;
  let dist: { dir: string; cleanup: () => void };

  beforeAll(async () => {
    t = await createTestDatabase();
    r = await createTestRedis();
    await seedDemo(t.adminDb);
    dist = await builderDist();
    app = await buildApp({ config: { jwt: JWT, builderDistDir: dist.dir }, db: t.db, redis: r.redis, log: pino({ level: "silent" }) });
    baseUrl = await app.listen({ host: "127.0.0.1", port: 0 });
    browser = await launchBrowser();
  }, 120000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    dist?.cleanup();
    await r?.cleanup();
    await t?.drop();
  });

  it("lists the demo workflows and opens one with its nodes on the canvas", async () => {
    const token = app.jwt.sign({ sub: DEMO_USERS[0]?.id ?? "", tenant_id: DEMO_TENANT.id, roles: ["creator"] });
    const page = await browser.newPage();
    try {
      await page.goto(`${baseUrl}/?token=${encodeURIComponent(token)}`);

      const rows = page.locator('[data-testid="workflow-row"]');
      await rows.first().waitFor({ timeout: 20000 });
      const rowTexts = await rows.allTextContents();
      expect(rowTexts).toHaveLength(DEMO_WORKFLOWS.length);
      for (const { definition } of DEMO_WORKFLOWS) {
        expect(rowTexts.some((text) => text.includes(definition.name))).toBe(true);
      }

      const target = DEMO_WORKFLOWS.find((w) => w.definition.name === "Route orders with Switch");
      const definition = target?.definition as { name: string; nodes: Array<{ name: string; type: string }> };
      await rows.filter({ hasText: definition.name }).click();

      const nodes = page.locator('[data-testid="canvas-node"]');
      const expected = definition.nodes.filter((n) => n.type !== "n8n-nodes-base.stickyNote").map((n) => n.name);
      await nodes.first().waitFor({ timeout: 20000 });
      const nodeTexts = await nodes.allTextContents();
      expect(nodeTexts).toHaveLength(expected.length);
      for (const name of expected) expect(nodeTexts.some((text) => text.includes(name))).toBe(true);
    } finally {
      await page.close();
    }
  });
});
