// bench/durable: durable executions of a five-node workflow through `POST /workflows/{id}/executions` on
// the real workflow-api process, with one executor-worker process, on the real Postgres and Redis. Issue 5's
// targets: >= 1,000 executions/s, p99 <= 100 ms from request to completion, <= 2 Postgres commits per
// execution, zero lost or duplicated executions. Bundle and run:
//   pnpm --filter @bos/bench run bench:durable            (or: node scripts/bundle.mjs bench/durable.ts bench/dist/durable.js
//                                                          && node --no-node-snapshot bench/dist/durable.js)
// Options (environment): BENCH_ADMISSION (http: through the API process, default; direct: the bench calls
// startExecution itself, no API process), BENCH_EXECUTIONS (default 3000), BENCH_IN_FLIGHT (clients of the
// closed loop, default 64), BENCH_RATE (executions started per second, open loop; default 0 = closed loop),
// BENCH_WORKER_CONCURRENCY (default 64), BENCH_NODE_EVENTS (true|false, default true),
// BENCH_WORKFLOW (five-node | noop), BENCH_CPU_PROF (a directory: the worker and the API write .cpuprofile
// files there), DATABASE_ADMIN_URL (owner, default postgres://postgres@127.0.0.1:5432/postgres), REDIS_URL.
// It creates a scratch database and a private key prefix, and removes both and its processes at the end.
import { randomBytes } from "node:crypto";
import { cpus } from "node:os";
import { Agent, request as httpRequest } from "node:http";
import { performance } from "node:perf_hooks";
import { createDb, type Database, type Kysely } from "@bos/db";
import { startExecution } from "@bos/executions";
import { seedTenant, seedWorkflow } from "@bos/executions/testing";
import { type ExecutionEvent, executionJob, openQueue, redisKeys } from "@bos/queue";
import { Redis } from "ioredis";
import { admin, Apps, bundle, closeScratch, cpuBetween, freePort, mintToken, openScratch, REDIS_URL, sampleCpu, type Scratch, stackPids, waitUntilReady } from "./stack";

const ADMISSION = process.env.BENCH_ADMISSION ?? "http";
if (ADMISSION !== "http" && ADMISSION !== "direct") throw new Error(`BENCH_ADMISSION must be http or direct (got "${ADMISSION}")`);
const N = Number(process.env.BENCH_EXECUTIONS ?? 3000);
const WARMUP = Math.min(300, Math.floor(N / 10));
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 64);
/** Executions started per second (open loop); 0: closed loop with IN_FLIGHT clients. */
const RATE = Number(process.env.BENCH_RATE ?? 0);
const WORKER_CONCURRENCY = process.env.BENCH_WORKER_CONCURRENCY ?? "64";
const NODE_EVENTS = process.env.BENCH_NODE_EVENTS ?? "true";
const WORKFLOW = process.env.BENCH_WORKFLOW ?? "five-node";
const CPU_PROF = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
/** A measured execution not finished this long after its request counts as lost. */
const COMPLETION_TIMEOUT_MS = 30_000;

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

/** One n8n item of about 1 KB of JSON; both admission paths start the run with the same input. */
function payload(i: number) {
  return [{ json: { id: i, name: `customer ${i}`, score: i % 100, email: `c${i}@example.com`, notes: "x".repeat(800), tags: ["a", "b", "c"] } }];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

type Admitted = { ok: true; executionId: string } | { ok: false; status: number; detail: string };
/** Starts execution `i`; resolves when it is admitted (or refused). */
type Admit = (i: number) => Promise<Admitted>;

/** POST /workflows/{id}/executions over keep-alive connections; anything but 202 is a refusal. */
function httpAdmission(port: number, workflowId: string, token: string): { admit: Admit; close: () => void } {
  const agent = new Agent({ keepAlive: true, maxSockets: RATE > 0 ? Number.POSITIVE_INFINITY : IN_FLIGHT });
  const path = `/workflows/${workflowId}/executions`;
  const admit: Admit = (i) =>
    new Promise((resolve) => {
      const body = JSON.stringify({ input: payload(i), wait: false });
      const headers = { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), authorization: `Bearer ${token}` };
      const req = httpRequest({ host: "127.0.0.1", port, method: "POST", path, agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", (error) => resolve({ ok: false, status: 0, detail: error.message }));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          if (res.statusCode !== 202) return resolve({ ok: false, status: res.statusCode ?? 0, detail: text.slice(0, 300) });
          const executionId = (JSON.parse(text) as { executionId?: unknown }).executionId;
          if (typeof executionId !== "string") return resolve({ ok: false, status: 202, detail: `no executionId in ${text.slice(0, 300)}` });
          resolve({ ok: true, executionId });
        });
      });
      req.on("error", (error) => resolve({ ok: false, status: 0, detail: error.message }));
      req.end(body);
    });
  return { admit, close: () => agent.destroy() };
}

/** Completions from the tenant's event stream: one reader, no per-execution subscription. */
class Completions {
  readonly started = new Map<string, number>();
  readonly finishedAt = new Map<string, number>();
  readonly finishedCount = new Map<string, number>();
  private readonly waiters = new Map<string, (event: ExecutionEvent) => void>();
  private reading = true;
  private readonly loop: Promise<void>;

  constructor(
    private readonly reader: Redis,
    stream: string,
  ) {
    this.loop = this.read(stream);
  }

  /** The finished event of `executionId`, or undefined after `timeoutMs`. */
  async wait(executionId: string, timeoutMs: number): Promise<ExecutionEvent | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const done = new Promise<ExecutionEvent | undefined>((resolve) => {
      this.waiters.set(executionId, resolve);
      timer = setTimeout(() => resolve(undefined), timeoutMs);
    });
    // An event that arrived before the waiter was set is recorded already.
    const event = this.finishedCount.has(executionId) ? undefined : await done;
    clearTimeout(timer);
    this.waiters.delete(executionId);
    return event;
  }

  async stop(): Promise<void> {
    this.reading = false;
    await this.loop;
  }

  private async read(stream: string): Promise<void> {
    let last = "$";
    while (this.reading) {
      const res = (await this.reader.xread("COUNT", 1000, "BLOCK", 200, "STREAMS", stream, last)) as Array<[string, Array<[string, string[]]>]> | null;
      for (const [, entries] of res ?? []) {
        for (const [id, fields] of entries) {
          last = id;
          const event = JSON.parse(fields[1] ?? "{}") as ExecutionEvent;
          if (event.type === "execution.started") this.started.set(event.executionId, event.at);
          if (event.type !== "execution.finished") continue;
          this.finishedAt.set(event.executionId, event.at);
          this.finishedCount.set(event.executionId, (this.finishedCount.get(event.executionId) ?? 0) + 1);
          this.waiters.get(event.executionId)?.(event);
        }
      }
    }
  }
}

/** What the measured executions recorded; filled by `drive`. */
interface Samples {
  ids: string[];
  latencies: number[];
  admissionTimes: number[];
  commits: number[];
  admittedAt: Map<string, number>;
  refusals: Array<{ status: number; detail: string }>;
}

/** Runs `count` executions, closed loop (IN_FLIGHT clients) or open loop (RATE per second). */
async function drive(admit: Admit, completions: Completions, count: number, samples: Samples | undefined): Promise<void> {
  const runOne = async (i: number) => {
    const t0 = performance.now();
    const admitted = await admit(i);
    const t1 = performance.now();
    if (!admitted.ok) {
      samples?.refusals.push({ status: admitted.status, detail: admitted.detail });
      return;
    }
    const { executionId } = admitted;
    samples?.admittedAt.set(executionId, Date.now());
    const event = await completions.wait(executionId, COMPLETION_TIMEOUT_MS);
    const t2 = performance.now();
    if (!samples) return;
    samples.ids.push(executionId);
    if (event || completions.finishedCount.has(executionId)) samples.latencies.push(t2 - t0);
    samples.admissionTimes.push(t1 - t0);
    if (event?.type === "execution.finished" && event.commits !== undefined) samples.commits.push(event.commits);
  };
  if (RATE > 0 && samples) {
    // Open loop: executions started at a fixed rate whatever the latency (p99 "at that rate").
    const all: Array<Promise<void>> = [];
    const t0 = performance.now();
    for (let i = 0; i < count; i++) {
      const wait = t0 + (i * 1000) / RATE - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      all.push(runOne(i));
    }
    await Promise.all(all);
    return;
  }
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < count) await runOne(next++);
    }),
  );
}

/**
 * Lost: a measured execution that did not succeed with each of its 6 node runs recorded. Duplicated: one with
 * more than 6 node runs recorded, or more than one finished event. `why` lists the causes with counts.
 */
async function checkRuns(adminDb: Kysely<Database>, ids: string[], completions: Completions): Promise<{ lost: number; duplicated: number; why: string[] }> {
  if (ids.length === 0) return { lost: 0, duplicated: 0, why: [] };
  const rows = await adminDb.selectFrom("executions").select(["id", "status", "error"]).where("id", "in", ids).execute();
  const stepRows = await adminDb.selectFrom("execution_steps").select(["execution_id", (eb) => eb.fn.countAll<string>().as("n")]).where("execution_id", "in", ids).groupBy("execution_id").execute();
  const steps = new Map(stepRows.map((s) => [s.execution_id, Number(s.n)]));
  const byCause = new Map<string, number>();
  const count = (cause: string) => byCause.set(cause, (byCause.get(cause) ?? 0) + 1);
  let lost = ids.length - rows.length;
  if (lost > 0) byCause.set("no execution row", lost);
  let duplicated = 0;
  for (const r of rows) {
    const n = steps.get(r.id) ?? 0;
    if (r.status !== "succeeded") count(`${r.status}: ${JSON.stringify(r.error).slice(0, 200)}`);
    else if (n < 6) count("succeeded with fewer than 6 node runs recorded");
    if (r.status !== "succeeded" || n < 6) lost++;
    if (n > 6) {
      duplicated++;
      count("more than 6 node runs recorded");
    }
  }
  const twice = [...completions.finishedCount.values()].filter((n) => n > 1).length;
  if (twice > 0) byCause.set("finished event more than once", twice);
  return { lost, duplicated: duplicated + twice, why: [...byCause].map(([cause, n]) => `${n} x ${cause}`) };
}

async function xactCommits(dbName: string): Promise<number> {
  return Number((await admin<{ xact_commit: string }>(`SELECT xact_commit FROM pg_stat_database WHERE datname = '${dbName}'`))[0]?.xact_commit ?? 0);
}

async function main(): Promise<void> {
  const scratch = await openScratch("durable");
  const apps = new Apps();
  const reader = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const closers: Array<() => Promise<void> | void> = [];
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      await apps.stop();
      for (const close of closers) await close();
      reader.disconnect();
      await closeScratch(scratch);
    })());
  // Interrupted (Ctrl-C, kill): the same cleanup, then exit.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      process.stderr.write(`bench/durable: ${signal}, removing the scratch database, keys and processes\n`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  try {
    await run(scratch, apps, reader, closers);
  } finally {
    await cleanup();
  }
}

async function run(scratch: Scratch, apps: Apps, reader: Redis, closers: Array<() => Promise<void> | void>): Promise<void> {
  const { adminDb, appUrl, prefix, dbName } = scratch;
  const tenantId = await seedTenant(adminDb, { runsPerMonth: 100_000_000, concurrentRuns: 1_000_000 });
  // seedWorkflow makes its one version both the draft and the active version: a production run needs no publish.
  const { workflowId } = await seedWorkflow(adminDb, tenantId, WORKFLOW === "noop" ? noOpWorkflow() : chainWorkflow());
  const shared = { DATABASE_URL: appUrl, REDIS_URL, QUEUE_PREFIX: prefix, LOG_LEVEL: "warn", DATABASE_POOL_MAX: "20" };

  const workerPort = await freePort();
  const workerJs = bundle("apps/executor-worker/src/main.ts", "apps/executor-worker/dist/bench-worker.js");
  const worker = apps.start(workerJs, { ...shared, WORKER_PORT: String(workerPort), WORKER_CONCURRENCY, WORKER_NODE_EVENTS: NODE_EVENTS, RECONCILE_INTERVAL_MS: "0" }, ["--no-node-snapshot", ...CPU_PROF]);

  let admit: Admit;
  let api: ReturnType<Apps["start"]> | undefined;
  if (ADMISSION === "http") {
    const jwt = { secret: randomBytes(32).toString("hex"), issuer: "bos", audience: "bos-api" };
    const apiPort = await freePort();
    const apiJs = bundle("apps/workflow-api/src/main.ts", "apps/workflow-api/dist/bench-api.js");
    api = apps.start(apiJs, { ...shared, API_PORT: String(apiPort), JWT_SECRET: jwt.secret, JWT_ISSUER: jwt.issuer, JWT_AUDIENCE: jwt.audience }, ["--no-node-snapshot", ...CPU_PROF]);
    await waitUntilReady(`http://127.0.0.1:${apiPort}/readyz`, api, "workflow-api");
    const client = httpAdmission(apiPort, workflowId, mintToken(jwt, { tenantId, roles: ["executor"], sub: "bench" }));
    closers.push(client.close);
    admit = client.admit;
  } else {
    const db = createDb({ url: appUrl, poolMax: 20, applicationName: "bench-admission" });
    closers.push(() => db.destroy());
    const deps = { db, queue: openQueue(executionJob, scratch.redis, prefix) };
    admit = (i) =>
      startExecution(deps, { tenantId, workflowId, mode: "production", input: payload(i) }).then(
        (started): Admitted => ({ ok: true, executionId: started.executionId }),
        (error: unknown): Admitted => ({ ok: false, status: 0, detail: error instanceof Error ? error.message : String(error) }),
      );
  }
  await waitUntilReady(`http://127.0.0.1:${workerPort}/readyz`, worker, "executor-worker");

  const completions = new Completions(reader, redisKeys.tenantStream(prefix, tenantId));
  closers.push(() => completions.stop());
  // One request first, so a refusal (auth, schema, quota) stops the bench with its answer.
  const first = await admit(0);
  if (!first.ok) throw new Error(`the first execution was refused: ${first.status} ${first.detail}`);
  await drive(admit, completions, WARMUP, undefined);

  const samples: Samples = { ids: [], latencies: [], admissionTimes: [], commits: [], admittedAt: new Map(), refusals: [] };
  const xactBefore = await xactCommits(dbName);
  const pids = await stackPids(scratch, { worker: worker.pid, api: api?.pid, bench: process.pid });
  const cpuBefore = sampleCpu(pids);
  const start = performance.now();
  await drive(admit, completions, N, samples);
  const seconds = (performance.now() - start) / 1000;
  // Postgres backends opened during the run count too (listed again at the end).
  const pidsAfter = await stackPids(scratch, { worker: worker.pid, api: api?.pid, bench: process.pid });
  const cpu = cpuBetween(cpuBefore, sampleCpu(pidsAfter), pidsAfter);
  const xact = (await xactCommits(dbName)) - xactBefore;

  const { lost, duplicated, why } = await checkRuns(adminDb, samples.ids, completions);
  const metrics = await (await fetch(`http://127.0.0.1:${workerPort}/metrics`)).text();
  report({ samples, completions, seconds, xact, cpu, lost, duplicated, why, metrics });
}

interface Outcome {
  samples: Samples;
  completions: Completions;
  seconds: number;
  xact: number;
  /** CPU ms of each process group over the measured phase; machineBusy: share of all cores busy (anyone's work). */
  cpu: { ms: Record<string, number>; machineBusy: number };
  lost: number;
  duplicated: number;
  /** Causes of lost or duplicated executions, with counts. */
  why: string[];
  metrics: string;
}

function report({ samples, completions, seconds, xact, cpu, lost, duplicated, why, metrics }: Outcome): void {
  const queueWait: number[] = [];
  const workerTime: number[] = [];
  for (const id of samples.ids) {
    const a = samples.admittedAt.get(id);
    const st = completions.started.get(id);
    const f = completions.finishedAt.get(id);
    if (a !== undefined && st !== undefined) queueWait.push(st - a);
    if (st !== undefined && f !== undefined) workerTime.push(f - st);
  }
  const sortNum = (values: number[]) => [...values].sort((a, b) => a - b);
  const split = (values: number[]) => `${percentile(sortNum(values), 50).toFixed(1)} / ${percentile(sortNum(values), 99).toFixed(1)} ms`;
  const sorted = sortNum(samples.latencies);
  const workerCommits = samples.commits.length ? samples.commits.reduce((a, b) => a + b, 0) / samples.commits.length : Number.NaN;
  const throughput = N / seconds;
  const p50 = percentile(sorted, 50);
  const p99 = percentile(sorted, 99);
  const http = ADMISSION === "http";
  const from = http ? "request" : "startExecution";
  const perExec = (group: string) => (cpu.ms[group] === undefined || (group === "api" && !http) ? "-" : ((cpu.ms[group] ?? 0) / N).toFixed(2));
  const refused = samples.refusals.length;
  const table = [
    ["admission path", http ? "HTTP: POST /workflows/{id}/executions to the workflow-api process (JWT, keep-alive)" : "direct: startExecution in the bench process (no API)", "", undefined],
    [`executions/s (${from} -> completion, sustained)`, throughput.toFixed(0), ">= 1,000", throughput >= 1000],
    [`p50 ${from} -> completion`, `${p50.toFixed(1)} ms`, "", undefined],
    [`p99 ${from} -> completion`, `${p99.toFixed(1)} ms`, "<= 100 ms", p99 <= 100],
    [`p50 / p99 admission alone (${http ? "request -> 202 response" : "startExecution"})`, split(samples.admissionTimes), "", undefined],
    ["p50 / p99 admitted -> worker picked it up (queue wait + load)", split(queueWait), "", undefined],
    ["p50 / p99 worker: engine run + final commit", split(workerTime), "", undefined],
    ["worker commits per execution", workerCommits.toFixed(2), "<= 2", workerCommits <= 2],
    ["commits per execution incl. admission", (workerCommits + 1).toFixed(2), "", undefined],
    ["Postgres xact_commit per execution (all transactions, reads too)", (xact / N).toFixed(2), "", undefined],
    ["CPU ms per execution: worker / API / bench process / Postgres backends / Redis", ["worker", "api", "bench", "postgres", "redis"].map(perExec).join(" / "), "", undefined],
    ["machine CPU busy during the run (all cores, every process: Postgres, Redis, other sessions too)", `${(cpu.machineBusy * 100).toFixed(0)}% of ${cpus().length} cores`, "", undefined],
    [http ? "refused requests (non-202 or connection error)" : "refused admissions (startExecution threw)", `${refused} (of ${N})`, "0", refused === 0],
    ["lost executions", String(lost), "0", lost === 0],
    ["duplicated executions", String(duplicated), "0", duplicated === 0],
  ] as const;
  const workflow = WORKFLOW === "noop" ? "Start -> 5 NoOps" : "Set -> If -> Code -> Set -> NoOp";
  const load = RATE > 0 ? `open loop at ${RATE}/s` : `${IN_FLIGHT} in flight`;
  process.stdout.write(`\nbench/durable (admission ${ADMISSION}): ${N} executions of ${workflow} (~1 KB JSON), ${load}, worker concurrency ${WORKER_CONCURRENCY}, node events ${NODE_EVENTS}\n\n`);
  process.stdout.write("| measure | value | target | ok |\n|---|---|---|---|\n");
  for (const [name, value, target, ok] of table) process.stdout.write(`| ${name} | ${value} | ${target} | ${ok === undefined ? "" : ok ? "yes" : "NO"} |\n`);
  const commitLine = metrics.split("\n").filter((l) => l.startsWith("bos_executor_commits_per_execution ") || l.startsWith("bos_sandbox_isolates_")).join(", ");
  process.stdout.write(`\nworker /metrics: ${commitLine || "(no commits metric)"}\n`);
  if (why.length > 0) process.stdout.write(`executions that did not succeed exactly once, by cause:\n${why.map((w) => `  ${w}`).join("\n")}\n`);
  if (refused > 0) {
    const byAnswer = new Map<string, number>();
    for (const { status, detail } of samples.refusals) byAnswer.set(`${status} ${detail}`, (byAnswer.get(`${status} ${detail}`) ?? 0) + 1);
    process.stdout.write(`refused requests, by answer:\n${[...byAnswer].map(([answer, n]) => `  ${n} x ${answer}`).join("\n")}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench/durable failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
