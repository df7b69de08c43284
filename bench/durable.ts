// bench/durable: durable executions through admission (startExecution, what POST /workflows/{id}/executions
// calls) and one executor-worker process, on the real Postgres and Redis. Issue 5's targets:
// >= 1,000 executions/s, p99 <= 100 ms from admission to completion, <= 2 Postgres commits per execution,
// zero lost or duplicated executions. Bundle and run:
//   pnpm --filter @bos/bench run bench:durable            (or: node scripts/bundle.mjs bench/durable.ts bench/dist/durable.js
//                                                          && node --no-node-snapshot bench/dist/durable.js)
// Options (environment): BENCH_EXECUTIONS (default 3000), BENCH_IN_FLIGHT (clients of the closed loop, default 64),
// BENCH_RATE (executions started per second, open loop; default 0 = closed loop),
// BENCH_WORKER_CONCURRENCY (default 64), BENCH_NODE_EVENTS (true|false, default true),
// BENCH_WORKFLOW (five-node | noop), BENCH_CPU_PROF (a directory: the worker writes a .cpuprofile there),
// DATABASE_ADMIN_URL (owner, default postgres://postgres@127.0.0.1:5432/postgres), REDIS_URL.
// It creates a scratch database and a private key prefix, and removes both at the end.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createDb, type Database, type Kysely, migrateToLatest } from "@bos/db";
import { startExecution } from "@bos/executions";
import { seedTenant, seedWorkflow } from "@bos/executions/testing";
import { type ExecutionEvent, executionJob, openQueue, redisKeys } from "@bos/queue";
import { Redis } from "ioredis";
import pg from "pg";

const N = Number(process.env.BENCH_EXECUTIONS ?? 3000);
const WARMUP = Math.min(300, Math.floor(N / 10));
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 64);
/** Executions started per second (open loop); 0: closed loop with IN_FLIGHT clients. */
const RATE = Number(process.env.BENCH_RATE ?? 0);
const WORKER_CONCURRENCY = process.env.BENCH_WORKER_CONCURRENCY ?? "64";
const NODE_EVENTS = process.env.BENCH_NODE_EVENTS ?? "true";
const ADMIN_URL = process.env.DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const ROOT = join(__dirname, "../..");

function withDatabase(url: string, database: string, user?: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  if (user) {
    u.username = user;
    u.password = "";
  }
  return u.toString();
}

async function admin<T>(sqlText: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return (await client.query(sqlText)).rows as T[];
  } finally {
    await client.end();
  }
}

const WORKFLOW = process.env.BENCH_WORKFLOW ?? "five-node";

/** Start -> five NoOps: no expressions, no sandbox; isolates the durable pipeline from the engine's node costs. */
function noOpWorkflow() {
  const nodes = [{ name: "Start", type: "n8n-nodes-base.manualTrigger", typeVersion: 1, parameters: {} }, ...["A", "B", "C", "D", "E"].map((name) => ({ name, type: "n8n-nodes-base.noOp", typeVersion: 1, parameters: {} }))].map((n, i) => ({ ...n, id: `n${i}`, position: [i * 200, 0] }));
  const connections: Record<string, unknown> = {};
  for (let i = 0; i + 1 < nodes.length; i++) connections[nodes[i]!.name] = { main: [[{ node: nodes[i + 1]!.name, type: "main", index: 0 }]] };
  return { name: "bench no-ops", nodes, connections, settings: { executionOrder: "v1" } };
}

function chainWorkflow() {
  const set = (name: string, field: string, value: unknown, type: string) => ({
    name,
    type: "n8n-nodes-base.set",
    typeVersion: 3.4,
    parameters: { mode: "manual", includeOtherFields: true, options: {}, assignments: { assignments: [{ id: "a0", name: field, value, type }] } },
  });
  const nodes = [
    { name: "Start", type: "n8n-nodes-base.manualTrigger", typeVersion: 1, parameters: {} },
    set("Tag", "tag", "={{ $json.name + '!' }}", "string"),
    {
      name: "If",
      type: "n8n-nodes-base.if",
      typeVersion: 2,
      parameters: { conditions: { options: { caseSensitive: true, leftValue: "", typeValidation: "strict", version: 2 }, combinator: "and", conditions: [{ id: "c1", leftValue: "={{ $json.score }}", rightValue: -1, operator: { type: "number", operation: "gt" } }] }, options: {} },
    },
    { name: "Code", type: "n8n-nodes-base.code", typeVersion: 2, parameters: { jsCode: "for (const item of $input.all()) item.json.seen = true;\nreturn $input.all();" } },
    set("Final", "done", true, "boolean"),
    { name: "End", type: "n8n-nodes-base.noOp", typeVersion: 1, parameters: {} },
  ].map((n, i) => ({ ...n, id: `n${i}`, position: [i * 200, 0] }));
  const connections: Record<string, unknown> = {};
  for (let i = 0; i + 1 < nodes.length; i++) connections[nodes[i]!.name] = { main: [[{ node: nodes[i + 1]!.name, type: "main", index: 0 }]] };
  return { name: "bench five nodes", nodes, connections, settings: { executionOrder: "v1" } };
}

/** About 1 KB of JSON per execution. */
function payload(i: number) {
  return [{ id: i, name: `customer ${i}`, score: i % 100, email: `c${i}@example.com`, notes: "x".repeat(800), tags: ["a", "b", "c"] }];
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function main(): Promise<void> {
  const dbName = `bos_bench_${process.pid}_${randomBytes(3).toString("hex")}`;
  const prefix = `{bos-bench-${process.pid}}`;
  await admin(`CREATE DATABASE "${dbName}"`);
  const adminDb = createDb({ url: withDatabase(ADMIN_URL, dbName), poolMax: 2 }) as Kysely<Database>;
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const reader = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  let worker: ReturnType<typeof spawn> | undefined;
  let db: Kysely<Database> | undefined;
  try {
    await migrateToLatest(adminDb as Kysely<unknown>);
    const appUrl = withDatabase(ADMIN_URL, dbName, "bos_app");
    db = createDb({ url: appUrl, poolMax: 20, applicationName: "bench-admission" });
    const tenantId = await seedTenant(adminDb, { runsPerMonth: 100_000_000, concurrentRuns: 1_000_000 });
    const { workflowId } = await seedWorkflow(adminDb, tenantId, WORKFLOW === "noop" ? noOpWorkflow() : chainWorkflow());
    const queue = openQueue(executionJob, redis, prefix);

    const bundle = join(ROOT, "apps/executor-worker/dist/bench-worker.js");
    execFileSync(process.execPath, [join(ROOT, "scripts/bundle.mjs"), join(ROOT, "apps/executor-worker/src/main.ts"), bundle], { cwd: ROOT });
    const port = await freePort();
    const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
    worker = spawn(process.execPath, ["--no-node-snapshot", ...profile, bundle], {
      env: { PATH: process.env.PATH ?? "", DATABASE_URL: appUrl, REDIS_URL, QUEUE_PREFIX: prefix, WORKER_PORT: String(port), WORKER_CONCURRENCY, WORKER_NODE_EVENTS: NODE_EVENTS, LOG_LEVEL: "warn", DATABASE_POOL_MAX: "20", RECONCILE_INTERVAL_MS: "0" },
      stdio: ["ignore", "inherit", "inherit"],
    });
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200) break;
      } catch {
        // not up yet
      }
      if (i > 300) throw new Error("worker did not become ready");
      await new Promise((r) => setTimeout(r, 100));
    }

    // Completions come from the tenant's event stream (one reader, no per-execution subscription).
    const waiters = new Map<string, (event: ExecutionEvent) => void>();
    const finishedEvents = new Map<string, number>();
    const startedAt = new Map<string, number>();
    const finishedAt = new Map<string, number>();
    const admittedAt = new Map<string, number>();
    let reading = true;
    const stream = redisKeys.tenantStream(prefix, tenantId);
    const readLoop = (async () => {
      let last = "$";
      while (reading) {
        const res = (await reader.xread("COUNT", 1000, "BLOCK", 200, "STREAMS", stream, last)) as Array<[string, Array<[string, string[]]>]> | null;
        for (const [, entries] of res ?? []) {
          for (const [id, fields] of entries) {
            last = id;
            const event = JSON.parse(fields[1] ?? "{}") as ExecutionEvent;
            if (event.type === "execution.started") startedAt.set(event.executionId, event.at);
            if (event.type !== "execution.finished") continue;
            finishedAt.set(event.executionId, event.at);
            finishedEvents.set(event.executionId, (finishedEvents.get(event.executionId) ?? 0) + 1);
            waiters.get(event.executionId)?.(event);
          }
        }
      }
    })();

    const deps = { db, queue };
    const latencies: number[] = [];
    const admissionTimes: number[] = [];
    const commits: number[] = [];
    const ids: string[] = [];
    const runOne = async (i: number, record: boolean) => {
      const t0 = performance.now();
      let resolveDone: (event: ExecutionEvent) => void = () => undefined;
      const done = new Promise<ExecutionEvent>((resolve) => (resolveDone = resolve));
      const { executionId } = await startExecution(deps, { tenantId, workflowId, mode: "production", input: payload(i) }).then((s) => {
        waiters.set(s.executionId, resolveDone);
        return s;
      });
      const t1 = performance.now();
      admittedAt.set(executionId, Date.now());
      // An event that arrived before the waiter was set is in finishedEvents already.
      const event = finishedEvents.has(executionId) ? undefined : await Promise.race([done, new Promise<undefined>((r) => setTimeout(() => r(undefined), 30_000))]);
      waiters.delete(executionId);
      const t2 = performance.now();
      if (!record) return;
      ids.push(executionId);
      if (event || finishedEvents.has(executionId)) latencies.push(t2 - t0);
      admissionTimes.push(t1 - t0);
      if (event?.type === "execution.finished" && event.commits !== undefined) commits.push(event.commits);
    };
    const runPhase = async (count: number, record: boolean) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          while (next < count) await runOne(next++, record);
        }),
      );
    };

    // Open loop: executions started at a fixed rate whatever the latency (p99 "at that rate").
    const runAtRate = async (count: number, rate: number) => {
      const all: Array<Promise<void>> = [];
      const t0 = performance.now();
      for (let i = 0; i < count; i++) {
        const due = t0 + (i * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 1) await new Promise((r) => setTimeout(r, wait));
        all.push(runOne(i, true));
      }
      await Promise.all(all);
    };

    await runPhase(WARMUP, false);
    const before = await admin<{ xact_commit: string }>(`SELECT xact_commit FROM pg_stat_database WHERE datname = '${dbName}'`);
    const start = performance.now();
    if (RATE > 0) await runAtRate(N, RATE);
    else await runPhase(N, true);
    const seconds = (performance.now() - start) / 1000;
    const after = await admin<{ xact_commit: string }>(`SELECT xact_commit FROM pg_stat_database WHERE datname = '${dbName}'`);
    reading = false;
    await readLoop;

    // Lost or duplicated: every measured execution succeeded, with each of its 6 node runs recorded once.
    const rows = await adminDb.selectFrom("executions").select(["id", "status"]).where("id", "in", ids).execute();
    const lost = ids.length - rows.filter((r) => r.status === "succeeded").length;
    const stepCounts = await adminDb.selectFrom("execution_steps").select(["execution_id", (eb) => eb.fn.countAll<string>().as("n")]).where("execution_id", "in", ids).groupBy("execution_id").execute();
    const duplicated = stepCounts.filter((s) => Number(s.n) !== 6).length + [...finishedEvents.values()].filter((n) => n > 1).length;
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();

    const queueWait: number[] = [];
    const workerTime: number[] = [];
    for (const id of ids) {
      const a = admittedAt.get(id);
      const st = startedAt.get(id);
      const f = finishedAt.get(id);
      if (a !== undefined && st !== undefined) queueWait.push(st - a);
      if (st !== undefined && f !== undefined) workerTime.push(f - st);
    }
    queueWait.sort((a, b) => a - b);
    workerTime.sort((a, b) => a - b);
    const sorted = [...latencies].sort((a, b) => a - b);
    const admSorted = [...admissionTimes].sort((a, b) => a - b);
    const workerCommits = commits.length ? commits.reduce((a, b) => a + b, 0) / commits.length : Number.NaN;
    const xact = (Number(after[0]?.xact_commit ?? 0) - Number(before[0]?.xact_commit ?? 0)) / N;
    const throughput = N / seconds;
    const p50 = percentile(sorted, 50);
    const p99 = percentile(sorted, 99);
    const table = [
      ["executions/s (admission -> completion, sustained)", throughput.toFixed(0), ">= 1,000", throughput >= 1000],
      ["p50 admission -> completion", `${p50.toFixed(1)} ms`, "", undefined],
      ["p99 admission -> completion", `${p99.toFixed(1)} ms`, "<= 100 ms", p99 <= 100],
      ["p50 / p99 admission alone (startExecution)", `${percentile(admSorted, 50).toFixed(1)} / ${percentile(admSorted, 99).toFixed(1)} ms`, "", undefined],
      ["p50 / p99 enqueued -> worker picked it up (queue wait + load)", `${percentile(queueWait, 50).toFixed(1)} / ${percentile(queueWait, 99).toFixed(1)} ms`, "", undefined],
      ["p50 / p99 worker: engine run + final commit", `${percentile(workerTime, 50).toFixed(1)} / ${percentile(workerTime, 99).toFixed(1)} ms`, "", undefined],
      ["worker commits per execution", workerCommits.toFixed(2), "<= 2", workerCommits <= 2],
      ["commits per execution incl. admission", (workerCommits + 1).toFixed(2), "", undefined],
      ["Postgres xact_commit per execution (all transactions, reads too)", xact.toFixed(2), "", undefined],
      ["lost executions", String(lost), "0", lost === 0],
      ["duplicated executions", String(duplicated), "0", duplicated === 0],
    ] as const;
    process.stdout.write(`\nbench/durable: ${N} executions of ${WORKFLOW === "noop" ? "Start -> 5 NoOps" : "Set -> If -> Code -> Set -> NoOp"} (~1 KB JSON), ${RATE > 0 ? `open loop at ${RATE}/s` : `${IN_FLIGHT} in flight`}, worker concurrency ${WORKER_CONCURRENCY}, node events ${NODE_EVENTS}\n\n`);
    process.stdout.write("| measure | value | target | ok |\n|---|---|---|---|\n");
    for (const [name, value, target, ok] of table) process.stdout.write(`| ${name} | ${value} | ${target} | ${ok === undefined ? "" : ok ? "yes" : "NO"} |\n`);
    const commitLine = metrics.split("\n").find((l) => l.startsWith("bos_executor_commits_per_execution "));
    process.stdout.write(`\nworker /metrics: ${commitLine ?? "(no commits metric)"}\n`);
  } finally {
    worker?.kill("SIGTERM");
    if (worker) await new Promise((r) => worker!.once("exit", r));
    await db?.destroy();
    await adminDb.destroy();
    let cursor = "0";
    do {
      const [nextCursor, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
      cursor = nextCursor;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== "0");
    redis.disconnect();
    reader.disconnect();
    await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench/durable failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
