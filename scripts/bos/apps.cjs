// The three Node services: started detached (logs in .run/logs/, pids in .run/state.json), stopped with
// SIGTERM (they drain), and asked for /readyz.
"use strict";
const { spawn } = require("node:child_process");
const { existsSync, mkdirSync, openSync, readFileSync } = require("node:fs");
const path = require("node:path");
const { ROOT, LOG_DIR, BosError, info, isAlive, sleep, setting } = require("./common.cjs");

const APPS = [
  { name: "workflow-api", hostVar: "API_HOST", portVar: "API_PORT" },
  { name: "trigger-gateway", hostVar: "GATEWAY_HOST", portVar: "GATEWAY_PORT" },
  { name: "executor-worker", hostVar: "WORKER_HOST", portVar: "WORKER_PORT" },
];

function appUrl(app, env = process.env) {
  return `http://${setting(app.hostVar, env)}:${setting(app.portVar, env)}`;
}

function startApps(appEnv, state) {
  mkdirSync(LOG_DIR, { recursive: true });
  for (const app of APPS) {
    const entry = path.join(ROOT, "apps", app.name, "dist/main.js");
    if (!existsSync(entry)) throw new BosError(`${entry} is missing: the build did not produce it`);
    const logFile = path.join(LOG_DIR, `${app.name}.log`);
    const fd = openSync(logFile, "a");
    const child = spawn(process.execPath, ["--no-node-snapshot", entry], {
      cwd: ROOT,
      env: appEnv,
      detached: true,
      stdio: ["ignore", fd, fd],
    });
    child.unref();
    state.apps[app.name] = { pid: child.pid, url: appUrl(app, appEnv), log: path.relative(ROOT, logFile) };
  }
}

/** Waits until every app answers /readyz 200; fails naming the app and the tail of its log. */
async function waitUntilReady(state, timeoutMs = 60000) {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(Object.keys(state.apps));
  while (pending.size > 0) {
    for (const name of [...pending]) {
      const app = state.apps[name];
      if (!isAlive(app.pid)) throw new BosError(`${name} exited during startup; last lines of ${app.log}:\n${tail(path.join(ROOT, app.log), 15)}`);
      const ready = await readiness(app.url);
      if (ready.status === 200) pending.delete(name);
    }
    if (pending.size === 0) break;
    if (Date.now() > deadline) {
      const name = [...pending][0];
      const report = await readiness(state.apps[name].url);
      throw new BosError(`${name} is not ready after ${timeoutMs / 1000} s (${report.summary}); see ${state.apps[name].log}`);
    }
    await sleep(200);
  }
}

async function readiness(url) {
  try {
    const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(3000) });
    const body = await response.json().catch(() => ({}));
    return { status: response.status, summary: body.reason ? `${response.status}: ${body.reason}` : `${response.status} ${body.status ?? ""}`.trim() };
  } catch (error) {
    return { status: 0, summary: `no answer (${error.cause?.code ?? error.message})` };
  }
}

/** SIGTERM each app, wait for the drain (up to 25 s), then SIGKILL what is left. */
async function stopApps(state) {
  const running = Object.entries(state.apps).filter(([, app]) => isAlive(app.pid));
  for (const [name, app] of running) {
    info(`stopping ${name} (pid ${app.pid})`);
    try {
      process.kill(app.pid, "SIGTERM");
    } catch (error) {
      info(`${name}: ${error.message}`);
    }
  }
  const deadline = Date.now() + 25000;
  while (running.some(([, app]) => isAlive(app.pid)) && Date.now() < deadline) await sleep(100);
  for (const [name, app] of running) {
    if (isAlive(app.pid)) {
      info(`${name} did not stop in time; killing it`);
      process.kill(app.pid, "SIGKILL");
    }
  }
  state.apps = {};
}

function tail(file, lines) {
  if (!existsSync(file)) return "(no log)";
  return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
}

module.exports = { APPS, appUrl, startApps, waitUntilReady, readiness, stopApps };
