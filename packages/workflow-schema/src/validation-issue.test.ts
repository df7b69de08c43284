import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ISSUE_CODES, severityFor, type IssueCode } from "./validation-issue";

/** The `WF_SCHEMA_*` rows of docs/errors.md: code and level. */
function documentedCodes(): Map<string, string> {
  const text = readFileSync(join(__dirname, "../../../docs/errors.md"), "utf8");
  const rows = new Map<string, string>();
  for (const match of text.matchAll(/^\| `(WF_SCHEMA_[A-Z_]+)` \| (\w+) \|/gm)) rows.set(match[1] as string, match[2] as string);
  return rows;
}

describe("issue codes", () => {
  it("are documented in docs/errors.md with their level, and nothing else is", () => {
    const documented = documentedCodes();
    const registered = new Map(Object.entries(ISSUE_CODES).map(([code, { level }]) => [code, level as string]));
    expect([...documented.entries()].sort()).toEqual([...registered.entries()].sort());
  });

  it("all start with WF_SCHEMA_", () => {
    for (const code of Object.keys(ISSUE_CODES)) expect(code).toMatch(/^WF_SCHEMA_[A-Z_]+$/);
  });

  it("get their severity from level and purpose", () => {
    const code: IssueCode = "WF_SCHEMA_CYCLE";
    expect([severityFor(code, "import"), severityFor(code, "save"), severityFor(code, "run"), severityFor(code, "publish")]).toEqual(["warning", "warning", "error", "error"]);
    expect(severityFor("WF_SCHEMA_NODE_NAME_DUPLICATE", "import")).toBe("error");
    expect(severityFor("WF_SCHEMA_NODE_ID_MISSING", "publish")).toBe("warning");
  });
});
