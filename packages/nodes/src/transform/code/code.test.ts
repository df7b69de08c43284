import { CodeExecutionError, type RunCodeOptions, type RunCodeResult } from "@bos/node-sdk";
import { jsonOf, runNodeForTest } from "../../testing/test-context";
import { codeNode } from "./code";
import { functionNode } from "./function";
import { functionItemNode } from "./function-item";

/** A stand-in for the sandbox that returns a fixed result and records the call. */
function fixedRunCode(result: RunCodeResult | Error) {
  const calls: RunCodeOptions[] = [];
  const runCode = async (options: RunCodeOptions): Promise<RunCodeResult> => {
    calls.push(options);
    if (result instanceof Error) throw result;
    return result;
  };
  return { runCode, calls };
}

const all = (value: unknown): RunCodeResult => ({ mode: "runOnceForAllItems", value, logs: [] });
const each = (results: Array<{ value: unknown } | { error: { message: string; name: string; lineNumber?: number } }>): RunCodeResult => ({
  mode: "runOnceForEachItem",
  results,
  logs: [],
});

describe("Code node, run once for all items", () => {
  it("wraps bare objects into items (code-run-once-all-items Seed)", async () => {
    const { runCode, calls } = fixedRunCode(all([{ a: 1, name: "x" }, { a: 2, name: "y" }]));
    const out = await runNodeForTest(codeNode, { runCode, parameters: { jsCode: "return [...]" } });
    expect(jsonOf(out)).toEqual([[{ a: 1, name: "x" }, { a: 2, name: "y" }]]);
    expect(calls[0]).toEqual({ code: "return [...]", mode: "runOnceForAllItems" });
  });

  it("keeps {json, binary, pairedItem} items and their links", async () => {
    const binary = { data: { data: "aGk=", mimeType: "text/plain" } };
    const { runCode } = fixedRunCode(all([{ json: { n: 2 }, pairedItem: { item: 1 } }, { json: { n: 1 }, binary, pairedItem: { item: 0 } }]));
    const out = await runNodeForTest(codeNode, { runCode, items: [{ json: { n: 1 } }, { json: { n: 2 } }] });
    expect(out[0]).toEqual([
      { json: { n: 2 }, pairedItem: { item: 1 } },
      { json: { n: 1 }, binary, pairedItem: { item: 0 } },
    ]);
  });

  it("wraps a single returned object into one item", async () => {
    const { runCode } = fixedRunCode(all({ count: 3 }));
    expect(jsonOf(await runNodeForTest(codeNode, { runCode }))).toEqual([[{ count: 3 }]]);
    const wrapped = fixedRunCode(all({ json: { count: 3 } }));
    expect(jsonOf(await runNodeForTest(codeNode, { runCode: wrapped.runCode }))).toEqual([[{ count: 3 }]]);
  });

  it.each([
    [undefined, "Code doesn't return items properly"],
    [5, "Code doesn't return items properly"],
    [[1, 2], "Code doesn't return items properly"],
    [[{ json: 1 }], "A 'json' property isn't an object"],
    [[{ json: {}, extra: 1 }], "Invalid output format"],
    [[{ json: {} }, { a: 1 }], "Unknown top-level item key: a"],
    [[{ json: {}, binary: 5 }], "A 'binary' property isn't an object"],
  ])("rejects %p with %p", async (value, message) => {
    const { runCode } = fixedRunCode(all(value));
    await expect(runNodeForTest(codeNode, { runCode })).rejects.toThrow(message);
  });

  it("adds [line N] to a thrown error and fails the node (code-throws-retry-on-fail)", async () => {
    const { runCode } = fixedRunCode(new CodeExecutionError("Negative quantity for id 2", { lineNumber: 3 }));
    await expect(runNodeForTest(codeNode, { runCode })).rejects.toThrow("Negative quantity for id 2 [line 3]");
  });

  it("turns a failure into one {error} item when continuing on fail", async () => {
    const { runCode } = fixedRunCode(new CodeExecutionError("boom", { lineNumber: 1 }));
    const out = await runNodeForTest(codeNode, { runCode, onError: "continueRegularOutput" });
    expect(jsonOf(out)).toEqual([[{ error: "boom [line 1]" }]]);
  });

  it("refuses Python with a clear error", async () => {
    await expect(runNodeForTest(codeNode, { parameters: { language: "python", pythonCode: "return []" } })).rejects.toThrow(
      "The Code node's Python language is not supported by this engine",
    );
  });
});

describe("Code node, run once for each item", () => {
  const items = [{ json: { id: 1, v: 10 } }, { json: { id: 2, v: -5 } }, { json: { id: 3, v: 30 } }];
  const results = each([
    { value: { json: { id: 1, root: 3.1622776601683795 } } },
    { error: { message: "Bad record 2", name: "Error", lineNumber: 2 } },
    { value: { json: { id: 3, root: 5.477225575051661 } } },
  ]);

  it("puts {error} in place of a failing item when continuing on fail (on-error-continue-outputs)", async () => {
    const { runCode, calls } = fixedRunCode(results);
    const out = await runNodeForTest(codeNode, { runCode, items, onError: "continueRegularOutput", parameters: { mode: "runOnceForEachItem" } });
    expect(jsonOf(out)).toEqual([[{ id: 1, root: 3.1622776601683795 }, { error: "Bad record 2 [line 2]" }, { id: 3, root: 5.477225575051661 }]]);
    expect(out[0]?.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
    expect(calls[0]?.continueOnFail).toBe(true);
  });

  it("fails the node naming the line and the item otherwise", async () => {
    const { runCode } = fixedRunCode(results);
    await expect(runNodeForTest(codeNode, { runCode, items, parameters: { mode: "runOnceForEachItem" } })).rejects.toThrow(
      "Bad record 2 [line 2, for item 1]",
    );
  });

  it("wraps bare returns, drops empty returns and links each item to its input (code-run-once-each-item)", async () => {
    const { runCode } = fixedRunCode(each([{ value: { label: "item-0" } }, { value: undefined }, { value: { json: { label: "item-2" }, pairedItem: { item: 0 } } }]));
    const out = await runNodeForTest(codeNode, { runCode, items, parameters: { mode: "runOnceForEachItem" } });
    expect(out[0]).toEqual([
      { json: { label: "item-0" }, pairedItem: { item: 0 } },
      { json: { label: "item-2" }, pairedItem: { item: 2 } },
    ]);
  });

  it.each([
    ["text", "Code doesn't return an object"],
    [[{ a: 1 }], "Code doesn't return a single object"],
    [{ json: {}, other: 1 }, "Invalid output format"],
  ])("rejects a per-item result %p", async (value, message) => {
    const { runCode } = fixedRunCode(each([{ value }]));
    await expect(runNodeForTest(codeNode, { runCode, parameters: { mode: "runOnceForEachItem" } })).rejects.toThrow(message);
  });
});

describe("Function and Function Item (legacy)", () => {
  it("binds items on the first line and checks the returned items", async () => {
    const { runCode, calls } = fixedRunCode(all([{ json: { a: 1 } }]));
    const out = await runNodeForTest(functionNode, { runCode, parameters: { functionCode: "return items;" } });
    expect(jsonOf(out)).toEqual([[{ a: 1 }]]);
    expect(calls[0]?.code).toBe("var items = $input.all(); return items;");
    const bad = fixedRunCode(all(undefined));
    await expect(runNodeForTest(functionNode, { runCode: bad.runCode })).rejects.toThrow("No data got returned. Always return an Array of items!");
  });

  it("runs per item with item bound to the json and takes the returned json as is", async () => {
    const { runCode, calls } = fixedRunCode(each([{ value: { json: "kept as data", a: 1 } }]));
    const out = await runNodeForTest(functionItemNode, { runCode, parameters: { functionCode: "return item;" } });
    expect(out[0]).toEqual([{ json: { json: "kept as data", a: 1 }, pairedItem: { item: 0 } }]);
    expect(calls[0]).toMatchObject({ code: "var item = $input.item.json; return item;", mode: "runOnceForEachItem" });
  });
});
