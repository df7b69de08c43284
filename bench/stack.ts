// The stack the end-to-end benchmarks (bench/durable, bench/webhook) run against: a scratch database
// (migrated) and a private Redis key prefix, both removed afterwards, and the apps as real processes
// (their bundled main.ts), stopped even when the benchmark fails.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { createDb, type Database, type Kysely, migrateToLatest } from "@bos/db";
import { Redis } from "ioredis";
import pg from "pg";

export const ADMIN_URL = process.env.DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
/** The repository root (the bundles run from bench/dist). */
export const ROOT = join(__dirname, "../..");

export function withDatabase(url: string, database: string, user?: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  if (user) {
    u.username = user;
    u.password = "";
  }
  return u.toString();
}

/** One statement on a fresh owner connection (CREATE / DROP DATABASE, pg_stat_database). */
export async function admin<T>(sqlText: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return (await client.query(sqlText)).rows as T[];
  } finally {
    await client.end();
  }
}

export interface Scratch {
  dbName: string;
  /** Owner connection to the scratch database (bypasses RLS; seeding and checks). */
  adminDb: Kysely<Database>;
  /** URL of the application role (bos_app) on the scratch database: what the apps connect with. */
  appUrl: string;
  /** Redis key prefix of this run, with a hash tag. */
  prefix: string;
  redis: Redis;
}

/** Creates and migrates a scratch database and picks a key prefix; `closeScratch` removes both. */
export async function openScratch(label: string): Promise<Scratch> {
  const dbName = `bos_bench_${label}_${process.pid}_${randomBytes(3).toString("hex")}`;
  await admin(`CREATE DATABASE "${dbName}"`);
  const adminDb = createDb({ url: withDatabase(ADMIN_URL, dbName), poolMax: 2 }) as Kysely<Database>;
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const scratch = { dbName, adminDb, appUrl: withDatabase(ADMIN_URL, dbName, "bos_app"), prefix: `{bos-bench-${label}-${process.pid}}`, redis };
  try {
    await migrateToLatest(adminDb as Kysely<unknown>);
  } catch (error) {
    await closeScratch(scratch);
    throw error;
  }
  return scratch;
}

export async function closeScratch({ dbName, adminDb, prefix, redis }: Scratch): Promise<void> {
  await adminDb.destroy();
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== "0");
  redis.disconnect();
  await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });
}

/**
 * Bundles an app's entry with scripts/bundle.mjs into `out` (relative to the root; put it in the app's own
 * dist/ so its external dependencies resolve from the app's node_modules). Returns the absolute path.
 */
export function bundle(entry: string, out: string): string {
  const path = join(ROOT, out);
  execFileSync(process.execPath, [join(ROOT, "scripts/bundle.mjs"), join(ROOT, entry), path], { cwd: ROOT });
  return path;
}

/**
 * The app processes of one run. `start` spawns a bundle with exactly `env` (plus PATH) and the bench's
 * stdout/stderr; `stop` sends SIGTERM, then SIGKILL to whatever still runs after `graceMs`.
 */
export class Apps {
  readonly children: ChildProcess[] = [];

  start(bundlePath: string, env: Record<string, string>, nodeArgs: string[] = []): ChildProcess {
    const child = spawn(process.execPath, [...nodeArgs, bundlePath], { env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "inherit", "inherit"] });
    this.children.push(child);
    return child;
  }

  async stop(graceMs = 5000): Promise<void> {
    const running = this.children.filter((c) => c.exitCode === null && c.signalCode === null);
    const exited = running.map((c) => new Promise((resolve) => c.once("exit", resolve)));
    for (const child of running) child.kill("SIGTERM");
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(exited), new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
}

/** Polls `url` until it answers 200; throws after `timeoutMs` or when `child` exits first. */
export async function waitUntilReady(url: string, child: ChildProcess, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${what} exited (${child.exitCode ?? child.signalCode}) before it was ready`);
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch (error) {
      // Connection refused until the process listens; any other failure shows up as the timeout below.
      if (Date.now() > deadline) throw new Error(`${what} did not answer ${url} within ${timeoutMs} ms`, { cause: error });
    }
    if (Date.now() > deadline) throw new Error(`${what} did not answer 200 on ${url} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * An access token as `./bos token` mints it (scripts/bos/token.cjs): HS256 with the claims the API checks
 * (sub, tenant_id, roles, iss, aud, exp).
 */
export function mintToken(jwt: { secret: string; issuer: string; audience: string }, claims: { tenantId: string; roles: string[]; sub: string }, ttlSeconds = 3600): string {
  const now = Math.floor(Date.now() / 1000);
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${part({ alg: "HS256", typ: "JWT" })}.${part({ sub: claims.sub, tenant_id: claims.tenantId, roles: claims.roles, iss: jwt.issuer, aud: jwt.audience, iat: now, exp: now + ttlSeconds })}`;
  return `${unsigned}.${createHmac("sha256", jwt.secret).update(unsigned).digest("base64url")}`;
}

/** CPU time (user + system) of a process so far, ms, from /proc (Linux, clock ticks of 10 ms); undefined once it has gone. */
export function processCpuMs(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch (error) {
    // A Postgres backend can close between listing and reading it; only "no such process" is expected.
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const fields = stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/**
 * The processes doing the work of one scratch stack, by name: the given app processes plus, when Postgres
 * and Redis run on this machine (loopback URLs), the Postgres backends connected to the scratch database
 * and the Redis server.
 */
export async function stackPids(scratch: Scratch, apps: Record<string, number | undefined>): Promise<Record<string, number[]>> {
  const groups: Record<string, number[]> = {};
  for (const [name, pid] of Object.entries(apps)) groups[name] = pid === undefined ? [] : [pid];
  if (LOOPBACK.has(new URL(ADMIN_URL).hostname)) {
    const rows = await admin<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = '${scratch.dbName}' AND pid <> pg_backend_pid()`);
    groups.postgres = rows.map((r) => r.pid);
  }
  if (LOOPBACK.has(new URL(REDIS_URL).hostname)) {
    const pid = Number(/process_id:(\d+)/.exec(await scratch.redis.info("server"))?.[1]);
    groups.redis = Number.isInteger(pid) ? [pid] : [];
  }
  return groups;
}

export interface CpuSample {
  perPid: Map<number, number>;
  machine: { busy: number; total: number };
}

/** CPU time so far of every listed process and of the whole machine (/proc/stat: all but idle and iowait is busy). */
export function sampleCpu(groups: Record<string, number[]>): CpuSample {
  const perPid = new Map<number, number>();
  for (const pid of Object.values(groups).flat()) {
    const ms = processCpuMs(pid);
    if (ms !== undefined) perPid.set(pid, ms);
  }
  const ticks = (readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "").trim().split(/\s+/).slice(1, 9).map(Number);
  const total = ticks.reduce((a, b) => a + b, 0) * 10;
  return { perPid, machine: { busy: total - ((ticks[3] ?? 0) + (ticks[4] ?? 0)) * 10, total } };
}

/**
 * CPU ms of each group between `before` and `after` (a process that appeared in between counts from 0; one
 * that went is left out, and a group with none left has no entry), and the share of all cores that was busy.
 */
export function cpuBetween(before: CpuSample, after: CpuSample, groups: Record<string, number[]>): { ms: Record<string, number>; machineBusy: number } {
  const ms: Record<string, number> = {};
  for (const [name, pids] of Object.entries(groups)) {
    const alive = pids.filter((pid) => after.perPid.has(pid));
    // A group whose processes all went (a crashed app) has no figure rather than a wrong one.
    if (alive.length > 0) ms[name] = alive.reduce((sum, pid) => sum + (after.perPid.get(pid) ?? 0) - (before.perPid.get(pid) ?? 0), 0);
  }
  const machineBusy = (after.machine.busy - before.machine.busy) / (after.machine.total - before.machine.total);
  return { ms, machineBusy };
}
