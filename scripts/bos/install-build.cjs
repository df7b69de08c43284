// Dependencies and build: `pnpm install --frozen-lockfile` unless node_modules already matches the lockfile,
// then `turbo run build` (cached per package).
"use strict";
const { createHash } = require("node:crypto");
const { existsSync, readFileSync, readdirSync, writeFileSync } = require("node:fs");
const path = require("node:path");
const { ROOT, info, run } = require("./common.cjs");

function workspacePackageJsons() {
  const files = [path.join(ROOT, "package.json")];
  for (const group of ["apps", "packages"]) {
    const dir = path.join(ROOT, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name, "package.json");
      if (existsSync(file)) files.push(file);
    }
  }
  const bench = path.join(ROOT, "bench/package.json");
  if (existsSync(bench)) files.push(bench);
  return files;
}

const STAMP = path.join(ROOT, "node_modules/.bos-install-stamp");

/** Hash of the lockfile and every workspace package.json: what an install depends on. */
function installInputsHash() {
  const hash = createHash("sha256");
  for (const file of [path.join(ROOT, "pnpm-lock.yaml"), ...workspacePackageJsons()]) {
    hash.update(file).update("\0");
    if (existsSync(file)) hash.update(readFileSync(file));
  }
  return hash.digest("hex");
}

/** True when node_modules was installed by ./bos from exactly these inputs. */
function installIsCurrent() {
  return existsSync(STAMP) && readFileSync(STAMP, "utf8").trim() === installInputsHash();
}

function installDependencies() {
  if (installIsCurrent()) {
    info("dependencies are up to date (pnpm-lock.yaml and package.json files unchanged since the last install)");
    return;
  }
  info("installing dependencies: pnpm install --frozen-lockfile");
  run("pnpm", ["install", "--frozen-lockfile"]);
  writeFileSync(STAMP, `${installInputsHash()}\n`);
}

function build() {
  info("building: turbo run build");
  run("pnpm", ["exec", "turbo", "run", "build", "--output-logs=errors-only"], {
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", TURBO_NO_UPDATE_NOTIFIER: "1", DO_NOT_TRACK: "1" },
  });
}

module.exports = { installDependencies, build, installIsCurrent };
