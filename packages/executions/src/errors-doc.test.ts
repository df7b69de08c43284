import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** Keeps the executions section of docs/errors.md in step with the codes @bos/executions and @bos/queue raise. */
const ROOT = join(__dirname, "../../..");
const HEADING = "## executions (`WF_EXEC_*`, `WF_QUOTA_EXCEEDED`, `WF_QUEUE_*`)";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") ? [full] : [];
  });
}

describe("docs/errors.md, executions section", () => {
  it("documents exactly the WF_EXEC_*, WF_QUOTA_* and WF_QUEUE_* codes raised by packages/executions and packages/queue", () => {
    const text = ["packages/executions/src", "packages/queue/src"].flatMap((d) => sourceFiles(join(ROOT, d))).map((f) => readFileSync(f, "utf8")).join("\n");
    const raised = [...new Set([...text.matchAll(/\bWF_(?:EXEC|QUOTA|QUEUE)(?:_[A-Z0-9]+)+\b/g)].map((m) => m[0]))].sort();
    const docs = readFileSync(join(ROOT, "docs/errors.md"), "utf8");
    const start = docs.indexOf(HEADING);
    expect(start).toBeGreaterThanOrEqual(0);
    const rest = docs.slice(start + HEADING.length);
    const end = rest.search(/\n## /);
    const section = end < 0 ? rest : rest.slice(0, end);
    const documented = [...section.matchAll(/^\| `(WF_[A-Z0-9_]+)` \|/gm)].map((m) => m[1] ?? "").sort();
    expect(documented).toEqual(raised);
  });
});
