import { createDb } from "@bos/db";
import { type TestDatabase, type TestRedis, createTestDatabase, createTestRedis } from "@bos/testing";
import type { Queue } from "bullmq";
import type { FastifyInstance } from "fastify";
import pino from "pino";
import { buildApp } from "./app";
import { openExecutionsQueue } from "./executions-queue";

describe("executor-worker health server", () => {
  let t: TestDatabase;
  let r: TestRedis;
  let queue: Queue;
  let app: FastifyInstance;
  const log = pino({ level: "silent" });

  beforeAll(async () => {
    t = await createTestDatabase();
    r = await createTestRedis();
    queue = openExecutionsQueue(r.redis, r.bullPrefix);
    app = await buildApp({ db: t.db, redis: r.redis, queue, log });
  });
  afterAll(async () => {
    await app.close();
    await queue.close();
    await r.cleanup();
    await t.drop();
  });

  it("answers /healthz and /readyz with 200 when Postgres and Redis answer", async () => {
    expect((await app.inject({ method: "GET", url: "/healthz" })).statusCode).toBe(200);
    const ready = await app.inject({ method: "GET", url: "/readyz" });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: "ready", checks: { postgres: "ok", redis: "ok" } });
  });

  it("exposes the executions queue depth in Prometheus text on /metrics", async () => {
    await queue.add("execution", { probe: true }, { jobId: "metrics-probe" });
    const res = await app.inject({ method: "GET", url: "/metrics" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/plain; version=0.0.4/);
    expect(res.body).toContain("# TYPE bos_queue_jobs gauge");
    expect(res.body).toContain('bos_queue_jobs{queue="executions",state="waiting"} 1');
    expect(res.body).toMatch(/^process_uptime_seconds \d/m);
  });

  it("keeps the queue's keys under its hash-tagged prefix", async () => {
    const keys = await r.redis.keys(`${r.bullPrefix}:executions:*`);
    expect(keys.length).toBeGreaterThan(0);
    const stray = (await r.redis.keys(`*${r.id}*`)).filter((k) => !k.startsWith(`${r.bullPrefix}:`));
    expect(stray).toEqual([]);
  });

  it("answers /readyz with 503 naming Postgres when Postgres is unreachable", async () => {
    const badDb = createDb({ url: "postgres://bos_app@127.0.0.1:1/bos", connectTimeoutMs: 1000 });
    const broken = await buildApp({ db: badDb, redis: r.redis, queue, log });
    try {
      const res = await broken.inject({ method: "GET", url: "/readyz" });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: "not_ready", checks: { postgres: "failed", redis: "ok" }, reason: expect.stringMatching(/^postgres:/) });
    } finally {
      await broken.close();
      await badDb.destroy();
    }
  });
});
