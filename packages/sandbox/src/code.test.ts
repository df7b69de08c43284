import { CodeExecutionError, type Item } from "@bos/node-sdk";
import { SandboxPool } from "./sandbox-pool";
import type { EvaluationScope, ExecutionSandbox } from "./types";
import { chainInfo, recordChain, seedItems } from "./__fixtures__/workflow";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ASYNC_NEEDED, MAY_WAIT_RE } from "./execution-sandbox";

let pool: SandboxPool;
let sandbox: ExecutionSandbox;

beforeAll(() => {
  pool = new SandboxPool({ poolSize: 1 });
});
afterAll(async () => {
  await pool.close();
});
beforeEach(async () => {
  sandbox = await pool.createExecutionSandbox(chainInfo());
  recordChain(sandbox);
});
afterEach(() => sandbox.dispose());

const codeScope = (items = seedItems): EvaluationScope => ({ node: "Code", runIndex: 0, inputs: [items], source: [{ previousNode: "Seed" }] });

async function runAll(code: string, scope = codeScope()) {
  const result = await sandbox.runCode(scope, { code, mode: "runOnceForAllItems" });
  if (result.mode !== "runOnceForAllItems") throw new Error("wrong mode");
  return result;
}

async function runEach(code: string, scope = codeScope(), continueOnFail = false) {
  const result = await sandbox.runCode(scope, { code, mode: "runOnceForEachItem", continueOnFail });
  if (result.mode !== "runOnceForEachItem") throw new Error("wrong mode");
  return result;
}

describe("Code node: run once for all items", () => {
  it("sees $input, items and other nodes, and returns what the code returns", async () => {
    const { value } = await runAll(
      "const items = $input.all();\nconst sum = items.reduce((s, i) => s + i.json.score, 0);\n" +
        "return items.map((item, idx) => ({ json: { ...item.json, idx, share: item.json.score / sum, first: $input.first().json.name, seed: $('Seed').all().length } }));",
    );
    expect(value).toEqual([
      { json: { id: "a", name: "Ada", score: 72, idx: 0, share: 72 / 207, first: "Ada", seed: 3 } },
      { json: { id: "b", name: "Bob", score: 95, idx: 1, share: 95 / 207, first: "Ada", seed: 3 } },
      { json: { id: "c", name: "Cy", score: 40, idx: 2, share: 40 / 207, first: "Ada", seed: 3 } },
    ]);
  });

  it("returns in-place mutations of $input.all() without changing the recorded items", async () => {
    const { value } = await runAll("for (const item of $input.all()) { item.json.touched = true; }\nreturn $input.all();");
    expect((value as Array<{ json: { touched: boolean } }>).every((i) => i.json.touched)).toBe(true);
    expect(seedItems[0]?.json).toEqual({ id: "a", name: "Ada", score: 72 });
    const again = await runAll("return [{ json: { touched: $('Seed').first().json.touched ?? null, items: items.length } }];");
    expect(again.value).toEqual([{ json: { touched: null, items: 3 } }]);
  });

  it("gives input items pairedItem at their own position, so returned input items stay linked", async () => {
    const { value } = await runAll("return $input.all().reverse();");
    const items = value as Item[];
    expect(items.map((i) => i.pairedItem)).toEqual([{ item: 2 }, { item: 1 }, { item: 0 }]);
    sandbox.recordNodeRun({ node: "Code", runIndex: 0, source: [{ previousNode: "Seed" }], outputs: [items] });
    const downstream = await sandbox.evaluate({ node: "Island", runIndex: 0, inputs: [items], source: [{ previousNode: "Code" }] }, ["={{ $('Seed').item.json.name }}"]);
    expect(downstream.values[0]).toEqual(["Cy", "Bob", "Ada"]);
  });

  it("supports async code and await", async () => {
    const { value } = await runAll("const wait = (v) => new Promise((r) => r(v));\nconst x = await wait(21);\nreturn [{ json: { x: x * 2 } }];");
    expect(value).toEqual([{ json: { x: 42 } }]);
  });

  it("runs timers in virtual time, in due order, without real waiting", async () => {
    const { value } = await runAll(
      [
        "const order = [];",
        "setTimeout(() => order.push('b'), 20);",
        "setTimeout(() => order.push('a'), 10);",
        "let ticks = 0;",
        "const id = setInterval(() => { ticks++; if (ticks === 3) clearInterval(id); }, 5);",
        "await new Promise((resolve) => setTimeout(resolve, 60_000));",
        "return [{ json: { order, ticks } }];",
      ].join("\n"),
    );
    expect(value).toEqual([{ json: { order: ["a", "b"], ticks: 3 } }]);
  });

  it("captures console output in the logs", async () => {
    const { logs } = await runAll("console.log('count', $input.all().length, { a: 1 });\nconsole.warn('careful');\nreturn [];");
    expect(logs).toEqual([
      { level: "log", args: ["count", 3, { a: 1 }] },
      { level: "warn", args: ["careful"] },
    ]);
  });

  it("fails with CodeExecutionError carrying the user's line number", async () => {
    const error = await runAll("const a = 1;\n\nthrow new Error('boom');").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodeExecutionError);
    expect(error).toMatchObject({ message: "boom", lineNumber: 3, code: "WF_CODE_EXECUTION" });
    const typeError = await runAll("const x = null;\nreturn x.y;").catch((e: unknown) => e);
    expect(typeError).toMatchObject({ message: "Cannot read properties of null (reading 'y')", lineNumber: 2 });
  });

  it("reports a line number for errors thrown in async code after an await", async () => {
    const error = await runAll("await null;\nawait null;\nundefinedFunction();").catch((e: unknown) => e);
    expect(error).toMatchObject({ message: "undefinedFunction is not defined", lineNumber: 3 });
  });

  it("fails on a syntax error, with its line number", async () => {
    const error = await runAll("const a = 1;\n\nreturn {;").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodeExecutionError);
    expect((error as Error).message).toMatch(/Unexpected token/);
    expect(error).toMatchObject({ lineNumber: 3 });
  });

  it("waits for a thenable returned by code that runs as a plain function (no await or then in its text)", async () => {
    const { value } = await runAll("const t = {};\nt['th' + 'en'] = (resolve) => resolve([{ json: { late: true } }]);\nreturn t;");
    expect(value).toEqual([{ json: { late: true } }]);
    const error = await runAll("const t = {};\nt['th' + 'en'] = (resolve, reject) => reject(new Error('late boom'));\nreturn t;").catch((e: unknown) => e);
    expect(error).toMatchObject({ message: "late boom", code: "WF_CODE_EXECUTION" });
  });

  it("forbids .item in this mode but allows itemMatching", async () => {
    const error = await runAll("return [{ json: $('Seed').item.json }];").catch((e: unknown) => e);
    expect(error).toMatchObject({ message: "Can't use .item here" });
    const { value } = await runAll("return [{ json: $('Seed').itemMatching(1).json }];");
    expect(value).toEqual([{ json: { id: "b", name: "Bob", score: 95 } }]);
  });
});

describe("Code node: run once for each item", () => {
  it("runs per item with $json, $input.item, $itemIndex, item and $('X').item, in one call", async () => {
    const { results } = await runEach("return { json: { v: $json.score, idx: $itemIndex, same: $input.item.json.id === item.json.id, seed: $('Seed').item.json.name } };");
    expect(results).toEqual([
      { value: { json: { v: 72, idx: 0, same: true, seed: "Ada" } } },
      { value: { json: { v: 95, idx: 1, same: true, seed: "Bob" } } },
      { value: { json: { v: 40, idx: 2, same: true, seed: "Cy" } } },
    ]);
  });

  it("returns bare objects and in-place modified items as they are", async () => {
    const { results } = await runEach("$input.item.json.extra = $json.score + 1;\nreturn $input.item;");
    expect(results.map((r) => ("value" in r ? (r.value as { json: { extra: number } }).json.extra : null))).toEqual([73, 96, 41]);
    expect(seedItems[1]?.json).toEqual({ id: "b", name: "Bob", score: 95 });
  });

  it("stops at the first failing item, with its line number", async () => {
    const { results } = await runEach("if ($itemIndex === 1) {\n  throw new Error('bad item');\n}\nreturn { json: {} };");
    expect(results).toHaveLength(2);
    expect(results[1]).toMatchObject({ error: { message: "bad item", lineNumber: 2 } });
  });

  it("keeps going past failing items with continueOnFail", async () => {
    const { results } = await runEach("if ($itemIndex === 1) throw new Error('bad item');\nreturn { json: { i: $itemIndex } };", codeScope(), true);
    expect(results).toHaveLength(3);
    expect(results[2]).toEqual({ value: { json: { i: 2 } } });
    expect("error" in (results[1] ?? {})).toBe(true);
  });

  it("mixes plain results and thenables across items, in item order", async () => {
    const code = "if ($itemIndex === 1) {\n  const t = {};\n  t['th' + 'en'] = (resolve) => resolve({ json: { i: 1, late: true } });\n  return t;\n}\nreturn { json: { i: $itemIndex } };";
    const { results } = await runEach(code);
    expect(results).toEqual([{ value: { json: { i: 0 } } }, { value: { json: { i: 1, late: true } } }, { value: { json: { i: 2 } } }]);
  });

  it("gives undefined for an item whose code returns nothing", async () => {
    const { results } = await runEach("if ($itemIndex === 0) return;\nreturn { json: {} };");
    expect(results[0]).toEqual({ value: undefined });
  });
});

describe("host and runtime agree on code that may wait", () => {
  it("uses the same MAY_WAIT_RE and 'needs async' answer on both sides of the crossing", () => {
    const runtime = readFileSync(join(__dirname, "runtime/expression-runtime.isojs"), "utf8");
    expect(runtime).toContain(`const MAY_WAIT_RE = ${String(MAY_WAIT_RE)};`);
    expect(runtime).toContain(`const ASYNC_NEEDED = ${JSON.stringify(ASYNC_NEEDED)};`);
  });
});
