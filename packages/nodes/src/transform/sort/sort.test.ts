import type { RunCodeOptions, RunCodeResult } from "@bos/node-sdk";
import { jsonOf, runNodeForTest } from "../../testing/test-context";
import { limitNode } from "../limit/limit";
import { sortNode } from "./sort";

const seed = [
  { json: { name: "delta", group: "b", score: 7 } },
  { json: { name: "alpha", group: "a", score: 9 } },
  { json: { name: "echo", group: "b", score: 3 } },
  { json: { name: "charlie", group: "a", score: 9 } },
  { json: { name: "bravo", group: "c", score: 5 } },
];
const names = (items: Array<Array<Record<string, unknown>>>) => items[0]?.map((json) => json.name);

describe("Sort (sort-and-limit)", () => {
  it("sorts by one field ascending and links items to their input positions", async () => {
    const out = await runNodeForTest(sortNode, { items: seed, parameters: { sortFieldsUi: { sortField: [{ fieldName: "name" }] }, options: {} } });
    expect(names(jsonOf(out))).toEqual(["alpha", "bravo", "charlie", "delta", "echo"]);
    expect(out[0]?.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 4 }, { item: 3 }, { item: 0 }, { item: 2 }]);
  });

  it("sorts by a descending field, then an ascending one", async () => {
    const out = await runNodeForTest(sortNode, {
      items: seed,
      parameters: { sortFieldsUi: { sortField: [{ fieldName: "score", order: "descending" }, { fieldName: "name" }] } },
    });
    expect(names(jsonOf(out))).toEqual(["alpha", "charlie", "delta", "bravo", "echo"]);
  });

  it("ignores letter case and orders numbers, numeric strings and null as lodash does", async () => {
    const letters = await runNodeForTest(sortNode, {
      items: [{ json: { v: "b" } }, { json: { v: "A" } }, { json: { v: "c" } }],
      parameters: { sortFieldsUi: { sortField: [{ fieldName: "v" }] } },
    });
    expect(jsonOf(letters)[0]?.map((json) => json.v)).toEqual(["A", "b", "c"]);
    const mixed = await runNodeForTest(sortNode, {
      items: [{ json: { v: 10 } }, { json: { v: "9" } }, { json: { v: null } }, { json: { v: 2 } }],
      parameters: { sortFieldsUi: { sortField: [{ fieldName: "v" }] } },
    });
    expect(jsonOf(mixed)[0]?.map((json) => json.v)).toEqual([null, 2, "9", 10]);
  });

  it("fails when no item has the field", async () => {
    await expect(runNodeForTest(sortNode, { items: seed, parameters: { sortFieldsUi: { sortField: [{ fieldName: "nope" }] } } })).rejects.toThrow(
      "Couldn't find the field 'nope' in the input data",
    );
    await expect(runNodeForTest(sortNode, { items: seed, parameters: { sortFieldsUi: {} } })).rejects.toThrow("No sorting specified");
  });

  it("shuffles every item exactly once in random mode", async () => {
    const out = await runNodeForTest(sortNode, { items: seed, parameters: { type: "random" } });
    expect(names(jsonOf(out))?.sort()).toEqual(["alpha", "bravo", "charlie", "delta", "echo"]);
  });

  it("applies the order the sandbox computes from the comparator code", async () => {
    const calls: RunCodeOptions[] = [];
    const runCode = async (options: RunCodeOptions): Promise<RunCodeResult> => {
      calls.push(options);
      return { mode: "runOnceForAllItems", value: [4, 3, 2, 1, 0], logs: [] };
    };
    const out = await runNodeForTest(sortNode, { items: seed, runCode, parameters: { type: "code", code: "return b.json.score - a.json.score;" } });
    expect(names(jsonOf(out))).toEqual(["bravo", "charlie", "echo", "alpha", "delta"]);
    expect(calls[0]?.code).toContain("return b.json.score - a.json.score;");
    expect(calls[0]?.mode).toBe("runOnceForAllItems");
  });

  it("rejects comparator code without return, and a result that is not an ordering", async () => {
    await expect(runNodeForTest(sortNode, { items: seed, parameters: { type: "code", code: "a - b" } })).rejects.toThrow("Sort code doesn't return");
    const runCode = async (): Promise<RunCodeResult> => ({ mode: "runOnceForAllItems", value: [0, 0, 1, 2, 3], logs: [] });
    await expect(runNodeForTest(sortNode, { items: seed, runCode, parameters: { type: "code", code: "return 0" } })).rejects.toThrow(
      "The sort code did not produce an ordering of the input items",
    );
  });
});

describe("Limit (sort-and-limit)", () => {
  it("keeps the first or the last items", async () => {
    const first = await runNodeForTest(limitNode, { items: seed, parameters: { maxItems: 3 } });
    expect(names(jsonOf(first))).toEqual(["delta", "alpha", "echo"]);
    const last = await runNodeForTest(limitNode, { items: seed, parameters: { maxItems: 2, keep: "lastItems" } });
    expect(names(jsonOf(last))).toEqual(["charlie", "bravo"]);
    expect(last[0]?.map((item) => item.pairedItem)).toEqual([{ item: 3 }, { item: 4 }]);
    const all = await runNodeForTest(limitNode, { items: seed, parameters: { maxItems: 10 } });
    expect(all[0]).toHaveLength(5);
  });
});
