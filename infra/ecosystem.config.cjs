// PM2: the API, the trigger gateway and the executor workers as clustered Node processes, without
// containers. Build first (`./bos start` does, or `pnpm -r run build`), export the environment
// (DATABASE_URL, REDIS_URL, JWT_SECRET, CREDENTIALS_ENCRYPTION_KEY, ...; see README.md), then from the repository root:
//   pm2 start infra/ecosystem.config.cjs        pm2 reload infra/ecosystem.config.cjs (zero-downtime)
// Instance counts come from the environment: a number, or "max" for one per CPU core.
const path = require("node:path");

const root = path.resolve(__dirname, "..");

/** Instances from `name`, else `fallback`; "max" and positive integers are accepted. */
function instances(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  if (raw === "max") return raw;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`${name}=${raw} is not a process count: use a positive integer or "max"`);
  }
  return n;
}

/** Settings every app shares. */
function app(name, script, count) {
  return {
    name,
    cwd: root,
    script,
    // isolated-vm (the Code node sandbox) does not work with Node's startup snapshot.
    node_args: "--no-node-snapshot --enable-source-maps",
    exec_mode: "cluster",
    instances: count,
    // PM2 sends SIGINT, then SIGKILL after kill_timeout: leave room for the apps' graceful drain
    // (SHUTDOWN_TIMEOUT_MS, default 20 s).
    kill_timeout: 25000,
    // Restart a crash loop with growing delays instead of spinning.
    exp_backoff_restart_delay: 200,
    max_memory_restart: process.env.BOS_MAX_MEMORY_RESTART || "1G",
    merge_logs: true,
    time: true,
    env: { NODE_ENV: process.env.NODE_ENV || "production" },
  };
}

module.exports = {
  apps: [
    app("workflow-api", "apps/workflow-api/dist/main.js", instances("BOS_API_INSTANCES", 2)),
    app("trigger-gateway", "apps/trigger-gateway/dist/main.js", instances("BOS_GATEWAY_INSTANCES", 1)),
    // Cluster mode shares the worker's health/metrics port between its processes.
    app("executor-worker", "apps/executor-worker/dist/main.js", instances("BOS_WORKER_INSTANCES", 2)),
  ],
};
