import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Source files that ship (tests and fixtures run only in Node and may use node: modules). */
function shippedSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "__fixtures__" ? [] : shippedSources(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

describe("workflow-schema package boundaries", () => {
  const sources = shippedSources(__dirname);

  it("imports nothing but zod and its own files, so it runs in the browser", () => {
    for (const file of sources) {
      const text = readFileSync(file, "utf8");
      const specifiers = [...text.matchAll(/^(?:import|export)\s[^;]*?\bfrom\s+["']([^"']+)["'];$|^import\s+["']([^"']+)["'];$|\bimport\(\s*["']([^"']+)["']/gm)].map(
        (m) => (m[1] ?? m[2] ?? m[3]) as string,
      );
      const foreign = specifiers.filter((s) => s !== "zod" && !s.startsWith("./"));
      expect({ file, foreign }).toEqual({ file, foreign: [] });
      expect(text).not.toMatch(/\brequire\(|\bprocess\.|\bBuffer\b/);
    }
  });

  it("never evaluates code: no eval or Function constructor", () => {
    for (const file of sources) expect({ file, hit: /\beval\(|new Function\(/.test(readFileSync(file, "utf8")) }).toEqual({ file, hit: false });
  });

  it("has zod as its only runtime dependency", () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, "..", "package.json"), "utf8")) as { dependencies?: Record<string, string> };
    expect(Object.keys(manifest.dependencies ?? {})).toEqual(["zod"]);
  });
});
