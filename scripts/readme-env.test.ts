import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";

/** README.md, "Environment", must list every variable an app's config schema reads. */
const ROOT = resolve(__dirname, "..");

function configVariables(): Array<{ app: string; name: string }> {
  return readdirSync(join(ROOT, "apps"))
    .map((app) => ({ app, file: join(ROOT, "apps", app, "src/config.ts") }))
    // the variables every app shares (spread into each schema from @bos/service-kit)
    .concat([{ app: "(every app: packages/service-kit)", file: join(ROOT, "packages/service-kit/src/service-env.ts") }])
    .filter(({ file }) => existsSync(file))
    .flatMap(({ app, file }) =>
      [...readFileSync(file, "utf8").matchAll(/^\s+([A-Z][A-Z0-9_]+): (?:z\.|portVar|urlVar|positiveIntVar|logLevelVar)/gm)].map((m) => ({
        app,
        name: m[1] ?? "",
      })),
    );
}

describe("README.md", () => {
  it("documents every environment variable of every app", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const variables = configVariables();
    expect(variables.length).toBeGreaterThan(10);
    const missing = variables.filter(({ name }) => !readme.includes(`\`${name}\``)).map(({ app, name }) => `${name} (${app.startsWith("(") ? app : `apps/${app}`})`);
    if (missing.length > 0) throw new Error(`add to the README's Environment table: ${missing.join(", ")}`);
  });
});
