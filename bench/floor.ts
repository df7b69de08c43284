// bench/floor: what the building blocks the design fixes cost on this machine, without any of our code:
// a BullMQ queue with a worker in its own process and a completion notice back over Redis Pub/Sub (the
// loop every durable execution makes), then the same loop with a fresh isolated-vm context per job (the
// sandbox rule), with two Postgres commits per job (admission and completion, the durability rule), and
// with both. Each row is the throughput of a closed loop (64 jobs in flight, worker concurrency 64) and the
// CPU per job of every process involved. It bounds what bench/durable and bench/webhook can reach here:
// the engine, the API, HTTP, step records and events all come on top of the last row.
//   pnpm --filter @bos/bench run bench:floor
// Options (environment): BENCH_JOBS (per row, default 4000), BENCH_IN_FLIGHT (default 64),
// DATABASE_ADMIN_URL, REDIS_URL. It uses a scratch database and key prefix and removes both.
import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpus } from "node:os";
import { performance } from "node:perf_hooks";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import ivm from "isolated-vm";
import pg from "pg";
import { admin, ADMIN_URL, cpuBetween, REDIS_URL, sampleCpu, withDatabase } from "./stack";

interface Mode {
  name: string;
  context: boolean;
  commits: boolean;
}
const MODES: Mode[] = [
  { name: "BullMQ job + completion notice (Pub/Sub)", context: false, commits: false },
  { name: "+ a fresh isolated-vm context per job", context: true, commits: false },
  { name: "+ 2 Postgres commits per job (no context)", context: false, commits: true },
  { name: "+ both: context and 2 commits", context: true, commits: true },
];
const JOBS = Number(process.env.BENCH_JOBS ?? 4000);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 64);
const QUEUE = "floor";

/** The worker process: runs jobs until told to stop; `doneChannel` hears one message per finished job. */
async function workerMain(): Promise<void> {
  const { prefix, dbUrl, context, commits } = JSON.parse(process.argv[3] ?? "{}") as { prefix: string; dbUrl: string; context: boolean; commits: boolean };
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const publisher = new Redis(REDIS_URL);
  const pool = commits ? new pg.Pool({ connectionString: dbUrl, max: 10 }) : undefined;
  // Isolates are reused (only contexts are fresh), as the sandbox pool does.
  const isolates = context ? Array.from({ length: 64 }, () => new ivm.Isolate({ memoryLimit: 64 })) : [];
  const worker = new Worker(
    QUEUE,
    async (job) => {
      if (context) {
        const isolate = isolates.pop() ?? new ivm.Isolate({ memoryLimit: 64 });
        const ctx = isolate.createContextSync();
        try {
          ctx.evalSync(`1 + ${job.data.n as number}`);
        } finally {
          ctx.release();
          isolates.push(isolate);
        }
      }
      if (pool) await pool.query("UPDATE floor_runs SET status = 'done' WHERE id = $1", [job.data.id]);
      await publisher.publish(`${prefix}:done`, String(job.data.id));
    },
    { connection, prefix, concurrency: 64, removeOnComplete: { count: 1000 } },
  );
  await worker.waitUntilReady();
  // The bench process went away (it failed): do not linger as an orphan.
  process.on("disconnect", () => process.exit(1));
  process.send?.("ready");
  process.on("message", async () => {
    await worker.close();
    await pool?.end();
    connection.disconnect();
    publisher.disconnect();
    process.exit(0);
  });
}

async function runMode(mode: Mode, dbName: string): Promise<{ perSecond: number; cpu: Record<string, number>; busy: number }> {
  const prefix = `{bos-floor-${process.pid}-${randomBytes(3).toString("hex")}}`;
  const dbUrl = withDatabase(ADMIN_URL, dbName);
  const child = fork(__filename, ["worker", JSON.stringify({ prefix, dbUrl, context: mode.context, commits: mode.commits })], { execArgv: ["--no-node-snapshot"] });
  await new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("exit", (code) => reject(new Error(`the floor worker exited (${code}) before it was ready`)));
  });
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const subscriber = new Redis(REDIS_URL);
  const queue = new Queue(QUEUE, { connection, prefix });
  const pool = mode.commits ? new pg.Pool({ connectionString: dbUrl, max: 10 }) : undefined;
  const waiting = new Map<number, () => void>();
  await subscriber.subscribe(`${prefix}:done`);
  subscriber.on("message", (_channel: string, id: string) => waiting.get(Number(id))?.());

  let next = 0;
  const one = async (id: number) => {
    if (pool) await pool.query("INSERT INTO floor_runs (id, status) VALUES ($1, 'queued')", [id]);
    const done = new Promise<void>((resolve) => waiting.set(id, resolve));
    await queue.add("run", { id, n: id }, { jobId: `j${id}`, removeOnComplete: { count: 1000 } });
    await done;
    waiting.delete(id);
  };
  const loop = async (count: number, base: number) => {
    const client = async () => {
      while (next < count) await one(base + next++);
    };
    next = 0;
    await Promise.all(Array.from({ length: IN_FLIGHT }, client));
  };
  await loop(Math.min(500, JOBS), 1_000_000); // warm-up: JIT, connections, isolates

  const redisPid = Number(/process_id:(\d+)/.exec(await connection.info("server"))?.[1]);
  const pgPids = (await admin<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = '${dbName}' AND pid <> pg_backend_pid()`)).map((r) => r.pid);
  const groups: Record<string, number[]> = { producer: [process.pid], worker: [child.pid ?? 0], redis: [redisPid], postgres: pgPids };
  const before = sampleCpu(groups);
  const t0 = performance.now();
  await loop(JOBS, 0);
  const seconds = (performance.now() - t0) / 1000;
  const used = cpuBetween(before, sampleCpu(groups), groups);

  child.send("stop");
  await new Promise((resolve) => child.once("exit", resolve));
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  await pool?.query("TRUNCATE floor_runs");
  await pool?.end();
  subscriber.disconnect();
  connection.disconnect();
  const cpu = Object.fromEntries(Object.entries(used.ms).map(([k, ms]) => [k, ms / JOBS]));
  return { perSecond: JOBS / seconds, cpu, busy: used.machineBusy };
}

async function main(): Promise<void> {
  const dbName = `bos_bench_floor_${process.pid}`;
  await admin(`CREATE DATABASE "${dbName}"`);
  try {
    const setup = new pg.Client({ connectionString: withDatabase(ADMIN_URL, dbName) });
    await setup.connect();
    await setup.query("CREATE TABLE floor_runs (id bigint PRIMARY KEY, status text NOT NULL)");
    await setup.end();
    const rows: string[] = [];
    for (const mode of MODES) {
      const r = await runMode(mode, dbName);
      const total = Object.values(r.cpu).reduce((a, b) => a + b, 0);
      rows.push(
        `| ${mode.name} | ${r.perSecond.toFixed(0)} | ${r.cpu.worker?.toFixed(2)} / ${r.cpu.producer?.toFixed(2)} / ${r.cpu.redis?.toFixed(2)} / ${mode.commits ? r.cpu.postgres?.toFixed(2) : "-"} | ${total.toFixed(2)} | ${(r.busy * 100).toFixed(0)}% |`,
      );
    }
    console.log(`\nbench/floor: ${JOBS} jobs per row, ${IN_FLIGHT} in flight, worker concurrency 64, on ${cpus().length} x ${cpus()[0]?.model.trim() ?? "?"}, Node ${process.version}\n`);
    console.log("| loop | jobs/s | CPU ms per job: worker / producer / Redis / Postgres | CPU ms per job, all | machine busy |");
    console.log("|---|---|---|---|---|");
    for (const row of rows) console.log(row);
    console.log(`\n1,000 executions/s on ${cpus().length} cores leaves at most ${cpus().length} ms of CPU per execution for everything; the rows above are what the fixed building blocks take before any engine, API or HTTP work.`);
  } finally {
    await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  }
}

if (process.argv[2] === "worker") {
  workerMain().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
