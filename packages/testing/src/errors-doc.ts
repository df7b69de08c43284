import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

/** The repository root (packages/testing/src -> ../../..). */
const ROOT = resolve(__dirname, "../../..");

/** Every non-test `.ts` file under `dir` (a path from the repository root), recursively. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") ? [full] : [];
  });
}

/** The distinct error codes matching `pattern` (a global regex) in the sources under `dirs`, sorted. */
export function codesRaisedIn(dirs: readonly string[], pattern: RegExp): string[] {
  const text = dirs.flatMap((dir) => sourceFiles(join(ROOT, dir))).map((file) => readFileSync(file, "utf8")).join("\n");
  return [...new Set([...text.matchAll(pattern)].map((m) => m[0]))].sort();
}

/** The codes of the table rows (`| \`WF_...\` |`) in one section of docs/errors.md, sorted; throws when the section is missing. */
export function codesDocumentedUnder(heading: string): string[] {
  const docs = readFileSync(join(ROOT, "docs/errors.md"), "utf8");
  const start = docs.indexOf(heading);
  if (start < 0) throw new Error(`docs/errors.md has no section "${heading}"`);
  const rest = docs.slice(start + heading.length);
  const end = rest.search(/\n## /);
  const section = end < 0 ? rest : rest.slice(0, end);
  return [...section.matchAll(/^\| `(WF_[A-Z0-9_]+)` \|/gm)].map((m) => m[1] ?? "").sort();
}
