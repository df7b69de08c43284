import { randomUUID } from "node:crypto";
import { flushWal, withTenant } from "@bos/db";
import { sql } from "kysely";
import { EXECUTIONS_QUEUE, executionJob, openQueue } from "@bos/queue";
import { type TestDatabase, type TestRedis, createTestDatabase, createTestRedis } from "@bos/testing";
import type { Queue } from "bullmq";
import { QuotaExceededError } from "./errors";
import { getExecution } from "./get-execution";
import { LeaseLostError } from "./errors";
import { StepRecorder, loadExecutionForRun } from "./run-store";
import { type StartExecutionRequest, startExecution } from "./start-execution";
import { seedTenant, seedWorkflow } from "./testing";
import { monthPeriod } from "./usage-period";
import { cancelExecution } from "./cancel-execution";

const WORKFLOW = {
  name: "one node",
  nodes: [{ id: "n0", name: "Start", type: "n8n-nodes-base.manualTrigger", typeVersion: 1, position: [0, 0], parameters: {} }],
  connections: {},
};

describe("admission", () => {
  let t: TestDatabase;
  let r: TestRedis;
  let queue: Queue;

  beforeAll(async () => {
    t = await createTestDatabase();
    r = await createTestRedis();
    queue = openQueue(executionJob, r.redis, r.bullPrefix);
  });
  afterAll(async () => {
    await queue.close();
    await r.cleanup();
    await t.drop();
  });

  /** A tenant allowed `limit` runs this month with `used` of them spent, and the one-node workflow. */
  async function tenantWithRuns(limit: number, used: number) {
    const tenantId = await seedTenant(t.adminDb, { runsPerMonth: limit, concurrentRuns: 1000 });
    const { workflowId, versionId } = await seedWorkflow(t.adminDb, tenantId, WORKFLOW);
    await t.adminDb.insertInto("usage_counters").values({ tenant_id: tenantId, metric: "runs", period: monthPeriod(new Date()), value: used }).execute();
    return { tenantId, workflowId, versionId };
  }

  /** `count` production runs of the workflow started at once, each with its own execution id and `extra(id, i)`. */
  function startConcurrently(count: number, tenantId: string, workflowId: string, extra: (executionId: string, i: number) => Partial<StartExecutionRequest>) {
    return Promise.allSettled(
      Array.from({ length: count }, (_, i) => {
        const executionId = randomUUID();
        return startExecution({ db: t.db, queue }, { tenantId, workflowId, mode: "production", executionId, ...extra(executionId, i) });
      }),
    );
  }

  it("admits exactly one of 100 concurrent runs when one run of the monthly quota is left, and records the rejected ones", async () => {
    const { tenantId, workflowId } = await tenantWithRuns(50, 49);
    const results = await Promise.allSettled(Array.from({ length: 100 }, () => startExecution({ db: t.db, queue }, { tenantId, workflowId, mode: "production" })));
    const admitted = results.filter((x) => x.status === "fulfilled");
    const rejected = results.filter((x): x is PromiseRejectedResult => x.status === "rejected");
    expect(admitted).toHaveLength(1);
    expect(rejected).toHaveLength(99);
    for (const x of rejected) {
      expect(x.reason).toBeInstanceOf(QuotaExceededError);
      expect(x.reason).toMatchObject({ code: "WF_QUOTA_EXCEEDED", httpStatus: 429, details: { quota: "runs_per_month", limit: 50, used: 50 } });
    }
    const rows = await t.adminDb.selectFrom("executions").select(["status", "error"]).where("tenant_id", "=", tenantId).execute();
    expect(rows.filter((row) => row.status === "queued")).toHaveLength(1);
    expect(rows.filter((row) => row.status === "failed" && (row.error as { code?: string }).code === "WF_QUOTA_EXCEEDED")).toHaveLength(99);
    const counters = await t.adminDb.selectFrom("usage_counters").select(["metric", "value"]).where("tenant_id", "=", tenantId).orderBy("metric").execute();
    expect(counters.map((c) => [c.metric, Number(c.value)])).toEqual([["runs", 50], ["runs_rejected", 99]]);
    const jobs = await queue.getJobCounts("waiting", "prioritized");
    expect((jobs.waiting ?? 0) + (jobs.prioritized ?? 0)).toBe(1);
  });

  it("rejects a run over the concurrent-runs quota with 429 naming the quota", async () => {
    const tenantId = await seedTenant(t.adminDb, { concurrentRuns: 2 });
    const { workflowId } = await seedWorkflow(t.adminDb, tenantId, WORKFLOW);
    await startExecution({ db: t.db, queue }, { tenantId, workflowId, mode: "production" });
    await startExecution({ db: t.db, queue }, { tenantId, workflowId, mode: "production" });
    await expect(startExecution({ db: t.db, queue }, { tenantId, workflowId, mode: "production" })).rejects.toMatchObject({ httpStatus: 429, details: { quota: "concurrent_runs", limit: 2 } });
  });

  it("keeps the run queued in Postgres when the queue refuses the job (the reconciler enqueues it later)", async () => {
    const tenantId = await seedTenant(t.adminDb);
    const { workflowId } = await seedWorkflow(t.adminDb, tenantId, WORKFLOW);
    const closed = openQueue(executionJob, r.redis.duplicate(), r.bullPrefix);
    await closed.close();
    await (closed.opts.connection as { disconnect?: () => void }).disconnect?.();
    const started = await startExecution({ db: t.db, queue: closed }, { tenantId, workflowId, mode: "production" });
    expect((await getExecution(t.db, tenantId, started.executionId))?.status).toBe("queued");
    expect(closed.name).toBe(EXECUTIONS_QUEUE);
    expect(await queue.getJob(started.executionId)).toBeUndefined();
  });

  it("refuses the write of a worker whose lease another worker took (fencing token)", async () => {
    const tenantId = await seedTenant(t.adminDb);
    const { workflowId } = await seedWorkflow(t.adminDb, tenantId, WORKFLOW);
    const { executionId } = await startExecution({ db: t.db, queue }, { tenantId, workflowId, mode: "production" });
    const first = await loadExecutionForRun(t.db, tenantId, executionId);
    const second = await loadExecutionForRun(t.db, tenantId, executionId);
    const a = new StepRecorder({ db: t.db, tenantId, executionId, leaseToken: first!.leaseToken, workerId: "a" });
    const b = new StepRecorder({ db: t.db, tenantId, executionId, leaseToken: second!.leaseToken, workerId: "b" });
    const task = { startTime: Date.now(), executionTime: 1, executionIndex: 0, executionStatus: "success" as const, source: [], data: { main: [[{ json: {} }]] } };
    b.addStep("Start", 0, task);
    await b.finish({ status: "succeeded" });
    a.addStep("Start", 0, task);
    await expect(a.finish({ status: "failed", error: { message: "late" } })).rejects.toBeInstanceOf(LeaseLostError);
    const row = await withTenant(t.db, tenantId, (trx) => trx.selectFrom("executions").select(["status", "lease_owner"]).where("id", "=", executionId).executeTakeFirstOrThrow());
    expect(row).toEqual({ status: "succeeded", lease_owner: "b" });
    const steps = await t.adminDb.selectFrom("execution_steps").select("node_name").where("execution_id", "=", executionId).execute();
    expect(steps).toHaveLength(1);
  });

  it("fences out the worker of a canceled execution", async () => {
    const tenantId = await seedTenant(t.adminDb);
    const { workflowId } = await seedWorkflow(t.adminDb, tenantId, WORKFLOW);
    const { executionId } = await startExecution({ db: t.db, queue }, { tenantId, workflowId, mode: "production" });
    const loaded = await loadExecutionForRun(t.db, tenantId, executionId);
    const recorder = new StepRecorder({ db: t.db, tenantId, executionId, leaseToken: loaded!.leaseToken, workerId: "w" });
    await cancelExecution({ db: t.db, queue }, tenantId, executionId);
    await expect(recorder.finish({ status: "succeeded" })).rejects.toBeInstanceOf(LeaseLostError);
    expect((await getExecution(t.db, tenantId, executionId))?.status).toBe("canceled");
    await expect(cancelExecution({ db: t.db, queue }, tenantId, executionId)).rejects.toMatchObject({ code: "WF_EXEC_INVALID_STATE", httpStatus: 409 });
  });

  it("answers another tenant's execution as not found", async () => {
    const a = await seedTenant(t.adminDb);
    const b = await seedTenant(t.adminDb);
    const { workflowId } = await seedWorkflow(t.adminDb, a, WORKFLOW);
    const { executionId } = await startExecution({ db: t.db, queue }, { tenantId: a, workflowId, mode: "production" });
    expect(await getExecution(t.db, b, executionId)).toBeUndefined();
    await expect(startExecution({ db: t.db, queue }, { tenantId: b, workflowId, mode: "production" })).rejects.toMatchObject({ code: "WF_EXEC_WORKFLOW_NOT_FOUND", httpStatus: 404 });
    await expect(cancelExecution({ db: t.db, queue }, b, executionId)).rejects.toMatchObject({ code: "WF_EXEC_NOT_FOUND" });
  });

  it("turns bare objects into items and refuses input that is not objects, listing every problem", async () => {
    const tenantId = await seedTenant(t.adminDb);
    const { workflowId } = await seedWorkflow(t.adminDb, tenantId, WORKFLOW);
    const { executionId } = await startExecution({ db: t.db, queue }, { tenantId, workflowId, mode: "production", input: [{ a: 1 }, { json: { b: 2 } }] });
    expect((await getExecution(t.db, tenantId, executionId))?.input).toEqual([{ json: { a: 1 } }, { json: { b: 2 } }]);
    await expect(startExecution({ db: t.db, queue }, { tenantId, workflowId, mode: "production", input: [1, null] })).rejects.toMatchObject({
      code: "WF_EXEC_INVALID_INPUT",
      httpStatus: 400,
      details: { issues: ["input[0] is number, not an object", "input[1] is null, not an object"] },
    });
  });

  it("admits concurrent runs of one tenant together, and a hook that throws fails only its own run", async () => {
    const tenantId = await seedTenant(t.adminDb, { concurrentRuns: 1000 });
    const { workflowId } = await seedWorkflow(t.adminDb, tenantId, WORKFLOW);
    const audited: string[] = [];
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        startExecution({ db: t.db, queue }, {
          tenantId,
          workflowId,
          mode: "production",
          onAdmission: async (trx, admission) => {
            if (i === 7) throw new Error("audit failed");
            await trx.insertInto("audit_log").values({ tenant_id: tenantId, actor_kind: "system", action: "execution.start", target_kind: "execution", target_id: admission.executionId }).execute();
            audited.push(admission.executionId);
          },
        }),
      ),
    );
    expect(results.filter((x) => x.status === "rejected").map((x) => (x as PromiseRejectedResult).reason.message)).toEqual(["audit failed"]);
    const admitted = results.flatMap((x) => (x.status === "fulfilled" ? [x.value.executionId] : []));
    // A hook may run twice (its batch failed and rolled back, then it ran alone): its database writes count once.
    expect(admitted.sort()).toEqual([...new Set(audited)].sort());
    const rows = await t.adminDb.selectFrom("executions").select("id").where("tenant_id", "=", tenantId).execute();
    expect(rows.map((r) => r.id).sort()).toEqual(admitted.sort());
    const logged = await t.adminDb.selectFrom("audit_log").select("target_id").where("tenant_id", "=", tenantId).execute();
    expect(logged).toHaveLength(19);
  });

  it("writes the audit rows of a batch of admissions, admitted and rejected, in the admission transaction", async () => {
    const { tenantId, workflowId, versionId } = await tenantWithRuns(10, 9);
    const results = await startConcurrently(30, tenantId, workflowId, (executionId) => ({
      // Admission adds versionId and admitted to the details it is given.
      audit: { tenant_id: tenantId, actor_kind: "system", action: "execution.start", target_kind: "execution", target_id: executionId, details: JSON.stringify({ by: "test" }) },
    }));
    const admitted = results.flatMap((x) => (x.status === "fulfilled" ? [x.value.executionId] : []));
    expect(admitted).toHaveLength(1);
    expect(results.filter((x) => x.status === "rejected").every((x) => (x as PromiseRejectedResult).reason instanceof QuotaExceededError)).toBe(true);
    const executions = await t.adminDb.selectFrom("executions").select(["id", "status"]).where("tenant_id", "=", tenantId).execute();
    const logged = await t.adminDb.selectFrom("audit_log").select(["target_id", "details"]).where("tenant_id", "=", tenantId).execute();
    // One row per recorded execution (the rejected ones are recorded too), each saying whether it was admitted.
    expect(logged.map((row) => row.target_id).sort()).toEqual(executions.map((row) => row.id).sort());
    expect(logged.filter((row) => (row.details as { admitted: boolean }).admitted).map((row) => row.target_id)).toEqual(admitted);
    // The caller's details, with the outcome added.
    for (const row of logged) expect(row.details).toEqual({ by: "test", versionId, admitted: admitted.includes(String(row.target_id)) });
  });

  it("commits concurrent runs together while fencing each on its own: a stale lease fails only its run", async () => {
    const tenantId = await seedTenant(t.adminDb, { concurrentRuns: 1000 });
    const { workflowId } = await seedWorkflow(t.adminDb, tenantId, WORKFLOW);
    const ids = await Promise.all(Array.from({ length: 6 }, async () => (await startExecution({ db: t.db, queue }, { tenantId, workflowId, mode: "production" })).executionId));
    const recorders = await Promise.all(
      ids.map(async (executionId, i) => {
        const loaded = await loadExecutionForRun(t.db, tenantId, executionId);
        const token = i === 3 ? String(Number(loaded!.leaseToken) + 7) : loaded!.leaseToken;
        const recorder = new StepRecorder({ db: t.db, tenantId, executionId, leaseToken: token, workerId: "w" });
        recorder.addStep("Start", 0, { startTime: Date.now(), executionTime: 1, executionIndex: 0, executionStatus: "success", source: [], data: { main: [[{ json: { i } }]] } });
        return recorder;
      }),
    );
    const results = await Promise.allSettled(recorders.map((r) => r.finish({ status: "succeeded" })));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled"]);
    expect((results[3] as PromiseRejectedResult).reason).toBeInstanceOf(LeaseLostError);
    const rows = await t.adminDb.selectFrom("executions").select(["id", "status"]).where("id", "in", ids).execute();
    const byId = new Map(rows.map((r) => [r.id, r.status]));
    expect(ids.map((id) => byId.get(id))).toEqual(["succeeded", "succeeded", "succeeded", "queued", "succeeded", "succeeded"]);
    const steps = await t.adminDb.selectFrom("execution_steps").select("execution_id").where("execution_id", "in", ids).execute();
    expect(steps.map((s) => s.execution_id).sort()).toEqual(ids.filter((_, i) => i !== 3).sort());
  });

  it("admits deferred-flush runs (synchronous callers) with the same quota and audit as flushed ones, and flushWal makes them durable", async () => {
    const { tenantId, workflowId } = await tenantWithRuns(10, 4);
    // Deferred and flushed requests of one tenant, with and without audit rows, batched together or alone.
    const results = await startConcurrently(24, tenantId, workflowId, (executionId, i) => ({
      ...(i % 2 === 0 ? { admissionCommit: "deferred" as const } : {}),
      ...(i % 3 === 0 ? { audit: { tenant_id: tenantId, actor_kind: "system", action: "execution.start", target_kind: "execution", target_id: executionId } } : {}),
    }));
    const admitted = results.flatMap((x) => (x.status === "fulfilled" ? [x.value.executionId] : []));
    expect(admitted).toHaveLength(6);
    expect(results.filter((x) => x.status === "rejected").every((x) => (x as PromiseRejectedResult).reason instanceof QuotaExceededError)).toBe(true);
    const executions = await t.adminDb.selectFrom("executions").select(["id", "status"]).where("tenant_id", "=", tenantId).execute();
    expect(executions).toHaveLength(24);
    expect(executions.filter((row) => row.status === "queued").map((row) => row.id).sort()).toEqual(admitted.sort());
    expect(await t.adminDb.selectFrom("audit_log").select("target_id").where("tenant_id", "=", tenantId).execute()).toHaveLength(8);

    // A lone deferred admission: its commit is in the WAL below the insert position read after it; flushWal
    // returns only once the WAL is on disk up to (at least) there.
    const other = await seedTenant(t.adminDb);
    const started = await startExecution({ db: t.db, queue }, { tenantId: other, workflowId: (await seedWorkflow(t.adminDb, other, WORKFLOW)).workflowId, mode: "production", admissionCommit: "deferred" });
    expect((await getExecution(t.db, other, started.executionId))?.status).toBe("queued");
    const written = (await sql<{ lsn: string }>`SELECT pg_current_wal_insert_lsn()::text AS lsn`.execute(t.adminDb)).rows[0]!.lsn;
    await flushWal(t.db);
    const flushed = await sql<{ ok: boolean }>`SELECT pg_current_wal_flush_lsn() >= ${written}::pg_lsn AS ok`.execute(t.adminDb);
    expect(flushed.rows[0]?.ok).toBe(true);
  });
});
