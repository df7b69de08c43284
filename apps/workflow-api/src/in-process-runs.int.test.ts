import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Role } from "@bos/db";
import { seedTenant } from "@bos/executions/testing";
import { executionJob, openQueue } from "@bos/queue";
import { type TestDatabase, type TestRedis, createTestDatabase, createTestRedis } from "@bos/testing";
import type { Queue } from "bullmq";
import type { FastifyInstance, InjectOptions } from "fastify";
import { Redis } from "ioredis";
import pino from "pino";
import { buildApp } from "./app";
import { JWT } from "./test-harness";

/**
 * Dry runs, partial test runs and debug sessions: run by the API's in-process engine, recorded as executions.
 * The debug session test restarts the API (a new app on the same database) between commands.
 */
describe("in-process runs: dry run, partial runs, debug sessions", () => {
  let t: TestDatabase;
  let r: TestRedis;
  let redis: Redis;
  let queue: Queue;
  let app: FastifyInstance;
  let tenant: string;
  let server: Server;
  let base: string;
  const received: string[] = [];

  const makeApp = () =>
    buildApp({ config: { jwt: JWT, builderDistDir: "/nonexistent-builder-dist", queuePrefix: r.bullPrefix, runWaitMs: 20000 }, db: t.db, redis, queue, log: pino({ level: "silent" }) });
  const as = (roles: Role[]) => ({ authorization: `Bearer ${app.jwt.sign({ sub: randomUUID(), tenant_id: tenant, roles })}` });
  const call = (options: InjectOptions) => app.inject(options);

  beforeAll(async () => {
    t = await createTestDatabase();
    r = await createTestRedis();
    redis = new Redis(r.url, { maxRetriesPerRequest: null });
    queue = openQueue(executionJob, redis, r.bullPrefix);
    tenant = await seedTenant(t.adminDb);
    app = await makeApp();
    server = createServer((req, res) => {
      received.push(`${req.method} ${req.url}`);
      req.resume();
      req.on("end", () => {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ price: 42 }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 60000);

  afterAll(async () => {
    await app?.close();
    await queue?.close();
    redis?.disconnect();
    await r?.cleanup();
    await t?.drop();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    received.length = 0;
  });

  const set = (name: string, field: string, value: string, x: number) => ({
    name,
    type: "n8n-nodes-base.set",
    typeVersion: 3.4,
    position: [x, 0],
    parameters: { mode: "manual", includeOtherFields: true, options: {}, assignments: { assignments: [{ id: field, name: field, type: "string", value }] } },
  });
  const link = (...names: string[]) => Object.fromEntries(names.slice(0, -1).map((name, i) => [name, { main: [[{ node: names[i + 1] as string, type: "main", index: 0 }]] }]));
  const manual = { name: "Start", type: "n8n-nodes-base.manualTrigger", typeVersion: 1, position: [0, 0], parameters: {} };

  async function create(doc: object): Promise<string> {
    const res = await call({ method: "POST", url: "/workflows", headers: as(["creator"]), payload: doc });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  }

  it("dry-runs the draft: the GET arrives, the POST never does and is listed as simulated (secrets masked)", async () => {
    const id = await create({
      name: "dry",
      nodes: [
        manual,
        { name: "Get Price", type: "n8n-nodes-base.httpRequest", typeVersion: 4.2, position: [200, 0], parameters: { method: "GET", url: `${base}/price` } },
        {
          name: "Create Order",
          type: "n8n-nodes-base.httpRequest",
          typeVersion: 4.2,
          position: [400, 0],
          parameters: { method: "POST", url: `${base}/orders`, sendHeaders: true, headerParameters: { parameters: [{ name: "Authorization", value: "Bearer s3cret" }] }, sendBody: true, contentType: "json", specifyBody: "json", jsonBody: "={{ JSON.stringify({ price: $json.price }) }}" },
        },
      ],
      connections: link("Start", "Get Price", "Create Order"),
      settings: { executionOrder: "v1" },
    });
    const res = await call({ method: "POST", url: `/workflows/${id}/dry-run`, headers: as(["executor"]), payload: {} });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ ok: true, simulated: true, run: { status: "success" } });
    expect(received).toEqual(["GET /price"]);
    expect(body.simulatedEffects).toEqual([
      expect.objectContaining({ node: "Create Order", runIndex: 0, itemIndex: 0, kind: "request", details: expect.objectContaining({ method: "POST", url: `${base}/orders`, body: { kind: "json", value: { price: 42 } } }) }),
    ]);
    expect(body.simulatedEffects[0].details.headers.authorization).toBe("***");
    expect(JSON.stringify(body)).not.toContain("s3cret");
    const execution = await call({ method: "GET", url: `/executions/${body.executionId}`, headers: as(["executor"]) });
    expect(execution.json()).toMatchObject({ mode: "dry-run", status: "succeeded" });
  });

  const chain = () => ({
    name: "chain",
    nodes: [manual, set("Seed", "n", "seed", 200), set("Middle", "m", "={{ $json.n }}-middle", 400), set("After", "a", "after", 600)],
    connections: link("Start", "Seed", "Middle", "After"),
    settings: { executionOrder: "v1" },
  });

  it("runs up to a node, then from a middle node on that execution's run data", async () => {
    const id = await create(chain());
    const upTo = await call({ method: "POST", url: `/workflows/${id}/test`, headers: as(["executor"]), payload: { to: "Middle" } });
    expect(upTo.statusCode).toBe(200);
    const first = upTo.json();
    expect(first).toMatchObject({ status: "succeeded", done: true });
    expect(Object.keys(first.execution.runData).sort()).toEqual(["Middle", "Seed", "Start"]);

    const from = await call({ method: "POST", url: `/workflows/${id}/test`, headers: as(["executor"]), payload: { from: "After", executionId: first.executionId } });
    expect(from.statusCode).toBe(200);
    const second = from.json();
    expect(second.status).toBe("succeeded");
    expect(second.execution.runData.After[0].data.main[0][0].json).toEqual({ n: "seed", m: "seed-middle", a: "after" });

    const missing = await call({ method: "POST", url: `/workflows/${id}/test`, headers: as(["executor"]), payload: { from: "After" } });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().code).toBe("WF_ENGINE_PARTIAL_RUN");
  });

  it("debugs the draft: stops at the breakpoint with its input, steps twice, survives an API restart, continues to the end", async () => {
    const id = await create({ ...chain(), nodes: [...chain().nodes, set("Last", "l", "last", 800)], connections: link("Start", "Seed", "Middle", "After", "Last") });
    const started = await call({ method: "POST", url: `/workflows/${id}/debug`, headers: as(["executor"]), payload: { breakpoints: [{ node: "Middle" }] } });
    expect(started.statusCode).toBe(201);
    const session = started.json();
    expect(session).toMatchObject({ status: "paused", pause: { node: "Middle", reason: "breakpoint", input: [[{ json: { n: "seed" } }]] } });
    expect(Object.keys(session.runData).sort()).toEqual(["Seed", "Start"]);
    const sessionId = session.sessionId as string;

    const step1 = await call({ method: "POST", url: `/debug-sessions/${sessionId}/step`, headers: as(["executor"]) });
    expect(step1.json()).toMatchObject({ status: "paused", pause: { node: "After", reason: "step" } });
    const step2 = await call({ method: "POST", url: `/debug-sessions/${sessionId}/step`, headers: as(["executor"]) });
    expect(step2.json()).toMatchObject({ status: "paused", pause: { node: "Last", reason: "step" } });
    const stored = await call({ method: "GET", url: `/executions/${sessionId}`, headers: as(["executor"]) });
    expect(stored.json()).toMatchObject({ status: "waiting", trigger: { kind: "debug" } });

    // Restart the host: a new API process (app) on the same database takes the next command.
    await app.close();
    app = await makeApp();
    const read = await call({ method: "GET", url: `/debug-sessions/${sessionId}`, headers: as(["executor"]) });
    expect(read.json()).toMatchObject({ status: "paused", pause: { node: "Last" }, breakpoints: [{ node: "Middle" }] });
    const done = await call({ method: "POST", url: `/debug-sessions/${sessionId}/continue`, headers: as(["executor"]) });
    expect(done.statusCode).toBe(200);
    expect(done.json().status).toBe("success");
    expect(done.json().runData.Last[0].data.main[0][0].json).toEqual({ n: "seed", m: "seed-middle", a: "after", l: "last" });
    const finished = await call({ method: "GET", url: `/executions/${sessionId}`, headers: as(["executor"]) });
    expect(finished.json()).toMatchObject({ status: "succeeded" });
    expect(Object.keys(finished.json().runData).sort()).toEqual(["After", "Last", "Middle", "Seed", "Start"]);

    const again = await call({ method: "POST", url: `/debug-sessions/${sessionId}/step`, headers: as(["executor"]) });
    expect(again.statusCode).toBe(409);
  });

  it("sets breakpoints, runs to a node, aborts, and hides sessions from other tenants", async () => {
    const id = await create(chain());
    const started = (await call({ method: "POST", url: `/workflows/${id}/debug`, headers: as(["creator"]), payload: { breakpoints: [{ node: "Seed" }] } })).json();
    const bp = await call({ method: "POST", url: `/debug-sessions/${started.sessionId}/breakpoints`, headers: as(["creator"]), payload: { set: [{ node: "After", condition: "$json.m === 'seed-middle'" }], clear: ["Seed"] } });
    expect(bp.json().breakpoints).toEqual([{ node: "After", condition: "$json.m === 'seed-middle'" }]);
    const cont = await call({ method: "POST", url: `/debug-sessions/${started.sessionId}/continue`, headers: as(["creator"]) });
    expect(cont.json().pause).toMatchObject({ node: "After", reason: "breakpoint", matchedItem: 0 });
    const unknown = await call({ method: "POST", url: `/debug-sessions/${started.sessionId}/run-to`, headers: as(["creator"]), payload: { node: "Nope" } });
    expect(unknown.statusCode).toBe(409);
    const aborted = await call({ method: "POST", url: `/debug-sessions/${started.sessionId}/abort`, headers: as(["creator"]) });
    expect(aborted.json().status).toBe("aborted");
    expect((await call({ method: "GET", url: `/executions/${started.sessionId}`, headers: as(["creator"]) })).json().status).toBe("canceled");

    const badBreakpoint = await call({ method: "POST", url: `/workflows/${id}/debug`, headers: as(["creator"]), payload: { breakpoints: [{ node: "Nope" }] } });
    expect(badBreakpoint.statusCode).toBe(422);
    expect(badBreakpoint.json().message).toContain('"Nope"');

    const other = await seedTenant(t.adminDb);
    const foreign = await call({ method: "GET", url: `/debug-sessions/${started.sessionId}`, headers: { authorization: `Bearer ${app.jwt.sign({ sub: randomUUID(), tenant_id: other, roles: ["admin"] })}` } });
    expect(foreign.statusCode).toBe(404);
  });
});
