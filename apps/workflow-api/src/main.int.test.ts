/**
 * The process as deployed: main.ts bundled like `pnpm build` does, started as a child process. Covers what
 * buildApp() tests cannot: config refusal, the Redis eviction check at startup, and the SIGTERM drain.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { type PrivateRedis, type TestDatabase, createTestDatabase, freePort, startPrivateRedis, testServers } from "@bos/testing";

const APP_DIR = resolve(__dirname, "..");
const BUNDLE = join(APP_DIR, "dist", `main-test-${process.pid}.js`);

interface Run {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

function startApi(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ["--no-node-snapshot", BUNDLE], {
    cwd: APP_DIR,
    env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (output += c.toString()));
  const exit = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  return { child, output: () => output, exit };
}

async function waitForReady(url: string, run: Run): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (run.child.exitCode !== null) throw new Error(`the API exited early:\n${run.output()}`);
    const ok = await fetch(`${url}/readyz`).then((r) => r.status === 200, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the API never became ready:\n${run.output()}`);
}

describe("workflow-api process", () => {
  let t: TestDatabase;

  beforeAll(async () => {
    await promisify(execFile)(process.execPath, [resolve(APP_DIR, "../../scripts/bundle.mjs"), "src/main.ts", BUNDLE], { cwd: APP_DIR });
    t = await createTestDatabase();
  }, 60000);
  afterAll(async () => {
    rmSync(BUNDLE, { force: true });
    rmSync(`${BUNDLE}.map`, { force: true });
    await t.drop();
  });

  it("refuses to start with invalid configuration, naming every bad variable", async () => {
    const run = startApi({ API_PORT: "eighty", JWT_SECRET: "short" });
    expect(await run.exit).toBe(1);
    expect(run.output()).toContain("API_PORT");
    expect(run.output()).toContain("JWT_SECRET: must be at least 32 characters");
  }, 30000);

  it("refuses to start on a Redis that may evict keys", async () => {
    let redis: PrivateRedis | undefined;
    try {
      redis = await startPrivateRedis(["--maxmemory-policy", "allkeys-lru"]);
      const run = startApi({ DATABASE_URL: t.appUrl, REDIS_URL: redis.url, API_PORT: String(await freePort()) });
      expect(await run.exit).toBe(1);
      expect(run.output()).toMatch(/maxmemory-policy \\"allkeys-lru\\".*noeviction/);
    } finally {
      await redis?.stop();
    }
  }, 30000);

  it("serves, then drains and exits 0 on SIGTERM", async () => {
    const port = await freePort();
    const run = startApi({ DATABASE_URL: t.appUrl, REDIS_URL: testServers().redisUrl, API_PORT: String(port) });
    try {
      await waitForReady(`http://127.0.0.1:${port}`, run);
      run.child.kill("SIGTERM");
      expect(await run.exit).toBe(0);
      expect(run.output()).toContain("shut down cleanly");
    } finally {
      run.child.kill("SIGKILL");
    }
  }, 30000);
});
