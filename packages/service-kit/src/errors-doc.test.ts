import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * Keeps docs/errors.md in step with the codes the foundation raises: every `WF_*` literal in the source of
 * db, service-kit, the three apps and the worker library (packages/executor) has a row (in its section, or in the section of the package that owns
 * the code), and every row of these sections is still raised.
 */
const ROOT = join(__dirname, "../../..");
const SECTIONS: Array<{ heading: string; dirs: string[] }> = [
  { heading: "## db (`WF_DB_*`)", dirs: ["packages/db/src"] },
  { heading: "## services (`WF_CONFIG_*`, `WF_API_*`, `WF_INTERNAL`)", dirs: ["packages/service-kit/src"] },
  {
    heading: "## workflow-api (`WF_AUTH_*`, `WF_WORKFLOW_*`)",
    dirs: ["apps/workflow-api/src", "apps/executor-worker/src", "packages/executor/src", "apps/trigger-gateway/src"],
  },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") ? [full] : [];
  });
}

function codesIn(text: string): string[] {
  return [...new Set([...text.matchAll(/\bWF_[A-Z0-9]+(?:_[A-Z0-9]+)+\b|\bWF_INTERNAL\b/g)].map((m) => m[0]))].sort();
}

function documented(heading: string): string[] {
  const docs = readFileSync(join(ROOT, "docs/errors.md"), "utf8");
  const start = docs.indexOf(heading);
  if (start < 0) throw new Error(`docs/errors.md has no section "${heading}"`);
  const rest = docs.slice(start + heading.length);
  const end = rest.search(/\n## /);
  const section = end < 0 ? rest : rest.slice(0, end);
  return [...section.matchAll(/^\| `(WF_[A-Z0-9_]+)` \|/gm)].map((m) => m[1] ?? "").sort();
}

function allDocumented(): string[] {
  const docs = readFileSync(join(ROOT, "docs/errors.md"), "utf8");
  return [...docs.matchAll(/^\| `(WF_[A-Z0-9_]+)` \|/gm)].map((m) => m[1] ?? "");
}

describe("docs/errors.md", () => {
  for (const { heading, dirs } of SECTIONS) {
    it(`documents exactly the codes raised under ${dirs.join(", ")}`, () => {
      const raised = codesIn(dirs.flatMap((d) => sourceFiles(join(ROOT, d))).map((f) => readFileSync(f, "utf8")).join("\n"));
      const rows = documented(heading);
      // A code may be documented in another package's section (e.g. executions codes raised by the worker).
      const anywhere = allDocumented();
      const missing = raised.filter((code) => !anywhere.includes(code));
      const stale = rows.filter((code) => !raised.includes(code));
      if (missing.length > 0 || stale.length > 0) {
        throw new Error(
          `docs/errors.md, section "${heading}": ` +
            (missing.length > 0 ? `add a row (here or in the owning package's section) for ${missing.join(", ")} (raised in ${dirs.join(", ")}). ` : "") +
            (stale.length > 0 ? `remove the rows for ${stale.join(", ")} (no longer raised).` : ""),
        );
      }
    });
  }
});
