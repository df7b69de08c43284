import { unlinkSync } from "node:fs";
import type { ChildProcess } from "node:child_process";
import { type ExecutionServiceDeps, getExecution, startExecution } from "@bos/executions";
import { eventually, seedTenant, seedWorkflow } from "@bos/executions/testing";
import { executionJob, openQueue } from "@bos/queue";
import { type TestDatabase, type TestRedis, createTestDatabase, createTestRedis } from "@bos/testing";
import type { Queue } from "bullmq";
import { Redis } from "ioredis";
import httpPost from "./__fixtures__/http-post.json";
import waitTenSeconds from "./__fixtures__/wait-10s.json";
import { startCountingServer } from "./testing/counting-server";
import { bundleWorker, freePort, startRedisServer, startWorkerProcess, type WorkerProcess } from "./testing/worker-process";

jest.setTimeout(240_000);

/** Crash and restart tests against real worker processes (the bundled main.ts), Postgres and Redis. */
describe("durability of executions across crashes and restarts", () => {
  let t: TestDatabase;
  let r: TestRedis;
  let bundle: string;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    t = await createTestDatabase();
    r = await createTestRedis();
    bundle = bundleWorker();
  });
  afterEach(async () => {
    for (const w of workers.splice(0)) {
      if (w.child.exitCode === null) w.child.kill("SIGKILL");
      await w.exited;
    }
  });
  afterAll(async () => {
    unlinkSync(bundle);
    unlinkSync(`${bundle}.map`);
    await r.cleanup();
    await t.drop();
  });

  const workerEnv = (redisUrl: string, prefix: string, extra: Record<string, string> = {}) => ({
    DATABASE_URL: t.appUrl,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    WORKER_CONCURRENCY: "8",
    WORKER_LOCK_DURATION_MS: "5000",
    WORKER_STALLED_INTERVAL_MS: "2000",
    RECONCILE_INTERVAL_MS: "1000",
    RECONCILE_MIN_AGE_MS: "2000",
    SANDBOX_POOL_SIZE: "1",
    ...extra,
  });
  const spawnWorker = async (env: Record<string, string>) => {
    const w = await startWorkerProcess(bundle, env);
    workers.push(w);
    return w;
  };
  const statuses = async (tenantId: string) =>
    t.adminDb.selectFrom("executions").select(["id", "status", "error"]).where("tenant_id", "=", tenantId).execute();

  it("loses nothing when a worker is SIGKILLed in the middle of 100 executions: each side effect runs once per node run (repeats only with the same Idempotency-Key)", async () => {
    const server = await startCountingServer(15);
    const redis = new Redis(r.url, { maxRetriesPerRequest: null });
    const queue = openQueue(executionJob, redis, r.bullPrefix);
    try {
      const tenantId = await seedTenant(t.adminDb, { concurrentRuns: 1000 });
      const { workflowId } = await seedWorkflow(t.adminDb, tenantId, httpPost);
      const deps: ExecutionServiceDeps = { db: t.db, queue };
      const first = await spawnWorker(workerEnv(r.url, r.bullPrefix));
      const ids: string[] = [];
      for (let n = 0; n < 100; n++) ids.push((await startExecution(deps, { tenantId, workflowId, mode: "production", input: [{ url: server.url, n }] })).executionId);
      await eventually(async () => (server.requests.length >= 20 ? true : undefined), 60_000, "20 side effects before the kill");
      first.child.kill("SIGKILL");
      await first.exited;
      const countAtKill = server.requests.length;
      expect(countAtKill).toBeLessThan(100); // the kill really happened mid-run
      await spawnWorker(workerEnv(r.url, r.bullPrefix));
      const rows = await eventually(async () => {
        const all = await statuses(tenantId);
        return all.every((row) => row.status === "succeeded" || row.status === "failed") ? all : undefined;
      }, 180_000, "every execution to finish after the restart");
      expect(rows.filter((row) => row.status !== "succeeded")).toEqual([]);
      const expectedKeys = new Set(ids.map((id) => `${id}:Notify:0`));
      const seenKeys = new Set(server.requests.map((req) => req.idempotencyKey));
      expect(seenKeys).toEqual(expectedKeys);
      // Every execution recorded exactly one run of the side-effecting node.
      const notifySteps = await t.adminDb.selectFrom("execution_steps").select(["execution_id", "run_index"]).where("tenant_id", "=", tenantId).where("node_name", "=", "Notify").execute();
      expect(notifySteps).toHaveLength(100);
      expect(new Set(notifySteps.map((s) => s.execution_id)).size).toBe(100);
      const bodies = new Set(server.requests.map((req) => (JSON.parse(req.body) as { n: number }).n));
      expect(bodies.size).toBe(100);
    } finally {
      await queue.close();
      redis.disconnect();
      await server.close();
    }
  });

  it("loses nothing when Redis restarts without its data mid-run: the reconciler enqueues the lost jobs again", async () => {
    const port = await freePort();
    let redisServer: ChildProcess = await startRedisServer(port);
    const url = `redis://127.0.0.1:${port}`;
    const prefix = `{${r.id}-restart}`;
    const server = await startCountingServer(20);
    const redis = new Redis(url, { maxRetriesPerRequest: null });
    redis.on("error", () => undefined);
    const queue = openQueue(executionJob, redis, prefix);
    try {
      const tenantId = await seedTenant(t.adminDb, { concurrentRuns: 1000 });
      const { workflowId } = await seedWorkflow(t.adminDb, tenantId, httpPost);
      await spawnWorker(workerEnv(url, prefix, { WORKER_CONCURRENCY: "2" }));
      const ids: string[] = [];
      for (let n = 0; n < 100; n++) ids.push((await startExecution({ db: t.db, queue }, { tenantId, workflowId, mode: "production", input: [{ url: server.url, n }] })).executionId);
      await eventually(async () => ((await statuses(tenantId)).filter((row) => row.status === "succeeded").length >= 10 ? true : undefined), 60_000, "10 executions to succeed");
      redisServer.kill("SIGKILL");
      await new Promise((resolve) => redisServer.once("exit", resolve));
      const unfinishedAtRestart = (await statuses(tenantId)).filter((row) => row.status !== "succeeded").length;
      expect(unfinishedAtRestart).toBeGreaterThan(0);
      redisServer = await startRedisServer(port);
      const rows = await eventually(async () => {
        const all = await statuses(tenantId);
        return all.every((row) => row.status === "succeeded") ? all : undefined;
      }, 180_000, "every execution to succeed after the Redis restart");
      expect(rows).toHaveLength(100);
      expect(new Set(server.requests.map((req) => req.idempotencyKey))).toEqual(new Set(ids.map((id) => `${id}:Notify:0`)));
    } finally {
      await queue.close().catch(() => undefined);
      redis.disconnect();
      await server.close();
      redisServer.kill("SIGKILL");
    }
  });

  it("finishes a 10 s wait after the worker that suspended it is killed and a new one starts", async () => {
    const redis = new Redis(r.url, { maxRetriesPerRequest: null });
    const prefix = `{${r.id}-wait}`;
    const queue = openQueue(executionJob, redis, prefix);
    try {
      const tenantId = await seedTenant(t.adminDb);
      const { workflowId } = await seedWorkflow(t.adminDb, tenantId, waitTenSeconds);
      const first = await spawnWorker(workerEnv(r.url, prefix));
      const { executionId } = await startExecution({ db: t.db, queue }, { tenantId, workflowId, mode: "production", input: [{ x: 1 }] });
      await eventually(async () => ((await getExecution(t.db, tenantId, executionId))?.status === "waiting" ? true : undefined), 30_000, "the execution to suspend");
      expect((await queue.getJob(executionId))?.id).toBe(executionId);
      first.child.kill("SIGKILL");
      await first.exited;
      await spawnWorker(workerEnv(r.url, prefix));
      const done = await eventually(async () => {
        const e = await getExecution(t.db, tenantId, executionId, { includeRunData: true });
        return e && (e.status === "succeeded" || e.status === "failed") ? e : undefined;
      }, 60_000, "the execution to finish after the wait");
      expect(done.status).toBe("succeeded");
      expect(Object.keys(done.runData ?? {}).sort()).toEqual(["After", "Before", "Start", "Wait"]);
      expect(done.runData?.After?.[0]?.data?.main[0]?.[0]?.json).toEqual({ x: 1, before: true, after: true });
      expect(Date.parse(done.finishedAt ?? "") - Date.parse(done.queuedAt)).toBeGreaterThanOrEqual(9_000);
    } finally {
      await queue.close();
      redis.disconnect();
    }
  });

  it("drains on SIGTERM: runs in progress finish, the process exits 0, and no side effect is repeated", async () => {
    const server = await startCountingServer(40);
    const redis = new Redis(r.url, { maxRetriesPerRequest: null });
    const prefix = `{${r.id}-drain}`;
    const queue = openQueue(executionJob, redis, prefix);
    try {
      const tenantId = await seedTenant(t.adminDb, { concurrentRuns: 1000 });
      const { workflowId } = await seedWorkflow(t.adminDb, tenantId, httpPost);
      const first = await spawnWorker(workerEnv(r.url, prefix, { WORKER_CONCURRENCY: "4" }));
      const ids: string[] = [];
      for (let n = 0; n < 30; n++) ids.push((await startExecution({ db: t.db, queue }, { tenantId, workflowId, mode: "production", input: [{ url: server.url, n }] })).executionId);
      await eventually(async () => (server.requests.length >= 2 ? true : undefined), 60_000, "the first side effects");
      first.child.kill("SIGTERM");
      expect(await first.exited).toBe(0);
      const afterDrain = await statuses(tenantId);
      expect(afterDrain.filter((row) => row.status === "running")).toEqual([]);
      await spawnWorker(workerEnv(r.url, prefix));
      await eventually(async () => ((await statuses(tenantId)).every((row) => row.status === "succeeded") ? true : undefined), 120_000, "every execution to succeed");
      expect(server.requests.map((req) => req.idempotencyKey).sort()).toEqual(ids.map((id) => `${id}:Notify:0`).sort());
    } finally {
      await queue.close();
      redis.disconnect();
      await server.close();
    }
  });
});
