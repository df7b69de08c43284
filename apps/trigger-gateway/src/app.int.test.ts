import { createDb } from "@bos/db";
import { type TestDatabase, type TestRedis, createTestDatabase, createTestRedis } from "@bos/testing";
import pino from "pino";
import { buildApp } from "./app";

describe("trigger-gateway health", () => {
  let t: TestDatabase;
  let r: TestRedis;
  const log = pino({ level: "silent" });

  beforeAll(async () => {
    t = await createTestDatabase();
    r = await createTestRedis();
  });
  afterAll(async () => {
    await r.cleanup();
    await t.drop();
  });

  it("answers /healthz and /readyz with 200 when Postgres and Redis answer", async () => {
    const app = await buildApp({ db: t.db, redis: r.redis, log, options: { triggers: false } });
    try {
      expect((await app.inject({ method: "GET", url: "/healthz" })).json()).toEqual({ status: "ok" });
      const ready = await app.inject({ method: "GET", url: "/readyz" });
      expect(ready.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it("answers /readyz with 503 and the reason when Postgres is unreachable", async () => {
    const badDb = createDb({ url: "postgres://bos_app@127.0.0.1:1/bos", connectTimeoutMs: 1000 });
    const app = await buildApp({ db: badDb, redis: r.redis, log, options: { triggers: false } });
    try {
      const res = await app.inject({ method: "GET", url: "/readyz" });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: "not_ready", checks: { postgres: "failed", redis: "ok" }, reason: expect.stringContaining("postgres:") });
    } finally {
      await app.close();
      await badDb.destroy();
    }
  });

  it("answers /readyz with 503 while draining for shutdown", async () => {
    const app = await buildApp({ db: t.db, redis: r.redis, log, isDraining: () => true, options: { triggers: false } });
    try {
      const res = await app.inject({ method: "GET", url: "/readyz" });
      expect(res.statusCode).toBe(503);
      expect(res.json().reason).toBe("shutting down");
    } finally {
      await app.close();
    }
  });
});

describe("trigger-gateway routing", () => {
  it("answers an unknown path with the JSON error shape", async () => {
    const db = createDb({ url: "postgres://bos_app@127.0.0.1:1/bos" });
    const app = await buildApp({ db, redis: undefined as never, log: pino({ level: "silent" }), options: { triggers: false } });
    try {
      const res = await app.inject({ method: "GET", url: "/nope?x=1" });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ code: "WF_API_ROUTE_NOT_FOUND", message: "no route GET /nope", details: {} });
    } finally {
      await app.close();
      await db.destroy();
    }
  });
});
