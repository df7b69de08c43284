import { readFileSync } from "node:fs";
import { join } from "node:path";
import { codesDocumentedUnder, codesRaisedIn } from "@bos/testing";

/**
 * Keeps docs/errors.md in step with the codes the foundation raises: every `WF_*` literal in the source of
 * db, service-kit, the three apps and the worker library (packages/executor) has a row (in its section, or
 * in the section of the package that owns the code), and every row of these sections is still raised.
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

/** A stable error code: WF_ and at least two more parts, or WF_INTERNAL. */
const CODE = /\bWF_[A-Z0-9]+(?:_[A-Z0-9]+)+\b|\bWF_INTERNAL\b/g;

/** Every code with a row anywhere in docs/errors.md. */
function allDocumented(): string[] {
  const docs = readFileSync(join(ROOT, "docs/errors.md"), "utf8");
  return [...docs.matchAll(/^\| `(WF_[A-Z0-9_]+)` \|/gm)].map((m) => m[1] ?? "");
}

describe("docs/errors.md", () => {
  for (const { heading, dirs } of SECTIONS) {
    it(`documents exactly the codes raised under ${dirs.join(", ")}`, () => {
      const raised = codesRaisedIn(dirs, CODE);
      const rows = codesDocumentedUnder(heading);
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
