/**
 * Every bundle leaves npm dependencies external (scripts/bundle.mjs), so each one must be able to require
 * them from its own package directory: pnpm gives a package only its declared dependencies. A bundle that
 * inlines a workspace package whose dependency the bundling package does not declare builds fine and then
 * dies at startup with "Cannot find module". This test bundles each entry point and resolves every
 * external it requires, from where the bundle runs.
 */
import { execFile } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

const ROOT = resolve(__dirname, "..");
const ENTRIES = [
  { dir: "apps/workflow-api", entry: "src/main.ts" },
  { dir: "apps/executor-worker", entry: "src/main.ts" },
  { dir: "apps/trigger-gateway", entry: "src/main.ts" },
  { dir: "packages/db", entry: "src/bin/bos-db.ts" },
  { dir: "packages/cli", entry: "src/main.ts" },
];

const RESOLVE_SCRIPT = `
const { createRequire } = require("node:module");
const [from, ...names] = process.argv.slice(1);
const req = createRequire(from);
const missing = names.filter((name) => {
  try { req.resolve(name); return false; }
  catch (error) { return error.code === "MODULE_NOT_FOUND"; }
});
process.stdout.write(JSON.stringify(missing));
`;

function externalsOf(bundle: string): string[] {
  const specifiers = [...bundle.matchAll(/\brequire\("([^"./][^"]*)"\)/g)].map((m) => m[1] ?? "");
  const packages = specifiers
    .filter((s) => !s.startsWith("node:") && !builtinModules.includes(s.split("/")[0] ?? ""))
    .map((s) => (s.startsWith("@") ? s.split("/").slice(0, 2).join("/") : (s.split("/")[0] ?? s)));
  return [...new Set(packages)].sort();
}

describe("bundled entry points", () => {
  for (const { dir, entry } of ENTRIES) {
    it(`${dir}/${entry} can load every external package it requires`, async () => {
      const packageDir = join(ROOT, dir);
      const out = join(packageDir, "dist", `bundle-check-${process.pid}.js`);
      try {
        await promisify(execFile)(process.execPath, [join(ROOT, "scripts/bundle.mjs"), entry, out], { cwd: packageDir });
        // Resolved by a plain node process, from the bundle's path, without NODE_PATH (`pnpm exec` sets it to
        // pnpm's hidden hoisted store, which a deployed app does not have).
        const { NODE_PATH: _ignored, ...env } = process.env;
        const { stdout } = await promisify(execFile)(process.execPath, ["-e", RESOLVE_SCRIPT, out, ...externalsOf(readFileSync(out, "utf8"))], {
          env,
        });
        const missing = JSON.parse(stdout) as string[];
        if (missing.length > 0) {
          throw new Error(`${dir}/package.json must declare ${missing.join(", ")}: its bundle requires them at run time`);
        }
      } finally {
        rmSync(out, { force: true });
        rmSync(`${out}.map`, { force: true });
      }
    }, 60000);
  }
});
