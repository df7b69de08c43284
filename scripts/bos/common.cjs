// Shared helpers of ./bos: paths, messages, child processes, the defaults every command agrees on.
"use strict";
const { spawnSync } = require("node:child_process");
const { existsSync, mkdirSync, readFileSync, writeFileSync } = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "../..");
const RUN_DIR = path.join(ROOT, ".run");
const LOG_DIR = path.join(RUN_DIR, "logs");
const DATA_DIR = path.join(ROOT, ".data");
const STATE_FILE = path.join(RUN_DIR, "state.json");

/** Defaults shared with the apps' config.ts files (README.md lists them). */
const DEFAULTS = {
  DATABASE_URL: "postgres://bos_app@127.0.0.1:5432/bos",
  DATABASE_ADMIN_URL: "postgres://postgres@127.0.0.1:5432/bos",
  REDIS_URL: "redis://127.0.0.1:6379",
  JWT_SECRET: "bos-dev-secret-do-not-use-in-production-0123456789",
  JWT_ISSUER: "bos",
  JWT_AUDIENCE: "bos-api",
  API_HOST: "127.0.0.1",
  API_PORT: "8080",
  GATEWAY_HOST: "127.0.0.1",
  GATEWAY_PORT: "8081",
  WORKER_HOST: "127.0.0.1",
  WORKER_PORT: "8082",
  BOS_EMBEDDED_PG_PORT: "5433",
};

/** An expected failure: printed as its message alone, exit code 1. */
class BosError extends Error {}

function info(message) {
  process.stderr.write(`bos: ${message}\n`);
}

/** Runs a command with inherited stdio (its output to our stderr, so our stdout stays clean). */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? ROOT,
    env: options.env ?? process.env,
    stdio: ["ignore", options.stdout ?? process.stderr, process.stderr],
  });
  if (result.error) throw new BosError(`${command} could not run: ${result.error.message}`);
  if (result.status !== 0 && !options.allowFailure) {
    throw new BosError(`\`${[command, ...args].join(" ")}\` failed with exit code ${result.status}`);
  }
  return result.status ?? 1;
}

function commandExists(command) {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

function redactUrl(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    // not a URL: show nothing of it rather than leak a secret
    return "(unparseable URL)";
  }
}

function readState() {
  if (!existsSync(STATE_FILE)) return { services: [], apps: {} };
  return JSON.parse(readFileSync(STATE_FILE, "utf8"));
}

function writeState(state) {
  mkdirSync(RUN_DIR, { recursive: true });
  writeFileSync(STATE_FILE, `${JSON.stringify(state, null, 2)}\n`);
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A value from the environment, or its documented default. */
function setting(name, env = process.env) {
  const value = env[name];
  return value !== undefined && value !== "" ? value : DEFAULTS[name];
}

module.exports = {
  ROOT, RUN_DIR, LOG_DIR, DATA_DIR, STATE_FILE, DEFAULTS, BosError,
  info, run, commandExists, redactUrl, readState, writeState, isAlive, sleep, setting,
};
