/**
 * The type check is part of the test command: jest's transform (swc) strips types without checking them,
 * so without this a type error in any package or app would pass CI. Runs every workspace's `typecheck`
 * script (`tsc -p tsconfig.json`, strict) through turbo and reports the compiler's errors when one fails.
 */
import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";

const ROOT = resolve(__dirname, "..");

describe("type check", () => {
  it("every package and app type-checks under the strict base config", async () => {
    const run = promisify(execFile);
    let output = "";
    let failed = false;
    try {
      const result = await run("pnpm", ["exec", "turbo", "run", "typecheck", "--output-logs=errors-only", "--concurrency=1"], {
        cwd: ROOT,
        env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" },
        maxBuffer: 64 * 1024 * 1024,
      });
      output = result.stdout + result.stderr;
    } catch (error) {
      failed = true;
      const e = error as { stdout?: string; stderr?: string; message: string };
      output = `${e.stdout ?? ""}${e.stderr ?? ""}` || e.message;
    }
    const errors = output.split("\n").filter((line) => /error TS\d+/.test(line));
    expect({ failed, errors: errors.slice(0, 50) }).toEqual({ failed: false, errors: [] });
  }, 900_000);
});
