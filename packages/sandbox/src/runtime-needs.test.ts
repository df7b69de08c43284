import { modulesOf, readsParameters } from "./runtime-needs";
import { SandboxPool } from "./sandbox-pool";
import type { EvaluationScope } from "./types";
import { chainInfo, recordChain, seedItems } from "./__fixtures__/workflow";

describe("modulesOf", () => {
  it("finds Luxon behind date variables, Luxon classes and date extension methods", () => {
    for (const text of ["={{ $now.toISO() }}", "={{ $today }}", "DateTime.fromISO(x)", "={{ $json.d.toDateTime().year }}", "={{ $json.d.format('yyyy') }}", "Duration.fromObject({})"]) {
      expect(modulesOf(text)).toContain("luxon");
    }
  });

  it("finds jmespath behind $jmespath and $jmesPath", () => {
    expect(modulesOf("={{ $jmespath($json, 'a') }}")).toEqual(["jmespath"]);
    expect(modulesOf("return $jmesPath(items, '[0]');")).toEqual(["jmespath"]);
  });

  it("needs nothing for plain data access", () => {
    expect(modulesOf("={{ $json.name + '!' }}")).toEqual([]);
    expect(modulesOf("for (const item of $input.all()) item.json.seen = true;\nreturn $input.all();")).toEqual([]);
  });

  it("knows which texts evaluate the node's own parameters", () => {
    expect(readsParameters("={{ $parameter.url }}")).toBe(true);
    expect(readsParameters("={{ $item(0).$parameter.x }}")).toBe(true);
    expect(readsParameters("={{ $json.x }}")).toBe(false);
  });
});

describe("optional modules in a context", () => {
  let pool: SandboxPool;
  beforeAll(() => {
    pool = new SandboxPool({ poolSize: 1 });
  });
  afterAll(async () => {
    await pool.close();
  });
  const scope: EvaluationScope = { node: "Code", runIndex: 0, inputs: [seedItems], source: [{ previousNode: "Seed" }], itemCount: 1 };

  it("repeats an expression that reached Luxon through a computed name, with Luxon loaded", async () => {
    const sandbox = await pool.createExecutionSandbox(chainInfo());
    recordChain(sandbox);
    try {
      const result = await sandbox.evaluate(scope, ["={{ globalThis['Date' + 'Time'].fromISO('2024-03-01T00:00:00Z', { zone: 'UTC' }).month }}", "={{ $json.name }}"]);
      expect(result.values.map((v) => v[0])).toEqual([3, "Ada"]);
      expect(result.errors[0]).toBeUndefined();
    } finally {
      sandbox.dispose();
    }
  });

  it("repeats Code that reached Luxon through computed names (a global, a Date method)", async () => {
    const sandbox = await pool.createExecutionSandbox(chainInfo());
    recordChain(sandbox);
    try {
      const code = [
        "const g = globalThis;",
        "const year = g['Date' + 'Time'].fromISO('2024-03-01T00:00:00Z').year;",
        "return [{ json: { year, date: new Date(Date.UTC(2024, 0, 2))['to' + 'DateTime']().toUTC().day } }];",
      ].join("\n");
      const result = await sandbox.runCode(scope, { code, mode: "runOnceForAllItems" });
      expect(result.mode === "runOnceForAllItems" ? result.value : undefined).toEqual([{ json: { year: 2024, date: 2 } }]);
    } finally {
      sandbox.dispose();
    }
  });

  it("gives every execution a context without the modules an earlier execution loaded", async () => {
    const first = await pool.createExecutionSandbox(chainInfo());
    recordChain(first);
    await first.evaluate(scope, ["={{ $now.year }}"]);
    first.dispose();
    await pool.warmUp();
    const second = await pool.createExecutionSandbox(chainInfo());
    recordChain(second);
    try {
      const result = await second.evaluate(scope, ["={{ Object.getOwnPropertyNames(globalThis).filter((n) => n.startsWith('__bos')).join(',') }}", "={{ $today.hour }}"]);
      expect(result.values.map((v) => v[0])).toEqual(["", 0]);
    } finally {
      second.dispose();
    }
  });
});
