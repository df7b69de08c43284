import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** Keeps the credentials section of docs/errors.md in step with the codes @bos/credentials raises. */
const ROOT = join(__dirname, "../../..");
const HEADING = "## credentials (`WF_CREDENTIAL_*`)";

describe("docs/errors.md, credentials section", () => {
  it("documents exactly the WF_CREDENTIAL_* codes raised by packages/credentials", () => {
    const dir = join(ROOT, "packages/credentials/src");
    const text = readdirSync(dir)
      .filter((name) => name.endsWith(".ts") && !name.endsWith(".test.ts"))
      .map((name) => readFileSync(join(dir, name), "utf8"))
      .join("\n");
    const raised = [...new Set([...text.matchAll(/\bWF_CREDENTIAL(?:_[A-Z0-9]+)+\b/g)].map((m) => m[0]))].sort();
    const docs = readFileSync(join(ROOT, "docs/errors.md"), "utf8");
    const start = docs.indexOf(HEADING);
    expect(start).toBeGreaterThanOrEqual(0);
    const rest = docs.slice(start + HEADING.length);
    const end = rest.search(/\n## /);
    const section = end < 0 ? rest : rest.slice(0, end);
    const documented = [...section.matchAll(/^\| `(WF_[A-Z0-9_]+)` \|/gm)].map((m) => m[1] ?? "").sort();
    expect(raised.length).toBeGreaterThan(5);
    expect(documented).toEqual(raised);
  });
});
