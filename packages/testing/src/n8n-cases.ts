import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * The n8n conformance cases live in `../shared/n8n/cases` beside the checkout (CI lays shared/ beside
 * its clone the same way). `BOS_N8N_CASES_DIR` overrides the location.
 */
export function n8nCasesDir(): string {
  const dir = process.env.BOS_N8N_CASES_DIR ?? resolve(__dirname, "../../../../shared/n8n/cases");
  if (!existsSync(dir)) {
    throw new Error(`n8n conformance cases not found at ${dir}: put shared/ beside the checkout or set BOS_N8N_CASES_DIR`);
  }
  return dir;
}

export interface N8nCase {
  name: string;
  workflow: unknown;
  expected: N8nExpected;
}

/** The reduced result real n8n recorded for a case (see shared/n8n/cases/README.md). */
export interface N8nExpected {
  status: "success" | "error";
  order: string[];
  nodes: Record<string, Array<{ status: string; main: unknown[][]; error?: boolean }>>;
}

/** Every case, sorted by name. */
export function loadN8nCases(): N8nCase[] {
  const dir = n8nCasesDir();
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json") && !f.endsWith(".expected.json"))
    .sort()
    .map((file) => {
      const name = file.replace(/\.json$/, "");
      return {
        name,
        workflow: JSON.parse(readFileSync(join(dir, file), "utf8")),
        expected: JSON.parse(readFileSync(join(dir, `${name}.expected.json`), "utf8")) as N8nExpected,
      };
    });
}
