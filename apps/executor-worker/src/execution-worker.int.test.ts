import { randomUUID } from "node:crypto";
import {
  cancelExecution,
  createLogNotifier,
  type DeadLetterNotice,
  type ExecutionServiceDeps,
  getExecution,
  listDeadLetters,
  redriveDeadLetter,
  retryExecution,
  startExecution,
  waitForCompletion,
} from "@bos/executions";
import { contentHash } from "@bos/db";
import { eventually, seedTenant, seedWorkflow } from "@bos/executions/testing";
import { type ExecutionEvent, ExecutionEventPublisher, ExecutionEventSubscriber, enqueueJob, executionJob, openQueue, redisKeys } from "@bos/queue";
import { type TestDatabase, type TestRedis, createTestDatabase, createTestRedis } from "@bos/testing";
import type { Queue } from "bullmq";
import { Redis } from "ioredis";
import pino from "pino";
import { type ExecutionWorker, startExecutionWorker } from "@bos/executor";
import fiveNode from "./__fixtures__/five-node.json";
import fails from "./__fixtures__/fails.json";
import waitTenSeconds from "./__fixtures__/wait-10s.json";

describe("execution worker (in process)", () => {
  let t: TestDatabase;
  let r: TestRedis;
  let redis: Redis;
  let queue: Queue;
  let worker: ExecutionWorker;
  let deps: ExecutionServiceDeps;
  const notices: DeadLetterNotice[] = [];
  const log = pino({ level: "silent" });

  beforeAll(async () => {
    t = await createTestDatabase();
    r = await createTestRedis();
    redis = new Redis(r.url, { maxRetriesPerRequest: null });
    queue = openQueue(executionJob, redis, r.bullPrefix);
    deps = { db: t.db, queue, subscriber: new ExecutionEventSubscriber(redis, r.bullPrefix), publisher: new ExecutionEventPublisher(redis, { prefix: r.bullPrefix }) };
    const logNotifier = createLogNotifier(log);
    worker = await startExecutionWorker(
      { db: t.db, redis, queue, prefix: r.bullPrefix, log, notifier: { deadLetter: async (n) => { notices.push(n); await logNotifier.deadLetter(n); } } },
      { concurrency: 4, lockDurationMs: 30000, stalledIntervalMs: 15000, maxStalledCount: 5, suspendAfterMs: 5000, reconcileIntervalMs: 0, reconcileMinAgeMs: 30000, nodeEvents: true, sandboxPoolSize: 1 },
    );
  });
  afterAll(async () => {
    await worker?.close();
    await deps?.subscriber?.close();
    await queue?.close();
    redis?.disconnect();
    await r?.cleanup();
    await t?.drop();
  });

  it("runs an enqueued execution to succeeded with every node run recorded in one commit", async () => {
    const tenantId = await seedTenant(t.adminDb);
    const { workflowId } = await seedWorkflow(t.adminDb, tenantId, fiveNode);
    const commitsBefore = worker.metrics.commits;
    const started = await startExecution(deps, { tenantId, workflowId, mode: "production", input: [{ name: "ada", score: 3 }], wait: { timeoutMs: 20000 } });
    expect(started.completion?.done).toBe(true);
    expect(started.status).toBe("succeeded");
    const detail = await getExecution(t.db, tenantId, started.executionId, { includeRunData: true });
    expect(Object.keys(detail?.runData ?? {}).sort()).toEqual(["Code", "End", "Final", "If", "Start", "Tag"]);
    expect(detail?.runData?.End?.[0]?.data?.main[0]?.[0]?.json).toMatchObject({ name: "ada", tag: "ada!", seen: true, done: true });
    expect(detail?.lastNodeExecuted).toBe("End");
    expect(worker.metrics.commits - commitsBefore).toBe(1);
  });

  it("runs an execution enqueued twice only once", async () => {
    const tenantId = await seedTenant(t.adminDb);
    const { workflowId } = await seedWorkflow(t.adminDb, tenantId, fiveNode);
    const started = await startExecution(deps, { tenantId, workflowId, mode: "production", input: [{ name: "bo", score: 1 }], wait: { timeoutMs: 20000 } });
    expect(started.status).toBe("succeeded");
    const dropped = worker.metrics.duplicatesDropped;
    // Once more, after it finished: the worker sees the final status and drops the job.
    await enqueueJob(queue, executionJob, { executionId: started.executionId, tenantId }, { jobId: started.executionId });
    await eventually(async () => (worker.metrics.duplicatesDropped > dropped ? true : undefined), 20000, "the duplicate job to be dropped");
    const steps = await t.adminDb.selectFrom("execution_steps").select(({ fn }) => fn.countAll<string>().as("n")).where("execution_id", "=", started.executionId).executeTakeFirstOrThrow();
    expect(Number(steps.n)).toBe(6);
  });

  it("fails a production run whose node throws into the dead-letter store, notifies, and redrives it", async () => {
    const tenantId = await seedTenant(t.adminDb);
    const { workflowId } = await seedWorkflow(t.adminDb, tenantId, fails);
    const started = await startExecution(deps, { tenantId, workflowId, mode: "production", input: [{ a: 1 }], wait: { timeoutMs: 20000 } });
    expect(started.status).toBe("failed");
    const detail = await getExecution(t.db, tenantId, started.executionId);
    expect(detail?.error).toMatchObject({ message: expect.stringContaining("boom"), node: "Fail" });
    const letters = await listDeadLetters(t.db, tenantId, { limit: 10 });
    expect(letters.data).toHaveLength(1);
    expect(letters.data[0]).toMatchObject({ executionId: started.executionId, workflowId, input: [{ json: { a: 1 } }] });
    expect(notices.map((n) => n.executionId)).toContain(started.executionId);
    const redriven = await redriveDeadLetter(deps, tenantId, letters.data[0]!.id);
    const again = await eventually(async () => {
      const e = await getExecution(t.db, tenantId, redriven.executionId);
      return e && e.status !== "queued" && e.status !== "running" ? e : undefined;
    }, 20000, "the redriven execution to finish");
    expect(again).toMatchObject({ status: "failed", retryOf: started.executionId, attempt: 2 });
    expect((await listDeadLetters(t.db, tenantId, { limit: 10 })).data.map((d) => d.executionId)).toEqual([redriven.executionId]);
  });

  it("does not put failed test runs into the dead-letter store", async () => {
    const tenantId = await seedTenant(t.adminDb);
    const { workflowId } = await seedWorkflow(t.adminDb, tenantId, fails);
    const started = await startExecution(deps, { tenantId, workflowId, mode: "test", wait: { timeoutMs: 20000 } });
    expect(started.status).toBe("failed");
    expect((await listDeadLetters(t.db, tenantId, { limit: 10 })).data).toEqual([]);
  });

  it("retries from the failed node on the latest version: recorded node runs are kept, the fixed node runs", async () => {
    const tenantId = await seedTenant(t.adminDb);
    const { workflowId } = await seedWorkflow(t.adminDb, tenantId, fails);
    const failed = await startExecution(deps, { tenantId, workflowId, mode: "production", input: [{ a: 1 }], wait: { timeoutMs: 20000 } });
    expect(failed.status).toBe("failed");
    const fixed = { ...fails, nodes: fails.nodes.map((n) => (n.name === "Fail" ? { ...n, parameters: { jsCode: "return $input.all().map((i) => ({ json: { ...i.json, fixed: true } }));" } } : n)) };
    const version = await t.adminDb
      .insertInto("workflow_versions")
      .values({ tenant_id: tenantId, workflow_id: workflowId, definition: JSON.stringify(fixed), content_hash: contentHash(fixed), parent_version_id: null, author_id: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.adminDb.updateTable("workflows").set({ active_version_id: version.id, draft_version_id: version.id }).where("id", "=", workflowId).execute();
    const before = await getExecution(t.db, tenantId, failed.executionId, { includeRunData: true });
    const retried = await retryExecution(deps, tenantId, failed.executionId, { from: "failed-node", version: "latest", wait: { timeoutMs: 20000 } });
    expect(retried.status).toBe("succeeded");
    const after = await getExecution(t.db, tenantId, retried.executionId, { includeRunData: true });
    expect(after).toMatchObject({ retryOf: failed.executionId, attempt: 2, versionId: version.id });
    expect(after?.runData?.Before?.[0]?.startTime).toBe(before?.runData?.Before?.[0]?.startTime);
    expect(after?.runData?.End?.[0]?.data?.main[0]?.[0]?.json).toEqual({ a: 1, before: true, fixed: true });
  });

  it("suspends a long wait (status waiting, worker freed) and cancels it", async () => {
    const tenantId = await seedTenant(t.adminDb);
    const { workflowId } = await seedWorkflow(t.adminDb, tenantId, waitTenSeconds);
    const started = await startExecution(deps, { tenantId, workflowId, mode: "production" });
    const outcome = await eventually(async () => {
      const o = await waitForCompletion(deps, tenantId, started.executionId, 200);
      return o.status === "waiting" ? o : undefined;
    }, 20000, "the run to suspend");
    expect(outcome.done).toBe(false);
    expect(await (await queue.getJob(started.executionId))?.isDelayed()).toBe(true);
    await cancelExecution(deps, tenantId, started.executionId);
    expect((await getExecution(t.db, tenantId, started.executionId))?.status).toBe("canceled");
    expect(await queue.getJob(started.executionId)).toBeUndefined();
  });

  it("puts the webhook reply its trigger asked for on the finished event (after the commit), and keeps it out of the tenant stream", async () => {
    const tenantId = await seedTenant(t.adminDb);
    const { workflowId } = await seedWorkflow(t.adminDb, tenantId, fiveNode);
    const executionId = randomUUID();
    const events: ExecutionEvent[] = [];
    let done: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const unsubscribe = await deps.subscriber!.subscribe(executionId, (event) => {
      events.push(event);
      if (event.type === "execution.finished") done();
    });
    await startExecution(deps, { tenantId, workflowId, mode: "production", executionId, trigger: { kind: "webhook", payload: { respond: "lastNode" } }, input: [{ name: "cy", score: 2 }] });
    await finished;
    await unsubscribe();
    const event = events.find((e) => e.type === "execution.finished");
    const detail = await getExecution(t.db, tenantId, executionId, { includeRunData: true });
    expect(event).toMatchObject({ status: "succeeded", recordedEvents: 0, webhookReply: { mode: "lastNode", items: detail?.runData?.End?.[0]?.data?.main[0] } });
    const entries = await redis.xrange(redisKeys.tenantStream(r.bullPrefix, tenantId), "-", "+");
    const streamed = entries.map(([, fields]) => JSON.parse(fields[1] ?? "{}") as ExecutionEvent).find((e) => e.executionId === executionId && e.type === "execution.finished");
    expect(streamed).toMatchObject({ status: "succeeded", recordedEvents: 0 });
    expect(streamed).not.toHaveProperty("webhookReply");
  });

  it("puts no webhook reply on the events of a run its trigger did not ask one for", async () => {
    const tenantId = await seedTenant(t.adminDb);
    const { workflowId } = await seedWorkflow(t.adminDb, tenantId, fiveNode);
    const executionId = randomUUID();
    let done: (event: ExecutionEvent) => void = () => undefined;
    const finished = new Promise<ExecutionEvent>((resolve) => (done = resolve));
    const unsubscribe = await deps.subscriber!.subscribe(executionId, (event) => {
      if (event.type === "execution.finished") done(event);
    });
    await startExecution(deps, { tenantId, workflowId, mode: "production", executionId, input: [{ name: "di", score: 4 }] });
    expect(await finished).not.toHaveProperty("webhookReply");
    await unsubscribe();
  });

  it("starts an admitted run from the snapshot on its job, without reading the execution back", async () => {
    const tenantId = await seedTenant(t.adminDb);
    const { workflowId } = await seedWorkflow(t.adminDb, tenantId, fiveNode);
    // The first run of a version reads it (and caches its definition); later ones start from the job.
    await startExecution(deps, { tenantId, workflowId, mode: "production", input: [{ name: "ed", score: 1 }], wait: { timeoutMs: 20000 } });
    const skipped = worker.metrics.loadsSkipped;
    const started = await startExecution(deps, { tenantId, workflowId, mode: "production", input: [{ name: "flo", score: 5 }], wait: { timeoutMs: 20000 } });
    expect(started.status).toBe("succeeded");
    expect(worker.metrics.loadsSkipped).toBe(skipped + 1);
    const detail = await getExecution(t.db, tenantId, started.executionId, { includeRunData: true });
    expect(detail?.runData?.End?.[0]?.data?.main[0]?.[0]?.json).toMatchObject({ name: "flo", tag: "flo!", done: true });
  });

  it("a job whose admission snapshot is stale (the run already finished) writes nothing", async () => {
    const tenantId = await seedTenant(t.adminDb);
    const { workflowId, versionId } = await seedWorkflow(t.adminDb, tenantId, fiveNode);
    const started = await startExecution(deps, { tenantId, workflowId, mode: "production", input: [{ name: "gus", score: 2 }], wait: { timeoutMs: 20000 } });
    expect(started.status).toBe("succeeded");
    const lost = worker.metrics.leaseLost;
    // The same execution again with a snapshot that still says "queued, lease token 0": the fenced commit refuses it.
    const admitted = { workflowId, versionId, mode: "production" as const, input: [{ json: { name: "gus", score: 2 } }] };
    await enqueueJob(queue, executionJob, { executionId: started.executionId, tenantId, admitted }, { jobId: started.executionId });
    await eventually(async () => (worker.metrics.leaseLost > lost ? true : undefined), 20000, "the stale run's commit to be refused");
    const steps = await t.adminDb.selectFrom("execution_steps").select(({ fn }) => fn.countAll<string>().as("n")).where("execution_id", "=", started.executionId).executeTakeFirstOrThrow();
    expect(Number(steps.n)).toBe(6);
    expect((await getExecution(t.db, tenantId, started.executionId))?.status).toBe("succeeded");
  });
});
