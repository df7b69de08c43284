import type { Item } from "@bos/node-sdk";
import { jsonOf, runNodeForTest } from "../../testing/test-context";
import { mergeV1Node } from "./merge-v1";
import { mergeV2Node } from "./merge-v2";

const items = (rows: Array<Record<string, unknown>>): Item[] => rows.map((json) => ({ json }));
const left = items([{ id: 1, a: "x" }, { id: 2, a: "y" }, { id: 3, a: "z" }]);
const right = items([{ id: 2, b: "B" }, { id: 3, a: "", b: "C" }]);

describe("Merge v2 / v2.1", () => {
  it("appends input 1 then input 2", async () => {
    const out = await runNodeForTest(mergeV2Node, { typeVersion: 2.1, inputs: [left, right] });
    expect(jsonOf(out)[0]).toHaveLength(5);
  });

  it("merges by fields like v3 (keepMatches, input 2 wins clashes)", async () => {
    const out = await runNodeForTest(mergeV2Node, {
      typeVersion: 2.1,
      parameters: { mode: "combine", combinationMode: "mergeByFields", mergeByFields: { values: [{ field1: "id", field2: "id" }] } },
      inputs: [left, right],
    });
    expect(jsonOf(out)[0]).toEqual([
      { id: 2, a: "y", b: "B" },
      { id: 3, a: "", b: "C" },
    ]);
  });

  it("v2.0 refuses a field to match that no item has", async () => {
    const run = runNodeForTest(mergeV2Node, {
      typeVersion: 2,
      parameters: { mode: "combine", mergeByFields: { values: [{ field1: "nope", field2: "id" }] } },
      inputs: [left, right],
    });
    await expect(run).rejects.toThrow("Field 'nope' is not present in any of items in 'Input 1'");
  });

  it("merges by position, passing unpaired items through as they are", async () => {
    const out = await runNodeForTest(mergeV2Node, {
      typeVersion: 2.1,
      parameters: { mode: "combine", combinationMode: "mergeByPosition", options: { includeUnpaired: true } },
      inputs: [left, right],
    });
    expect(jsonOf(out)[0]).toEqual([{ id: 2, a: "x", b: "B" }, { id: 3, a: "", b: "C" }, { id: 3, a: "z" }]);
  });

  it("multiplex with preferInput1 swaps the loops and keeps input 1's values", async () => {
    const out = await runNodeForTest(mergeV2Node, {
      typeVersion: 2.1,
      parameters: { mode: "combine", combinationMode: "multiplex", options: { clashHandling: { values: { resolveClash: "preferInput1" } } } },
      inputs: [items([{ k: "a1" }, { k: "a2" }]), items([{ k: "b1", n: 1 }])],
    });
    expect(jsonOf(out)[0]).toEqual([
      { k: "a1", n: 1 },
      { k: "a2", n: 1 },
    ]);
  });

  it("chooses input 2, or one empty item", async () => {
    expect(jsonOf(await runNodeForTest(mergeV2Node, { typeVersion: 2.1, parameters: { mode: "chooseBranch", output: "input2" }, inputs: [left, right] }))[0]).toHaveLength(2);
    expect(jsonOf(await runNodeForTest(mergeV2Node, { typeVersion: 2.1, parameters: { mode: "chooseBranch", output: "empty" }, inputs: [left, right] }))).toEqual([[{}]]);
  });
});

describe("Merge v1", () => {
  const run = (parameters: Record<string, unknown>) => runNodeForTest(mergeV1Node, { typeVersion: 1, parameters, inputs: [left, right] });

  it("keeps or removes input 1 items by key matches", async () => {
    expect(jsonOf(await run({ mode: "keepKeyMatches", propertyName1: "id", propertyName2: "id" }))[0]?.map((j) => j.id)).toEqual([2, 3]);
    expect(jsonOf(await run({ mode: "removeKeyMatches", propertyName1: "id", propertyName2: "id" }))[0]?.map((j) => j.id)).toEqual([1]);
  });

  it("merges by key with the overwrite policies", async () => {
    expect(jsonOf(await run({ mode: "mergeByKey", propertyName1: "id", propertyName2: "id" }))[0]).toEqual([{ id: 1, a: "x" }, { id: 2, a: "y", b: "B" }, { id: 3, a: "", b: "C" }]);
    expect(jsonOf(await run({ mode: "mergeByKey", propertyName1: "id", propertyName2: "id", overwrite: "undefined" }))[0]?.[2]).toEqual({ id: 3, a: "z", b: "C" });
    await expect(run({ mode: "mergeByKey" })).rejects.toThrow(/must be set/);
  });

  it("merges by index with inner, left and outer joins", async () => {
    expect(jsonOf(await run({ mode: "mergeByIndex", join: "inner" }))[0]).toHaveLength(2);
    expect(jsonOf(await run({ mode: "mergeByIndex" }))[0]).toEqual([{ id: 2, a: "x", b: "B" }, { id: 3, a: "", b: "C" }, { id: 3, a: "z" }]);
    expect(jsonOf(await runNodeForTest(mergeV1Node, { typeVersion: 1, parameters: { mode: "mergeByIndex", join: "outer" }, inputs: [right, left] }))[0]).toHaveLength(3);
  });

  it("multiplexes, passes one input through, and waits", async () => {
    expect(jsonOf(await run({ mode: "multiplex" }))[0]).toHaveLength(6);
    expect(jsonOf(await run({ mode: "passThrough", output: "input2" }))[0]).toEqual(right.map((i) => i.json));
    expect(jsonOf(await run({ mode: "wait" }))).toEqual([[{}]]);
  });
});
