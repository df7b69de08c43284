// ./bos <command>: start | stop | status | token | test | wf. The bash wrapper ./bos checks Node and pnpm first.
"use strict";
const { spawn, spawnSync } = require("node:child_process");
const { existsSync, statSync, readdirSync, readFileSync, rmSync, mkdirSync } = require("node:fs");
const path = require("node:path");
const { ROOT, RUN_DIR, BosError, info, run, commandExists, redactUrl, readState, writeState, isAlive, setting } = require("./common.cjs");
const { installDependencies, build } = require("./install-build.cjs");
const { preflight, provisionPostgres, provisionRedis, stopServices } = require("./provision.cjs");
const { APPS, startApps, waitUntilReady, readiness, stopApps } = require("./apps.cjs");
const { makeToken, parseTokenArgs } = require("./token.cjs");
const { hostPort, tcpProblem } = require("./net-probe.cjs");
const { summarize, readResults } = require("./jest-summary.cjs");

const USAGE = `Usage: ./bos <command>
  start                 install, build, provision Postgres + Redis, migrate, seed, start the apps
  stop                  stop what start started
  status                what runs where, and whether it is ready
  token [--tenant T] [--roles creator,executor] [--user U] [--ttl S]
                        print an access token (default: demo tenant, creator)
  test [jest args]      install, build, provision, run every test; ends with "N passed, N failed"
  wf <command> ...      the workflow CLI (./bos wf help)`;

async function prepare(env, state) {
  installDependencies();
  build();
  const pg = await provisionPostgres(env, state);
  const redis = await provisionRedis(env, state);
  info(`Postgres: ${pg.where}; Redis: ${redis.where}`);
  return { pg, redis };
}

async function start() {
  const started = Date.now();
  await preflight(process.env);
  const state = readState();
  if (Object.values(state.apps).some((app) => isAlive(app.pid))) {
    info("stopping the running apps first");
    await stopApps(state);
  }
  writeState(state);
  let provisioned;
  try {
    provisioned = await prepare(process.env, state);
  } finally {
    writeState(state);
  }
  const { pg, redis } = provisioned;
  state.postgres = { url: redactUrl(pg.appUrl), where: pg.where };
  state.redis = { url: redactUrl(redis.url), where: redis.where };
  const appEnv = { ...process.env, DATABASE_URL: pg.appUrl, DATABASE_ADMIN_URL: pg.adminUrl, REDIS_URL: redis.url };
  info("migrating and seeding");
  run(process.execPath, [path.join(ROOT, "packages/db/dist/bos-db.js"), "prepare"], { env: appEnv });
  startApps(appEnv, state);
  writeState(state);
  await waitUntilReady(state);
  const token = makeToken({ tenant: "demo", roles: ["creator"] });
  const api = state.apps["workflow-api"].url;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    [
      `BusinessOS is running (ready in ${seconds} s):`,
      `  API + builder   ${api}/`,
      `  trigger gateway ${state.apps["trigger-gateway"].url}/`,
      `  worker health   ${state.apps["executor-worker"].url}/readyz  (metrics: /metrics)`,
      `  Postgres        ${redactUrl(pg.appUrl)}  (${pg.where})`,
      `  Redis           ${redactUrl(redis.url)}  (${redis.where})`,
      `  logs            .run/logs/`,
      "",
      "Demo access token (tenant demo, user creator@demo.example, role creator, valid 12 h):",
      `  ${token}`,
      `Open the builder: ${api}/?token=${token}`,
      "Other users and roles: ./bos token --roles approver   Stop everything: ./bos stop",
      "",
    ].join("\n"),
  );
}

async function stop() {
  const state = readState();
  await stopApps(state);
  stopServices(state.services);
  state.services = [];
  writeState(state);
  info("stopped");
}

async function status() {
  const state = readState();
  const lines = [];
  for (const app of APPS) {
    const entry = state.apps[app.name];
    if (!entry) {
      lines.push(`${app.name.padEnd(16)} not running (./bos start starts it)`);
      continue;
    }
    const alive = isAlive(entry.pid);
    const ready = alive ? await readiness(entry.url) : { summary: "-" };
    lines.push(`${app.name.padEnd(16)} ${alive ? `running pid ${entry.pid}` : "stopped"}  ${entry.url}  readyz: ${ready.summary}  log: ${entry.log}`);
  }
  for (const [name, dep, port] of [["postgres", state.postgres, 5432], ["redis", state.redis, 6379]]) {
    if (!dep) continue;
    const { host, port: p } = hostPort(dep.url, port);
    const problem = await tcpProblem(host, p, 2000);
    lines.push(`${name.padEnd(16)} ${problem ? `not reachable (${problem})` : "reachable"}  ${dep.url}  (${dep.where})`);
  }
  for (const service of state.services) lines.push(`${service.kind.padEnd(16)} started by ./bos start (./bos stop stops it)`);
  process.stdout.write(`${lines.join("\n")}\n`);
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** src/ of a workspace package and of every @bos/* package it depends on, transitively. */
function workspaceSourceDirs(start) {
  const byName = new Map();
  for (const group of ["apps", "packages"]) {
    for (const name of readdirSync(path.join(ROOT, group))) {
      const file = path.join(ROOT, group, name, "package.json");
      if (existsSync(file)) byName.set(JSON.parse(readFileSync(file, "utf8")).name, path.join(ROOT, group, name));
    }
  }
  const seen = new Set();
  const visit = (dir) => {
    if (seen.has(dir)) return;
    seen.add(dir);
    const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
    for (const dep of Object.keys(pkg.dependencies ?? {})) if (byName.has(dep)) visit(byName.get(dep));
  };
  visit(path.join(ROOT, start));
  return [...seen].map((dir) => path.join(dir, "src")).filter(existsSync);
}

function wf(args) {
  const bundle = path.join(ROOT, "packages/cli/dist/main.js");
  const sources = workspaceSourceDirs("packages/cli");
  const stale = !existsSync(bundle) || sources.some((dir) => newestMtime(dir) > statSync(bundle).mtimeMs);
  if (stale) {
    installDependencies();
    info("building the CLI bundle");
    run("pnpm", ["--filter", "@bos/cli", "run", "build"]);
  }
  const result = spawnSync(process.execPath, ["--no-node-snapshot", bundle, "wf", ...args], { stdio: "inherit" });
  return result.status ?? 1;
}

async function ensureChromium() {
  const hasPlaywright = existsSync(path.join(ROOT, "packages/testing/node_modules/playwright-core"));
  if (!hasPlaywright) throw new BosError("playwright-core is missing from packages/testing; run pnpm install");
  if (existsSync("/usr/bin/chromium") || process.env.BOS_CHROMIUM_PATH) return;
  if (!commandExists("apt-get")) {
    info("Debian chromium (/usr/bin/chromium) is missing and apt-get is not available: browser tests will fail (set BOS_CHROMIUM_PATH)");
    return;
  }
  const asRoot = process.getuid?.() === 0;
  if (!asRoot && !commandExists("sudo")) throw new BosError("browser tests need Debian's chromium: run `apt-get install chromium` as root");
  info("browser tests need Debian's chromium, which is missing; installing it: apt-get update && apt-get install -y chromium");
  const aptEnv = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const apt = (args) => (asRoot ? run("apt-get", args, { env: aptEnv }) : run("sudo", ["apt-get", ...args], { env: aptEnv }));
  apt(["update", "-q"]);
  apt(["install", "-y", "-q", "--no-install-recommends", "chromium"]);
}

/** How long `./bos test` lets jest exit by itself after its results file is complete (BOS_TEST_LINGER_MS). */
const LINGER_GRACE_MS = Number(process.env.BOS_TEST_LINGER_MS) > 0 ? Number(process.env.BOS_TEST_LINGER_MS) : 30_000;

async function test(args) {
  const state = readState();
  let provisioned;
  try {
    await preflight(process.env);
    provisioned = await prepare(process.env, state);
    await ensureChromium();
  } catch (error) {
    // No test ran: say why, and still end with the summary line CI reads.
    process.stderr.write(`bos: ${error instanceof BosError ? error.message : error?.stack ?? error}\n`);
    process.stdout.write("0 passed, 1 failed\n");
    return 1;
  } finally {
    writeState(state);
  }
  const { pg, redis } = provisioned;
  mkdirSync(RUN_DIR, { recursive: true });
  const outputFile = path.join(RUN_DIR, "jest-results.json");
  rmSync(outputFile, { force: true });
  const jest = path.join(ROOT, "node_modules/jest/bin/jest.js");
  const env = {
    ...process.env,
    DATABASE_URL: pg.appUrl,
    DATABASE_ADMIN_URL: pg.adminUrl,
    REDIS_URL: redis.url,
    NODE_OPTIONS: [process.env.NODE_OPTIONS, "--no-node-snapshot"].filter(Boolean).join(" "),
  };
  info(`running jest ${args.join(" ")}`.trim());
  // No --forceExit: a test that leaves a connection, server or timer open keeps jest alive after its results
  // are written. Instead of hiding that (or waiting for CI's time limit), the run is stopped
  // LINGER_GRACE_MS after the results file is complete and counts as a failure, naming the cause.
  const child = spawn(process.execPath, ["--no-node-snapshot", jest, "--json", `--outputFile=${outputFile}`, ...args], {
    cwd: ROOT,
    env,
    stdio: ["ignore", process.stderr, process.stderr],
  });
  const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  let lingered = false;
  let stopTimer;
  const watch = setInterval(() => {
    if (stopTimer || !readResults(outputFile)) return;
    stopTimer = setTimeout(() => {
      lingered = true;
      child.kill("SIGKILL");
    }, LINGER_GRACE_MS);
  }, 1000);
  const { code } = await exited;
  clearInterval(watch);
  clearTimeout(stopTimer);
  if (lingered) {
    process.stderr.write(
      `bos: jest did not exit within ${LINGER_GRACE_MS / 1000} s of writing its results: a test left something open (a Postgres pool, a Redis or BullMQ connection, a server, a timer). ` +
        "Find it with `./bos test <file> --detectOpenHandles` on the files that open connections, and close it in the test's afterAll/finally.\n",
    );
  }
  const { line, ok } = summarize(readResults(outputFile), { lingered });
  process.stdout.write(`${line}\n`);
  return ok && code === 0 ? 0 : 1;
}

async function main(argv) {
  const [command, ...rest] = argv;
  switch (command) {
    case "start":
      await start();
      return 0;
    case "stop":
      await stop();
      return 0;
    case "status":
      await status();
      return 0;
    case "token":
      process.stdout.write(`${makeToken(parseTokenArgs(rest))}\n`);
      return 0;
    case "test":
      return test(rest);
    case "wf":
      return wf(rest);
    case undefined:
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`bos: unknown command "${command}"\n${USAGE}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    if (error instanceof BosError) process.stderr.write(`bos: ${error.message}\n`);
    else process.stderr.write(`bos: unexpected failure: ${error?.stack ?? error}\n`);
    process.exitCode = 1;
  },
);
