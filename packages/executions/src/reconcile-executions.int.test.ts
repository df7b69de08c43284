import { executionJob, openQueue } from "@bos/queue";
import { type TestDatabase, type TestRedis, createTestDatabase, createTestRedis } from "@bos/testing";
import { type Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { sql } from "kysely";
import { getExecution } from "./get-execution";
import { listDeadLetters } from "./dead-letters";
import type { DeadLetterNotice } from "./notifier";
import { reconcileExecutions } from "./reconcile-executions";
import { startExecution } from "./start-execution";
import { eventually, seedTenant, seedWorkflow } from "./testing";

const WORKFLOW = {
  name: "one node",
  nodes: [{ id: "n0", name: "Start", type: "n8n-nodes-base.manualTrigger", typeVersion: 1, position: [0, 0], parameters: {} }],
  connections: {},
};

describe("reconcileExecutions", () => {
  let t: TestDatabase;
  let r: TestRedis;
  let redis: Redis;
  let queue: Queue;

  beforeAll(async () => {
    t = await createTestDatabase();
    r = await createTestRedis();
    redis = new Redis(r.url, { maxRetriesPerRequest: null });
    queue = openQueue(executionJob, redis, r.bullPrefix);
  });
  afterAll(async () => {
    await queue.close();
    redis.disconnect();
    await r.cleanup();
    await t.drop();
  });

  const age = (id: string) => sql`UPDATE executions SET updated_at = now() - interval '1 hour' WHERE id = ${id}`.execute(t.adminDb);

  it("enqueues again an unfinished execution whose job Redis lost, and leaves ones with a live job alone", async () => {
    const tenantId = await seedTenant(t.adminDb);
    const { workflowId } = await seedWorkflow(t.adminDb, tenantId, WORKFLOW);
    const lost = await startExecution({ db: t.db, queue }, { tenantId, workflowId, mode: "production" });
    const live = await startExecution({ db: t.db, queue }, { tenantId, workflowId, mode: "production" });
    await queue.remove(lost.executionId);
    await age(lost.executionId);
    await age(live.executionId);
    const result = await reconcileExecutions({ db: t.db, queue }, { minAgeMs: 1000 });
    expect(result.ran).toBe(true);
    expect(result.requeued).toEqual([lost.executionId]);
    expect((await queue.getJob(lost.executionId))?.id).toBe(lost.executionId);
  });

  it("fails and dead-letters an execution whose job BullMQ gave up on, instead of re-adding it forever", async () => {
    const tenantId = await seedTenant(t.adminDb);
    const { workflowId } = await seedWorkflow(t.adminDb, tenantId, WORKFLOW);
    const { executionId } = await startExecution({ db: t.db, queue }, { tenantId, workflowId, mode: "production", input: [{ a: 1 }] });
    await queue.remove(executionId);
    await queue.add("execution", { executionId, tenantId }, { jobId: executionId, attempts: 1 });
    // BullMQ does not close a connection it was given: the test does.
    const connection = redis.duplicate({ maxRetriesPerRequest: null });
    const crashing = new Worker(queue.name, async () => { throw new Error("worker crashed on it"); }, { connection, prefix: r.bullPrefix });
    try {
      await eventually(async () => ((await (await queue.getJob(executionId))?.getState()) === "failed" ? true : undefined), 20000, "the job to fail");
    } finally {
      await crashing.close();
      connection.disconnect();
    }
    await age(executionId);
    const notices: DeadLetterNotice[] = [];
    const result = await reconcileExecutions({ db: t.db, queue, notifier: { deadLetter: async (n) => void notices.push(n) } }, { minAgeMs: 1000 });
    expect(result.failed).toEqual([executionId]);
    expect(result.requeued).toEqual([]);
    expect(await getExecution(t.db, tenantId, executionId)).toMatchObject({ status: "failed", error: { code: "WF_EXEC_RETRIES_EXHAUSTED", message: expect.stringContaining("worker crashed on it") } });
    expect((await listDeadLetters(t.db, tenantId, { limit: 10 })).data.map((d) => d.executionId)).toEqual([executionId]);
    expect(notices.map((n) => n.executionId)).toEqual([executionId]);
  });

  it("does nothing while another process holds the reconciler lock", async () => {
    const held = await t.db.connection().execute(async (conn) => {
      await sql`BEGIN`.execute(conn);
      await sql`SELECT pg_advisory_xact_lock(hashtext('bos:executions-reconciler'))`.execute(conn);
      try {
        return await reconcileExecutions({ db: t.db, queue }, { minAgeMs: 0 });
      } finally {
        await sql`ROLLBACK`.execute(conn);
      }
    });
    expect(held).toEqual({ ran: false, scanned: 0, requeued: [], failed: [] });
  });
});
