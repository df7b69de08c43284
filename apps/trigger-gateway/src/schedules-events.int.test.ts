import { createLogNotifier } from "@bos/executions";
import { eventually, seedTenant, seedWorkflow } from "@bos/executions/testing";
import { busStreamKey, publishEvent } from "@bos/event-bus";
import { type ExecutionWorker, startExecutionWorker } from "@bos/executor";
import { executionJob, openQueue } from "@bos/queue";
import { type TestDatabase, type TestRedis, createTestDatabase, createTestRedis } from "@bos/testing";
import { publishTriggerChange, syncWorkflowTriggers } from "@bos/triggers";
import type { Queue } from "bullmq";
import type { FastifyInstance } from "fastify";
import { Redis } from "ioredis";
import pino from "pino";
import { buildApp } from "./app";

const log = pino({ level: "silent" });

describe("trigger gateway schedules and events (real Postgres, Redis, in-process worker)", () => {
  let t: TestDatabase;
  let r: TestRedis;
  let redis: Redis;
  let queue: Queue;
  let worker: ExecutionWorker;
  let tenantId: string;

  const executionsOf = (workflowId: string) =>
    t.adminDb.selectFrom("executions").select(["id", "status", "trigger_payload", "input"]).where("workflow_id", "=", workflowId).execute();

  beforeAll(async () => {
    t = await createTestDatabase();
    r = await createTestRedis();
    redis = new Redis(r.url, { maxRetriesPerRequest: null });
    queue = openQueue(executionJob, redis, r.bullPrefix);
    worker = await startExecutionWorker(
      { db: t.db, redis, queue, prefix: r.bullPrefix, log, notifier: createLogNotifier(log) },
      { concurrency: 8, lockDurationMs: 30000, stalledIntervalMs: 30000, maxStalledCount: 2, suspendAfterMs: 5000, reconcileIntervalMs: 0, reconcileMinAgeMs: 30000, nodeEvents: false, sandboxPoolSize: 1 },
    );
    tenantId = await seedTenant(t.adminDb);
  }, 120_000);
  afterAll(async () => {
    await worker?.close();
    await queue?.close();
    redis?.disconnect();
    await r?.cleanup();
    await t?.drop();
  }, 120_000);

  it("fires a schedule once per tick with two gateway instances, and stops at once when deactivated", async () => {
    const gateways = [
      await buildApp({ db: t.db, redis, log, options: { prefix: r.bullPrefix, instanceId: "g1" } }),
      await buildApp({ db: t.db, redis, log, options: { prefix: r.bullPrefix, instanceId: "g2" } }),
    ];
    try {
      const def = {
        name: "every second",
        nodes: [
          { id: "s", name: "Schedule Trigger", type: "n8n-nodes-base.scheduleTrigger", typeVersion: 1.2, position: [0, 0], parameters: { rule: { interval: [{ field: "seconds", secondsInterval: 1 }] } } },
          { id: "n", name: "NoOp", type: "n8n-nodes-base.noOp", typeVersion: 1, position: [200, 0], parameters: {} },
        ],
        connections: { "Schedule Trigger": { main: [[{ node: "NoOp", type: "main", index: 0 }]] } },
        settings: { timezone: "Europe/Berlin" },
      };
      const { workflowId } = await seedWorkflow(t.adminDb, tenantId, def);
      await syncWorkflowTriggers(t.db, tenantId, workflowId, def);
      await publishTriggerChange(redis, { tenantId, workflowId }, r.bullPrefix);
      const runs = await eventually(async () => {
        const rows = await executionsOf(workflowId);
        return rows.filter((e) => e.status === "succeeded").length >= 4 ? rows : undefined;
      }, 45000, "four scheduled runs");
      const ticks = runs.map((e) => (e.trigger_payload as { at: string }).at);
      expect(new Set(ticks).size).toBe(ticks.length);
      const first = runs.find((e) => e.status === "succeeded");
      expect((first?.input as Array<{ json: { timestamp: string } }>)[0]?.json.timestamp).toEqual(expect.any(String));

      await syncWorkflowTriggers(t.db, tenantId, workflowId, null);
      await publishTriggerChange(redis, { tenantId, workflowId }, r.bullPrefix);
      await eventually(async () => ((await queue.client) && (await gateways[0]!.gateway.schedules.queue.getJobSchedulers(0, -1)).length === 0 ? true : undefined), 5000, "scheduler removed");
      await Promise.all(gateways.map((g) => g.gateway.registry.settled()));
      const atStop = (await executionsOf(workflowId)).length;
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect((await executionsOf(workflowId)).length).toBeLessThanOrEqual(atStop + 1);
    } finally {
      for (const g of gateways) await g.close();
    }
  }, 120_000);

  it("runs workflows for events published while the gateway was stopped, once each, and republishes their outcome and Publish Event items on the bus", async () => {
    const first = await buildApp({ db: t.db, redis, log, options: { prefix: r.bullPrefix, instanceId: "e1" } });
    await first.close();

    const def = {
      name: "vip contacts",
      nodes: [
        { id: "e", name: "Event Trigger", type: "bos.eventTrigger", typeVersion: 1, position: [0, 0], parameters: { eventType: "crm.contact.*", filter: '{"data.vip": true}' } },
        { id: "p", name: "Publish Event", type: "bos.publishEvent", typeVersion: 1, position: [200, 0], parameters: { eventType: "crm.followup.created", data: "={{ { contact: $json.data.id } }}" } },
      ],
      connections: { "Event Trigger": { main: [[{ node: "Publish Event", type: "main", index: 0 }]] } },
      settings: {},
    };
    const { workflowId } = await seedWorkflow(t.adminDb, tenantId, def);
    await syncWorkflowTriggers(t.db, tenantId, workflowId, def);
    const occurredAt = new Date().toISOString();
    await publishEvent(redis, { type: "crm.contact.created", tenant: tenantId, id: "c-1", data: { id: 1, vip: true }, occurredAt }, { prefix: r.bullPrefix });
    await publishEvent(redis, { type: "crm.contact.created", tenant: tenantId, id: "c-1", data: { id: 1, vip: true }, occurredAt }, { prefix: r.bullPrefix });
    await publishEvent(redis, { type: "crm.contact.created", tenant: tenantId, id: "c-2", data: { id: 2, vip: false }, occurredAt }, { prefix: r.bullPrefix });
    await publishEvent(redis, { type: "crm.deal.won", tenant: tenantId, id: "d-1", data: { id: 3, vip: true }, occurredAt }, { prefix: r.bullPrefix });

    const second = await buildApp({ db: t.db, redis, log, options: { prefix: r.bullPrefix, instanceId: "e2" } });
    try {
      const run = await eventually(async () => (await executionsOf(workflowId)).find((e) => e.status === "succeeded"), 45000, "the event run");
      expect((run.input as Array<{ json: unknown }>)[0]?.json).toEqual({ type: "crm.contact.created", tenant: tenantId, id: "c-1", data: { id: 1, vip: true }, occurredAt });
      const bus = await eventually(async () => {
        const entries = await redis.xrange(busStreamKey(r.bullPrefix), "-", "+");
        const events = entries.map(([, fields]) => JSON.parse(fields[1] ?? "{}") as { type: string; id: string; data: Record<string, unknown> });
        return events.some((e) => e.type === "crm.followup.created") && events.some((e) => e.type === "workflow.execution.succeeded" && e.data.executionId === run.id) ? events : undefined;
      }, 45000, "the outcome and the published event on the bus");
      expect(bus.find((e) => e.type === "crm.followup.created")?.data).toEqual({ contact: 1 });
      // The bus is drained (nothing pending for the gateway's group) and still exactly one run.
      await eventually(async () => {
        const groups = (await redis.xinfo("GROUPS", busStreamKey(r.bullPrefix))) as Array<Array<string | number>>;
        const group = groups.map((g) => Object.fromEntries(Array.from({ length: g.length / 2 }, (_, i) => [g[2 * i], g[2 * i + 1]]))).find((g) => g.name === "trigger-gateway");
        return group && Number(group.pending) === 0 && Number(group.lag ?? 0) === 0 ? true : undefined;
      }, 45000, "the bus drained");
      expect((await executionsOf(workflowId)).length).toBe(1);
    } finally {
      await second.close();
    }
  }, 120_000);
});
