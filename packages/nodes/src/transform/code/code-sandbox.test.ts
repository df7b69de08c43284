import type { Item, RunCodeOptions } from "@bos/node-sdk";
import { SandboxPool, type ExecutionSandbox, type SandboxExecutionInfo } from "@bos/sandbox";
import type { WorkflowNode } from "@bos/workflow-schema";
import { jsonOf, runNodeForTest } from "../../testing/test-context";
import { sortNode } from "../sort/sort";
import { codeNode } from "./code";
import { functionNode } from "./function";
import { functionItemNode } from "./function-item";

/** Code nodes against the real isolated-vm sandbox: Start -> Seed -> Code. */

const node = (name: string, type: string): WorkflowNode => ({ name, type, typeVersion: 1, position: [0, 0], parameters: {} });

const info: SandboxExecutionInfo = {
  executionId: "exec-code-node",
  mode: "manual",
  workflow: { name: "code node test", active: false },
  nodes: [node("Start", "n8n-nodes-base.manualTrigger"), node("Seed", "n8n-nodes-base.code"), node("Code", "n8n-nodes-base.code")],
  connections: {
    Start: { main: [[{ node: "Seed", type: "main", index: 0 }]] },
    Seed: { main: [[{ node: "Code", type: "main", index: 0 }]] },
  },
  timezone: "UTC",
};

const seed: Item[] = [
  { json: { a: 1, name: "x" }, pairedItem: { item: 0 } },
  { json: { a: 2, name: "y" }, pairedItem: { item: 0 } },
  { json: { a: 3, name: "z" }, pairedItem: { item: 0 } },
];

let pool: SandboxPool;
let sandbox: ExecutionSandbox;

beforeAll(() => {
  pool = new SandboxPool({ poolSize: 1 });
});
afterAll(async () => {
  await pool.close();
});
beforeEach(async () => {
  sandbox = await pool.createExecutionSandbox(info);
  sandbox.recordNodeRun({ node: "Start", runIndex: 0, source: [null], outputs: [[{ json: {} }]] });
  sandbox.recordNodeRun({ node: "Seed", runIndex: 0, source: [{ previousNode: "Start" }], outputs: [seed] });
});
afterEach(() => sandbox.dispose());

function sandboxRunCode(items: Item[]) {
  return (options: RunCodeOptions) => sandbox.runCode({ node: "Code", runIndex: 0, inputs: [items], source: [{ previousNode: "Seed" }] }, options);
}

describe("Code node with the sandbox", () => {
  it("reads $input and $('Seed') and returns wrapped items (code-run-once-all-items Totals)", async () => {
    const jsCode =
      "const items = $input.all();\nconst first = $input.first().json;\nconst seed = $('Seed').all();\nconst sum = items.reduce((s, i) => s + i.json.a, 0);\n" +
      "return items.map((item, idx) => ({\n  json: { ...item.json, idx, share: item.json.a / sum, firstName: first.name, seedCount: seed.length },\n}));";
    const out = await runNodeForTest(codeNode, { items: seed, runCode: sandboxRunCode(seed), parameters: { jsCode } });
    expect(jsonOf(out)).toEqual([
      [
        { a: 1, name: "x", idx: 0, share: 0.16666666666666666, firstName: "x", seedCount: 3 },
        { a: 2, name: "y", idx: 1, share: 0.3333333333333333, firstName: "x", seedCount: 3 },
        { a: 3, name: "z", idx: 2, share: 0.5, firstName: "x", seedCount: 3 },
      ],
    ]);
  });

  it("keeps the links of returned input items, so a reversed list still pairs with its inputs", async () => {
    const out = await runNodeForTest(codeNode, { items: seed, runCode: sandboxRunCode(seed), parameters: { jsCode: "return $input.all().reverse();" } });
    expect(out[0]?.map((item) => item.pairedItem)).toEqual([{ item: 2 }, { item: 1 }, { item: 0 }]);
    expect(jsonOf(out)[0]?.map((json) => json.name)).toEqual(["z", "y", "x"]);
  });

  it("wraps a bare single-object return (code-run-once-all-items Summary)", async () => {
    const jsCode = "const all = $input.all();\nreturn [{ count: all.length, names: all.map(i => i.json.name).join('+'), last: $input.last().json.name, seedFirst: $('Seed').first().json.a }];";
    const out = await runNodeForTest(codeNode, { items: seed, runCode: sandboxRunCode(seed), parameters: { jsCode } });
    expect(jsonOf(out)).toEqual([[{ count: 3, names: "x+y+z", last: "z", seedFirst: 1 }]]);
  });

  it("turns a per-item throw into {error} with its line when continuing on fail (on-error-continue-outputs)", async () => {
    const items: Item[] = [{ json: { id: 1, v: 10 } }, { json: { id: 2, v: -5 } }, { json: { id: 3, v: 30 } }];
    const jsCode = "if ($json.v < 0) {\n  throw new Error('Bad record ' + $json.id);\n}\nreturn { json: { id: $json.id, root: Math.sqrt($json.v) } };";
    const out = await runNodeForTest(codeNode, { items, runCode: sandboxRunCode(items), onError: "continueRegularOutput", parameters: { mode: "runOnceForEachItem", jsCode } });
    expect(jsonOf(out)).toEqual([[{ id: 1, root: 3.1622776601683795 }, { error: "Bad record 2 [line 2]" }, { id: 3, root: 5.477225575051661 }]]);
  });

  it("fails the node with the line of a throw (code-throws-retry-on-fail)", async () => {
    const jsCode = "for (const item of $input.all()) {\n  if (item.json.a > 2) {\n    throw new Error('Too big ' + item.json.a);\n  }\n}\nreturn $input.all();";
    await expect(runNodeForTest(codeNode, { items: seed, runCode: sandboxRunCode(seed), parameters: { jsCode } })).rejects.toThrow("Too big 3 [line 3]");
  });

  it("reports a bad return value with n8n's message", async () => {
    await expect(runNodeForTest(codeNode, { items: seed, runCode: sandboxRunCode(seed), parameters: { jsCode: "return 42;" } })).rejects.toThrow(
      "Code doesn't return items properly",
    );
  });

  it("runs legacy Function code with items, and Function Item code with item as the json", async () => {
    const fn = await runNodeForTest(functionNode, {
      items: seed,
      runCode: sandboxRunCode(seed),
      parameters: { functionCode: "for (const item of items) {\n  item.json.double = item.json.a * 2;\n}\nreturn items;" },
    });
    expect(jsonOf(fn)[0]?.map((json) => json.double)).toEqual([2, 4, 6]);
    const fnItem = await runNodeForTest(functionItemNode, {
      items: seed,
      runCode: sandboxRunCode(seed),
      parameters: { functionCode: "item.upper = item.name.toUpperCase();\nreturn item;" },
    });
    expect(jsonOf(fnItem)[0]?.map((json) => json.upper)).toEqual(["X", "Y", "Z"]);
  });

  it("sorts with a comparator run in the sandbox, including n8n's default template", async () => {
    const items: Item[] = [{ json: { myField: 3 } }, { json: { myField: 1 } }, { json: { myField: 2 } }];
    const byCode = await runNodeForTest(sortNode, { items, runCode: sandboxRunCode(items), parameters: { type: "code", code: "return b.json.myField - a.json.myField;" } });
    expect(jsonOf(byCode)[0]?.map((json) => json.myField)).toEqual([3, 2, 1]);
    const byDefault = await runNodeForTest(sortNode, { items, runCode: sandboxRunCode(items), parameters: { type: "code" } });
    expect(jsonOf(byDefault)[0]?.map((json) => json.myField)).toEqual([1, 2, 3]);
  });
});
