import { execFileSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DEMO_TENANT, DEMO_USERS, DEMO_WORKFLOWS, createDb, seedDemo, withTenant, createWorkflow } from "@bos/db";
import { type TestDatabase, type TestRedis, createTestDatabase, createTestRedis } from "@bos/testing";
import type { FastifyInstance } from "fastify";
import pino from "pino";
import { buildApp } from "./app";

const JWT = { secret: "test-secret-test-secret-test-secret-1234", issuer: "bos", audience: "bos-api" };
const OTHER_TENANT = "0d0d0d0d-0000-4000-8000-00000000000d";
const silent = pino({ level: "silent" });

/** Signs a JWT by hand, so tests can make tokens the app itself would never issue. */
function signToken(claims: Record<string, unknown>, options: { secret?: string; alg?: string } = {}): string {
  const header = Buffer.from(JSON.stringify({ alg: options.alg ?? "HS256", typ: "JWT" })).toString("base64url");
  const body = Buffer.from(JSON.stringify(claims)).toString("base64url");
  const hmac = options.alg === "HS512" ? "sha512" : "sha256";
  const signature = createHmac(hmac, options.secret ?? JWT.secret).update(`${header}.${body}`).digest("base64url");
  return `${header}.${body}.${signature}`;
}

function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: DEMO_USERS[0]?.id,
    tenant_id: DEMO_TENANT.id,
    roles: ["creator"],
    iss: JWT.issuer,
    aud: JWT.audience,
    iat: now,
    exp: now + 600,
    ...overrides,
  };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe("workflow-api", () => {
  let t: TestDatabase;
  let r: TestRedis;
  let app: FastifyInstance;
  let distDir: string;
  let foreignWorkflowId: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    r = await createTestRedis();
    await seedDemo(t.adminDb);
    await t.adminDb.insertInto("tenants").values({ id: OTHER_TENANT, slug: "other", name: "Other" }).execute();
    foreignWorkflowId = (
      await withTenant(t.db, OTHER_TENANT, (trx) => createWorkflow(trx, OTHER_TENANT, { name: "Secret", definition: { nodes: [] } }))
    ).id;
    distDir = mkdtempSync(join(tmpdir(), "bos-builder-"));
    writeFileSync(join(distDir, "index.html"), "<!doctype html><title>builder</title>");
    app = await buildApp({ config: { jwt: JWT, builderDistDir: distDir }, db: t.db, redis: r.redis, log: silent });
  });

  afterAll(async () => {
    await app.close();
    rmSync(distDir, { recursive: true, force: true });
    await r.cleanup();
    await t.drop();
  });

  describe("health", () => {
    it("answers /healthz with 200 while the process is up", async () => {
      const res = await app.inject({ method: "GET", url: "/healthz" });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: "ok" });
    });

    it("answers /readyz with 200 when Postgres and Redis answer", async () => {
      const res = await app.inject({ method: "GET", url: "/readyz" });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: "ready", checks: { postgres: "ok", redis: "ok" } });
    });

    it("answers /readyz with 503 naming Postgres when Postgres is unreachable", async () => {
      const badDb = createDb({ url: "postgres://bos_app@127.0.0.1:1/bos", connectTimeoutMs: 1000 });
      const broken = await buildApp({ config: { jwt: JWT, builderDistDir: distDir }, db: badDb, redis: r.redis, log: silent });
      try {
        const res = await broken.inject({ method: "GET", url: "/readyz" });
        expect(res.statusCode).toBe(503);
        const body = res.json();
        expect(body).toMatchObject({ status: "not_ready", checks: { postgres: "failed", redis: "ok" } });
        expect(body.reason).toMatch(/^postgres: .*ECONNREFUSED/);
        const health = await broken.inject({ method: "GET", url: "/healthz" });
        expect(health.statusCode).toBe(200);
      } finally {
        await broken.close();
        await badDb.destroy();
      }
    });
  });

  describe("request bodies the API cannot read", () => {
    const creatorToken = () => bearer(signToken(claims({ roles: ["creator"] })));

    it("answers malformed JSON with 400, saying so", async () => {
      const res = await app.inject({ method: "POST", url: "/workflows/create", headers: { ...creatorToken(), "content-type": "application/json" }, payload: '{"name": "x", nodes: }' });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: "WF_API_BAD_REQUEST", message: expect.stringContaining("not valid JSON"), details: { reason: "FST_ERR_CTP_INVALID_JSON_BODY" } });
    });

    it("answers a body over the route's limit with 413, naming the limit", async () => {
      const res = await app.inject({ method: "POST", url: "/api-keys", headers: { ...creatorToken(), "content-type": "application/json" }, payload: JSON.stringify({ name: "x".repeat(2 * 1024 * 1024) }) });
      expect(res.statusCode).toBe(413);
      expect(res.json()).toEqual({ code: "WF_API_BAD_REQUEST", message: "the request body is larger than this route accepts (1 MB): send less", details: { reason: "FST_ERR_CTP_BODY_TOO_LARGE", limitBytes: 1024 * 1024 } });
    });

    it.each(["text/plain", "application/xml", "application/x-www-form-urlencoded"])("answers a %s body with 415, naming the content type the routes take", async (type) => {
      const res = await app.inject({ method: "POST", url: "/workflows/create", headers: { ...creatorToken(), "content-type": type }, payload: "name=x" });
      expect(res.statusCode).toBe(415);
      expect(res.json()).toEqual({
        code: "WF_API_BAD_REQUEST",
        message: expect.stringMatching(new RegExp(`${type.replace(/[/.+]/g, "\\$&")}.*Content-Type: application/json`)),
        details: { reason: "FST_ERR_CTP_INVALID_MEDIA_TYPE" },
      });
    });
  });

  describe("authentication", () => {
    it("rejects a request without a token with 401 and a JSON error", async () => {
      const res = await app.inject({ method: "GET", url: "/workflows" });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ code: "WF_AUTH_MISSING_TOKEN", message: expect.stringContaining("Bearer"), details: {} });
    });

    it("rejects an expired token", async () => {
      const now = Math.floor(Date.now() / 1000);
      const res = await app.inject({ method: "GET", url: "/workflows", headers: bearer(signToken(claims({ iat: now - 7200, exp: now - 3600 }))) });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe("WF_AUTH_TOKEN_EXPIRED");
    });

    it("rejects a token for another audience", async () => {
      const res = await app.inject({ method: "GET", url: "/workflows", headers: bearer(signToken(claims({ aud: "someone-else" }))) });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe("WF_AUTH_INVALID_TOKEN");
    });

    it("rejects a token from another issuer", async () => {
      const res = await app.inject({ method: "GET", url: "/workflows", headers: bearer(signToken(claims({ iss: "mallory" }))) });
      expect(res.statusCode).toBe(401);
    });

    it("rejects a token without exp", async () => {
      const { exp: _exp, ...rest } = claims();
      const res = await app.inject({ method: "GET", url: "/workflows", headers: bearer(signToken(rest)) });
      expect(res.statusCode).toBe(401);
    });

    it("rejects a token signed with another secret or another algorithm", async () => {
      const wrongSecret = await app.inject({
        method: "GET",
        url: "/workflows",
        headers: bearer(signToken(claims(), { secret: "another-secret-another-secret-another-1" })),
      });
      expect(wrongSecret.statusCode).toBe(401);
      const wrongAlg = await app.inject({ method: "GET", url: "/workflows", headers: bearer(signToken(claims(), { alg: "HS512" })) });
      expect(wrongAlg.statusCode).toBe(401);
      const none = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(JSON.stringify(claims())).toString("base64url")}.`;
      expect((await app.inject({ method: "GET", url: "/workflows", headers: bearer(none) })).statusCode).toBe(401);
    });

    it("rejects a token whose tenant_id is not a UUID", async () => {
      const res = await app.inject({ method: "GET", url: "/workflows", headers: bearer(signToken(claims({ tenant_id: "demo" }))) });
      expect(res.statusCode).toBe(401);
      expect(res.json().details.issues[0].path).toBe("tenant_id");
    });

    it("accepts the tokens `./bos token` prints", async () => {
      const out = execFileSync(resolve(__dirname, "../../../bos"), ["token", "--roles", "executor"], {
        env: { ...process.env, JWT_SECRET: JWT.secret, JWT_ISSUER: JWT.issuer, JWT_AUDIENCE: JWT.audience },
        encoding: "utf8",
      });
      const res = await app.inject({ method: "GET", url: "/workflows", headers: bearer(out.trim()) });
      expect(res.statusCode).toBe(200);
      expect(res.json().data).toHaveLength(DEMO_WORKFLOWS.length);
    });

    it("accepts tokens the app signs itself", async () => {
      const token = app.jwt.sign({ sub: "u1", tenant_id: DEMO_TENANT.id, roles: ["executor"] });
      const res = await app.inject({ method: "GET", url: "/workflows", headers: bearer(token) });
      expect(res.statusCode).toBe(200);
    });
  });

  describe("GET /workflows", () => {
    it("lists the caller's tenant's workflows with summary fields", async () => {
      const res = await app.inject({ method: "GET", url: "/workflows", headers: bearer(signToken(claims())) });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.nextCursor).toBeNull();
      expect(body.data.map((w: { name: string }) => w.name).sort()).toEqual(DEMO_WORKFLOWS.map((w) => w.definition.name).sort());
      expect(Object.keys(body.data[0]).sort()).toEqual(
        ["activeVersionId", "draftVersionId", "id", "name", "status", "tags", "updatedAt"].sort(),
      );
    });

    it("pages with limit and cursor", async () => {
      const headers = bearer(signToken(claims()));
      const first = (await app.inject({ method: "GET", url: "/workflows?limit=3", headers })).json();
      expect(first.data).toHaveLength(3);
      const second = (await app.inject({ method: "GET", url: `/workflows?limit=3&cursor=${first.nextCursor}`, headers })).json();
      expect(second.data).toHaveLength(DEMO_WORKFLOWS.length - 3);
      expect(second.nextCursor).toBeNull();
    });

    it("filters by status, name and tag", async () => {
      const headers = bearer(signToken(claims()));
      const byTag = (await app.inject({ method: "GET", url: "/workflows?tag=routing", headers })).json();
      expect(byTag.data.map((w: { name: string }) => w.name)).toEqual(["Route orders with Switch"]);
      const byName = (await app.inject({ method: "GET", url: "/workflows?name=batches", headers })).json();
      expect(byName.data).toHaveLength(1);
      const byStatus = (await app.inject({ method: "GET", url: "/workflows?status=archived", headers })).json();
      expect(byStatus.data).toEqual([]);
    });

    it("answers 400 listing the problem for a bad query", async () => {
      const res = await app.inject({ method: "GET", url: "/workflows?limit=0&status=nope", headers: bearer(signToken(claims())) });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: "WF_API_VALIDATION", details: { issues: expect.any(Array) } });
    });

    it("answers 400 for a cursor it did not issue", async () => {
      const res = await app.inject({ method: "GET", url: "/workflows?cursor=garbage", headers: bearer(signToken(claims())) });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe("WF_DB_INVALID_CURSOR");
    });

    it("never lists another tenant's workflows", async () => {
      const res = await app.inject({ method: "GET", url: "/workflows?name=Secret", headers: bearer(signToken(claims())) });
      expect(res.json().data).toEqual([]);
    });
  });

  describe("GET /workflows/:id", () => {
    it("returns the workflow with its draft definition", async () => {
      const headers = bearer(signToken(claims()));
      const list = (await app.inject({ method: "GET", url: "/workflows?tag=routing", headers })).json();
      const id = list.data[0].id;
      const res = await app.inject({ method: "GET", url: `/workflows/${id}`, headers });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ id, name: "Route orders with Switch", status: "draft", activeVersionId: null });
      expect(body.draftVersionId).toBe(list.data[0].draftVersionId);
      expect(body.definition.nodes.map((n: { name: string }) => n.name)).toContain("Route First Match");
      expect(body.definition.connections).toEqual(expect.any(Object));
    });

    it("answers another tenant's id exactly like an id that does not exist", async () => {
      const headers = bearer(signToken(claims()));
      const foreign = await app.inject({ method: "GET", url: `/workflows/${foreignWorkflowId}`, headers });
      const missingId = "00000000-0000-4000-8000-000000000000";
      const missing = await app.inject({ method: "GET", url: `/workflows/${missingId}`, headers });
      expect(foreign.statusCode).toBe(404);
      expect(missing.statusCode).toBe(404);
      const strip = (body: { message: string; details: object }) => ({ ...body, message: body.message.replace(/[0-9a-f-]{36}/, "ID"), details: {} });
      expect(strip(foreign.json())).toEqual(strip(missing.json()));
      expect(foreign.json().code).toBe("WF_WORKFLOW_NOT_FOUND");
    });

    it("answers 404 for an id that is not a UUID", async () => {
      const res = await app.inject({ method: "GET", url: "/workflows/nope", headers: bearer(signToken(claims())) });
      expect(res.statusCode).toBe(404);
    });
  });

  describe("the builder", () => {
    it("serves the built builder at /", async () => {
      const res = await app.inject({ method: "GET", url: "/" });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain("<title>builder</title>");
    });

    it("falls back to index.html for unknown pages a browser asks for", async () => {
      const res = await app.inject({ method: "GET", url: "/some/client/route", headers: { accept: "text/html" } });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain("<title>builder</title>");
    });

    it("answers unknown API paths with a JSON 404", async () => {
      const res = await app.inject({ method: "GET", url: "/nope", headers: { accept: "application/json" } });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe("WF_API_ROUTE_NOT_FOUND");
    });

    it("says how to build the builder when its dist is missing", async () => {
      const bare = await buildApp({
        config: { jwt: JWT, builderDistDir: join(distDir, "missing") },
        db: t.db,
        redis: r.redis,
        log: silent,
      });
      try {
        const res = await bare.inject({ method: "GET", url: "/" });
        expect(res.statusCode).toBe(503);
        expect(res.body).toMatch(/not built.*\.\/bos start/s);
      } finally {
        await bare.close();
      }
    });
  });
});
