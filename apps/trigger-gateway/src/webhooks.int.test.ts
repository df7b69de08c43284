import { createHmac } from "node:crypto";
import { gzipSync } from "node:zlib";
import { createLogNotifier } from "@bos/executions";
import { eventually, seedTenant, seedWorkflow } from "@bos/executions/testing";
import { type ExecutionWorker, startExecutionWorker } from "@bos/executor";
import { executionJob, openQueue } from "@bos/queue";
import { type TestDatabase, type TestRedis, createTestDatabase, createTestRedis } from "@bos/testing";
import { publishTriggerChange, registerTestWebhooks, syncWorkflowTriggers, WebhookPathClashError } from "@bos/triggers";
import type { Queue } from "bullmq";
import type { FastifyInstance } from "fastify";
import { Redis } from "ioredis";
import pino from "pino";
import { buildApp } from "./app";
import type { WebhookCredentials } from "./webhook-auth";

const log = pino({ level: "silent" });

function webhookWorkflow(name: string, webhook: Record<string, unknown>, rest: Array<Record<string, unknown>> = [], connections: Record<string, unknown> = {}, credentials?: Record<string, unknown>) {
  return {
    name,
    nodes: [{ id: "w", name: "Webhook", type: "n8n-nodes-base.webhook", typeVersion: 2, position: [0, 0], webhookId: "9d1c7b0e-0000-4000-8000-000000000001", parameters: webhook, ...(credentials ? { credentials } : {}) }, ...rest],
    connections,
    settings: {},
  };
}

const credentialStore: Record<string, Record<string, unknown>> = {
  "hmac-1": { secret: "s3cret", toleranceSeconds: 300 },
  "basic-1": { user: "ann", password: "pw" },
};
const credentials: WebhookCredentials = { get: async (request) => (request.id ? credentialStore[request.id] : undefined) };

describe("trigger gateway webhooks (real Postgres, Redis, in-process worker)", () => {
  let t: TestDatabase;
  let r: TestRedis;
  let redis: Redis;
  let queue: Queue;
  let worker: ExecutionWorker;
  let app: FastifyInstance;
  let strict: FastifyInstance;
  let tenantId: string;
  let slug: string;

  async function activate(definition: unknown, which: FastifyInstance[] = [app, strict]) {
    const { workflowId } = await seedWorkflow(t.adminDb, tenantId, definition);
    const result = await syncWorkflowTriggers(t.db, tenantId, workflowId, definition);
    await publishTriggerChange(redis, { tenantId, workflowId }, r.bullPrefix);
    await eventually(async () => (which.every((a) => a.gateway.table.size.webhooks >= result.webhooks.length && hasWorkflow(a, workflowId, result.webhooks.length)) ? true : undefined), 5000, "routes loaded");
    return { workflowId, result };
  }
  function hasWorkflow(a: FastifyInstance, workflowId: string, count: number): boolean {
    if (count === 0) return true;
    const probe = (a.gateway.table as unknown as { webhooks: Array<{ workflowId: string }> }).webhooks;
    return probe.filter((w) => w.workflowId === workflowId).length >= count;
  }

  beforeAll(async () => {
    t = await createTestDatabase();
    r = await createTestRedis();
    redis = new Redis(r.url, { maxRetriesPerRequest: null });
    queue = openQueue(executionJob, redis, r.bullPrefix);
    worker = await startExecutionWorker(
      { db: t.db, redis, queue, prefix: r.bullPrefix, log, notifier: createLogNotifier(log) },
      { concurrency: 8, lockDurationMs: 30000, stalledIntervalMs: 30000, maxStalledCount: 2, suspendAfterMs: 5000, reconcileIntervalMs: 0, reconcileMinAgeMs: 30000, nodeEvents: false, sandboxPoolSize: 1 },
    );
    app = await buildApp({ db: t.db, redis, log, credentials, options: { prefix: r.bullPrefix, syncTimeoutMs: 20000 } });
    strict = await buildApp({ db: t.db, redis, log, credentials, options: { prefix: r.bullPrefix, bodyLimitBytes: 2048, rateLimits: { windowMs: 60_000, tenant: 1000, webhook: 3 } } });
    tenantId = await seedTenant(t.adminDb);
    slug = (await t.adminDb.selectFrom("tenants").select("slug").where("id", "=", tenantId).executeTakeFirstOrThrow()).slug;
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await strict?.close();
    await worker?.close();
    await queue?.close();
    redis?.disconnect();
    await r?.cleanup();
    await t?.drop();
  }, 60_000);

  it("onReceived answers n8n's 'Workflow was started' with the execution id header, and the run succeeds", async () => {
    await activate(webhookWorkflow("received", { path: "received", httpMethod: "POST", responseMode: "onReceived" }));
    const res = await app.inject({ method: "POST", url: `/t/${slug}/webhook/received`, payload: { a: 1 } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ message: "Workflow was started" });
    const id = String(res.headers["x-execution-id"]);
    const row = await eventually(async () => {
      const e = await t.adminDb.selectFrom("executions").select(["status", "trigger_kind"]).where("id", "=", id).executeTakeFirst();
      return e?.status === "succeeded" ? e : undefined;
    }, 45000, "the webhook run");
    expect(row.trigger_kind).toBe("webhook");
  }, 90_000);

  it("lastNode returns the trigger item as n8n shapes it (headers, params, query, body, webhookUrl, executionMode) on the short and tenant URLs", async () => {
    const def = webhookWorkflow(
      "last",
      { path: "orders/:id", httpMethod: "POST", responseMode: "lastNode", responseData: "firstEntryJson" },
      [{ id: "n", name: "NoOp", type: "n8n-nodes-base.noOp", typeVersion: 1, position: [200, 0], parameters: {} }],
      { Webhook: { main: [[{ node: "NoOp", type: "main", index: 0 }]] } },
    );
    const { result } = await activate(def);
    expect(result.webhooks[0]?.shortUrl).toBe("/webhook/orders/:id");
    for (const url of [`/webhook/orders/42?x=1`, `/t/${slug}/webhook/orders/42?x=1`]) {
      const res = await app.inject({ method: "POST", url, payload: { total: 9 }, headers: { "x-test": "yes" } });
      expect(res.statusCode).toBe(200);
      const json = res.json();
      expect(json).toMatchObject({ params: { id: "42" }, query: { x: "1" }, body: { total: 9 }, executionMode: "production" });
      expect(json.headers["x-test"]).toBe("yes");
      expect(json.webhookUrl).toContain("/orders/42");
    }
  }, 90_000);

  it("responseNode answers with the Respond to Webhook node's status, headers and JSON body", async () => {
    const def = webhookWorkflow(
      "respond",
      { path: "respond", httpMethod: "POST", responseMode: "responseNode" },
      [
        {
          id: "r",
          name: "Respond",
          type: "n8n-nodes-base.respondToWebhook",
          typeVersion: 1.1,
          position: [200, 0],
          parameters: { respondWith: "json", responseBody: "={{ { ok: true, got: $json.body.n } }}", options: { responseCode: 201, responseHeaders: { entries: [{ name: "X-A", value: "1" }] } } },
        },
      ],
      { Webhook: { main: [[{ node: "Respond", type: "main", index: 0 }]] } },
    );
    await activate(def);
    const res = await app.inject({ method: "POST", url: `/t/${slug}/webhook/respond`, payload: { n: 5 } });
    expect(res.statusCode).toBe(201);
    expect(res.headers["x-a"]).toBe("1");
    expect(res.json()).toEqual({ ok: true, got: 5 });
  }, 90_000);

  it("answers 202 with the execution id when a synchronous run outlives the timeout, and the run goes on", async () => {
    const slow = await buildApp({ db: t.db, redis, log, credentials, options: { prefix: r.bullPrefix, syncTimeoutMs: 300 } });
    try {
      const def = webhookWorkflow(
        "outlives",
        { path: "outlives", httpMethod: "POST", responseMode: "lastNode", responseData: "firstEntryJson" },
        [{ id: "wt", name: "Wait", type: "n8n-nodes-base.wait", typeVersion: 1.1, position: [200, 0], parameters: { resume: "timeInterval", amount: 1, unit: "seconds" } }],
        { Webhook: { main: [[{ node: "Wait", type: "main", index: 0 }]] } },
      );
      await activate(def, [slow]);
      const res = await slow.inject({ method: "POST", url: `/t/${slug}/webhook/outlives`, payload: { n: 1 } });
      expect(res.statusCode).toBe(202);
      const id = String(res.headers["x-execution-id"]);
      expect(res.json()).toEqual({ message: "Workflow was started", executionId: id, status: "running" });
      await eventually(async () => ((await t.adminDb.selectFrom("executions").select("status").where("id", "=", id).executeTakeFirst())?.status === "succeeded" ? true : undefined), 20000, "the run after the 202");
    } finally {
      await slow.close();
    }
  }, 60_000);

  it("answers a reply too large for the finished event (over 64 KB) from the committed steps", async () => {
    const def = webhookWorkflow(
      "respond-big",
      { path: "respond-big", httpMethod: "POST", responseMode: "responseNode" },
      [{ id: "r", name: "Respond", type: "n8n-nodes-base.respondToWebhook", typeVersion: 1.1, position: [200, 0], parameters: { respondWith: "json", responseBody: "={{ { text: 'x'.repeat(70000) } }}", options: {} } }],
      { Webhook: { main: [[{ node: "Respond", type: "main", index: 0 }]] } },
    );
    const lastDef = webhookWorkflow("last-big", { path: "last-big", httpMethod: "POST", responseMode: "lastNode", responseData: "firstEntryJson" });
    await activate(def);
    await activate(lastDef);
    const res = await app.inject({ method: "POST", url: `/t/${slug}/webhook/respond-big`, payload: {} });
    expect(res.statusCode).toBe(200);
    expect((res.json() as { text: string }).text).toHaveLength(70000);
    const last = await app.inject({ method: "POST", url: `/t/${slug}/webhook/last-big`, payload: { text: "y".repeat(70000) } });
    expect(last.statusCode).toBe(200);
    expect((last.json() as { body: { text: string } }).body.text).toHaveLength(70000);
  }, 90_000);

  describe("HMAC signed deliveries", () => {
    const sign = (body: string, ts: number, secret = "s3cret") => `sha256=${createHmac("sha256", secret).update(`${ts}.${body}`).digest("hex")}`;
    let workflowId: string;
    beforeAll(async () => {
      ({ workflowId } = await activate(
        webhookWorkflow("hmac", { path: "signed", httpMethod: "POST", authentication: "hmacAuth", responseMode: "onReceived" }, [], {}, { webhookHmac: { id: "hmac-1", name: "hmac" } }),
        [app],
      ));
    });
    const count = async () => Number((await t.adminDb.selectFrom("executions").select((eb) => eb.fn.countAll().as("n")).where("workflow_id", "=", workflowId).executeTakeFirstOrThrow()).n);

    it("accepts a good signature once and starts no second run for a replayed delivery id", async () => {
      const body = JSON.stringify({ order: 1 });
      const ts = Math.floor(Date.now() / 1000);
      const headers = { "content-type": "application/json", "x-bos-signature": sign(body, ts), "x-bos-timestamp": String(ts), "x-bos-delivery": "d-1" };
      const first = await app.inject({ method: "POST", url: `/t/${slug}/webhook/signed`, payload: body, headers });
      expect(first.statusCode).toBe(200);
      const replay = await app.inject({ method: "POST", url: `/t/${slug}/webhook/signed`, payload: body, headers });
      expect(replay.json().code).toBe("WF_WEBHOOK_DUPLICATE_DELIVERY");
      expect(await count()).toBe(1);
    });

    it("refuses a bad signature and a stale timestamp with 401 and starts nothing", async () => {
      const body = JSON.stringify({ order: 2 });
      const ts = Math.floor(Date.now() / 1000);
      const bad = await app.inject({ method: "POST", url: `/t/${slug}/webhook/signed`, payload: body, headers: { "content-type": "application/json", "x-bos-signature": sign(body, ts, "wrong"), "x-bos-timestamp": String(ts), "x-bos-delivery": "d-2" } });
      expect(bad.statusCode).toBe(401);
      const old = ts - 3600;
      const stale = await app.inject({ method: "POST", url: `/t/${slug}/webhook/signed`, payload: body, headers: { "content-type": "application/json", "x-bos-signature": sign(body, old), "x-bos-timestamp": String(old), "x-bos-delivery": "d-3" } });
      expect(stale.statusCode).toBe(401);
      expect(stale.json().message).toContain("window");
      expect(await count()).toBe(1);
    });
  });

  it("refuses a body over the limit after decompression with 413", async () => {
    await activate(webhookWorkflow("limit", { path: "limit", httpMethod: "POST", responseMode: "onReceived" }));
    const big = JSON.stringify({ text: "x".repeat(10_000) });
    const plain = await strict.inject({ method: "POST", url: `/t/${slug}/webhook/limit`, payload: big, headers: { "content-type": "application/json" } });
    expect(plain.statusCode).toBe(413);
    const zipped = gzipSync(big);
    expect(zipped.length).toBeLessThan(2048);
    const bomb = await strict.inject({ method: "POST", url: `/t/${slug}/webhook/limit`, payload: zipped, headers: { "content-type": "application/json", "content-encoding": "gzip" } });
    expect(bomb.statusCode).toBe(413);
    expect(bomb.json().code).toBe("WF_WEBHOOK_BODY_TOO_LARGE");
  });

  it("rate-limits a webhook with 429 and Retry-After", async () => {
    await activate(webhookWorkflow("rate", { path: "rate", httpMethod: "GET", responseMode: "onReceived" }));
    const codes: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 5; i++) {
      const res = await strict.inject({ method: "GET", url: `/t/${slug}/webhook/rate` });
      codes.push(res.statusCode);
      if (res.statusCode === 429) retryAfter = String(res.headers["retry-after"]);
    }
    expect(codes.slice(0, 3)).toEqual([200, 200, 200]);
    expect(codes.slice(3)).toEqual([429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });

  it("refuses publishing a path and method another active workflow of the tenant serves, naming the clash", async () => {
    await activate(webhookWorkflow("owner", { path: "taken", httpMethod: "POST" }));
    const def = webhookWorkflow("intruder", { path: "taken", httpMethod: "POST" });
    const { workflowId } = await seedWorkflow(t.adminDb, tenantId, def);
    const attempt = syncWorkflowTriggers(t.db, tenantId, workflowId, def);
    await expect(attempt).rejects.toBeInstanceOf(WebhookPathClashError);
    await expect(syncWorkflowTriggers(t.db, tenantId, workflowId, def)).rejects.toThrow(/POST \/taken is already served by workflow "owner"/);
  });

  it("reports, without naming anyone, that another tenant holds the short form", async () => {
    const other = await seedTenant(t.adminDb);
    const def = webhookWorkflow("other", { path: "received", httpMethod: "POST" });
    const { workflowId } = await seedWorkflow(t.adminDb, other, def);
    const result = await syncWorkflowTriggers(t.db, other, workflowId, def);
    expect(result.webhooks[0]?.shortUrl).toBeNull();
    expect(result.warnings[0]).toMatch(/short form \/webhook\/received is taken/);
    expect(result.warnings[0]).not.toContain(tenantId);
  });

  it("honours the ipWhitelist and allowedOrigins options", async () => {
    await activate(webhookWorkflow("ip", { path: "ip-only", httpMethod: "GET", options: { ipWhitelist: "10.9.9.9", allowedOrigins: "https://a.example" } }));
    const refused = await app.inject({ method: "GET", url: `/t/${slug}/webhook/ip-only` });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe("WF_WEBHOOK_IP_NOT_ALLOWED");
    await activate(webhookWorkflow("cors", { path: "cors", httpMethod: "GET", options: { allowedOrigins: "https://a.example" } }));
    const cors = await app.inject({ method: "GET", url: `/t/${slug}/webhook/cors`, headers: { origin: "https://a.example" } });
    expect(cors.headers["access-control-allow-origin"]).toBe("https://a.example");
    const other = await app.inject({ method: "GET", url: `/t/${slug}/webhook/cors`, headers: { origin: "https://b.example" } });
    expect(other.headers["access-control-allow-origin"]).toBeUndefined();
  }, 90_000);

  it("a test listen serves /webhook-test/{path} for its time and runs the draft in test mode", async () => {
    const def = webhookWorkflow("draft", { path: "try-me", httpMethod: "POST", responseMode: "lastNode" });
    const { workflowId } = await seedWorkflow(t.adminDb, tenantId, def);
    expect((await app.inject({ method: "POST", url: "/webhook-test/try-me", payload: {} })).statusCode).toBe(404);
    const listens = await registerTestWebhooks(redis, { tenantId, workflowId, definition: def, ttlSeconds: 30, prefix: r.bullPrefix });
    expect(listens[0]?.shortUrl).toBe("/webhook-test/try-me");
    const res = await app.inject({ method: "POST", url: "/webhook-test/try-me", payload: { q: 1 } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ body: { q: 1 }, executionMode: "test" });
    const row = await t.adminDb.selectFrom("executions").select("mode").where("id", "=", String(res.headers["x-execution-id"])).executeTakeFirstOrThrow();
    expect(row.mode).toBe("test");
  }, 90_000);

  it("resumes a Wait node's execution at /webhook-waiting/{executionId} with the request as its output", async () => {
    const def = webhookWorkflow(
      "wait",
      { path: "wait-start", httpMethod: "POST", responseMode: "onReceived" },
      [
        { id: "wt", name: "Wait", type: "n8n-nodes-base.wait", typeVersion: 1.1, position: [200, 0], parameters: { resume: "webhook", httpMethod: "POST" }, webhookId: "9d1c7b0e-0000-4000-8000-000000000002" },
        { id: "n", name: "After", type: "n8n-nodes-base.noOp", typeVersion: 1, position: [400, 0], parameters: {} },
      ],
      { Webhook: { main: [[{ node: "Wait", type: "main", index: 0 }]] }, Wait: { main: [[{ node: "After", type: "main", index: 0 }]] } },
    );
    await activate(def);
    const started = await app.inject({ method: "POST", url: `/t/${slug}/webhook/wait-start`, payload: {} });
    const id = String(started.headers["x-execution-id"]);
    await eventually(async () => ((await t.adminDb.selectFrom("executions").select("status").where("id", "=", id).executeTakeFirst())?.status === "waiting" ? true : undefined), 45000, "the run to wait");
    const resumed = await app.inject({ method: "POST", url: `/webhook-waiting/${id}`, payload: { approved: true } });
    expect(resumed.statusCode).toBe(200);
    await eventually(async () => ((await t.adminDb.selectFrom("executions").select("status").where("id", "=", id).executeTakeFirst())?.status === "succeeded" ? true : undefined), 45000, "the resumed run");
    const step = await t.adminDb.selectFrom("execution_steps").select("output").where("execution_id", "=", id).where("node_name", "=", "After").executeTakeFirstOrThrow();
    expect(JSON.stringify(step.output)).toContain('"approved":true');
    expect((await app.inject({ method: "POST", url: `/webhook-waiting/${id}`, payload: {} })).statusCode).toBe(404);
  }, 90_000);

  it("deactivation stops the webhook at once, and the 404 is the same as for a path never served", async () => {
    const { workflowId } = await activate(webhookWorkflow("gone", { path: "gone-soon", httpMethod: "GET" }));
    expect((await app.inject({ method: "GET", url: `/t/${slug}/webhook/gone-soon` })).statusCode).toBe(200);
    const unknown = await app.inject({ method: "GET", url: `/t/${slug}/webhook/never-was` });
    await syncWorkflowTriggers(t.db, tenantId, workflowId, null);
    await publishTriggerChange(redis, { tenantId, workflowId }, r.bullPrefix);
    await eventually(async () => (!hasWorkflow(app, workflowId, 1) ? true : undefined), 5000, "route removed");
    const inactive = await app.inject({ method: "GET", url: `/t/${slug}/webhook/gone-soon` });
    expect(inactive.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(inactive.json().code).toBe(unknown.json().code);
    expect(inactive.json().message.replace("gone-soon", "X")).toBe(unknown.json().message.replace("never-was", "X"));
  });
});
