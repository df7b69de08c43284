import type { Item } from "@bos/node-sdk";
import { jsonOf, runNodeForTest } from "../../testing/test-context";
import { mergeInputCount, mergeNode, mergeRequiredInputs } from "./merge";
import { deepMerge, fuzzyEqual, readPath } from "./merge-objects";

const items = (rows: Array<Record<string, unknown>>): Item[] => rows.map((json) => ({ json }));

const customers = [
  { id: 1, name: "Ada" },
  { id: 2, name: "Bob" },
  { id: 3, name: "Cy" },
];
const orders = [
  { orderId: "o1", id: 1, total: 10 },
  { orderId: "o2", id: 3, total: 5 },
  { orderId: "o3", id: 1, total: 7 },
  { orderId: "o4", id: 9, total: 1 },
];

describe("Merge v3: append", () => {
  it("concatenates three inputs in input order (case merge-append-three-inputs)", async () => {
    const out = await runNodeForTest(mergeNode, {
      typeVersion: 3,
      parameters: { numberInputs: 3 },
      inputs: [items([{ src: "A", i: 1 }, { src: "A", i: 2 }]), items([{ src: "B", i: 1 }]), items([1, 2, 3].map((i) => ({ src: "C", i })))],
    });
    expect(jsonOf(out)).toEqual([[{ src: "A", i: 1 }, { src: "A", i: 2 }, { src: "B", i: 1 }, { src: "C", i: 1 }, { src: "C", i: 2 }, { src: "C", i: 3 }]]);
    expect(out[0]?.[2]?.pairedItem).toEqual({ item: 0, input: 1 });
  });

  it("runs with one input missing (case merge-after-if-one-branch)", async () => {
    const ok = [1, 2, 3].map((id) => ({ id, ok: true, mark: "ok" }));
    const out = await runNodeForTest(mergeNode, { inputs: [items(ok)] });
    expect(jsonOf(out)).toEqual([ok]);
  });
});

describe("Merge v3: combine by matching fields", () => {
  it("keepMatches outputs one item per match, in input 1 order (case merge-combine-by-fields-inner-enrich)", async () => {
    const out = await runNodeForTest(mergeNode, {
      parameters: { mode: "combine", fieldsToMatchString: "id", joinMode: "keepMatches", options: {} },
      inputs: [items(customers), items(orders)],
    });
    expect(jsonOf(out)).toEqual([
      [
        { id: 1, name: "Ada", orderId: "o1", total: 10 },
        { id: 1, name: "Ada", orderId: "o3", total: 7 },
        { id: 3, name: "Cy", orderId: "o2", total: 5 },
      ],
    ]);
    expect(out[0]?.[1]?.pairedItem).toEqual([{ item: 0 }, { item: 2, input: 1 }]);
  });

  it("enrichInput1 puts unmatched input 1 items after the matches (case merge-combine-by-fields-inner-enrich)", async () => {
    const out = await runNodeForTest(mergeNode, {
      parameters: { mode: "combine", fieldsToMatchString: "id", joinMode: "enrichInput1", options: {} },
      inputs: [items(customers), items(orders)],
    });
    expect(jsonOf(out)[0]).toEqual([
      { id: 1, name: "Ada", orderId: "o1", total: 10 },
      { id: 1, name: "Ada", orderId: "o3", total: 7 },
      { id: 3, name: "Cy", orderId: "o2", total: 5 },
      { id: 2, name: "Bob" },
    ]);
  });

  it("keepEverything with differently named fields prefers input 2 on clashes (case merge-combine-by-fields-outer)", async () => {
    const out = await runNodeForTest(mergeNode, {
      typeVersion: 3.1,
      parameters: { mode: "combine", advanced: true, mergeByFields: { values: [{ field1: "userId", field2: "uid" }] }, joinMode: "keepEverything", options: {} },
      inputs: [
        items([
          { userId: "u1", name: "Ann", plan: "free" },
          { userId: "u2", name: "Bo", plan: "pro" },
          { userId: "u3", name: "Cat", plan: "free" },
        ]),
        items([
          { uid: "u2", lastLogin: "2024-01-02", plan: "team" },
          { uid: "u4", lastLogin: "2024-02-03" },
          { uid: "u1", lastLogin: "2024-03-04" },
        ]),
      ],
    });
    expect(jsonOf(out)[0]).toEqual([
      { userId: "u1", name: "Ann", plan: "free", uid: "u1", lastLogin: "2024-03-04" },
      { userId: "u2", name: "Bo", plan: "team", uid: "u2", lastLogin: "2024-01-02" },
      { userId: "u3", name: "Cat", plan: "free" },
      { uid: "u4", lastLogin: "2024-02-03" },
    ]);
  });

  it("keepNonMatches marks the source of each unmatched item", async () => {
    const out = await runNodeForTest(mergeNode, {
      parameters: { mode: "combine", fieldsToMatchString: "id", joinMode: "keepNonMatches", options: {} },
      inputs: [items(customers), items(orders)],
    });
    expect(jsonOf(out)[0]).toEqual([
      { id: 2, name: "Bob", _source: "input1" },
      { orderId: "o4", id: 9, total: 1, _source: "input2" },
    ]);
  });

  it("outputDataFrom input1 / input2 returns the matched items of one side", async () => {
    const base = { mode: "combine", fieldsToMatchString: "id", joinMode: "keepMatches" };
    const from1 = await runNodeForTest(mergeNode, { parameters: { ...base, outputDataFrom: "input1" }, inputs: [items(customers), items(orders)] });
    expect(jsonOf(from1)[0]).toEqual([customers[0], customers[2]]);
    const from2 = await runNodeForTest(mergeNode, { parameters: { ...base, outputDataFrom: "input2" }, inputs: [items(customers), items(orders)] });
    expect(jsonOf(from2)[0]).toEqual([orders[0], orders[1], orders[2]]);
  });

  it("multipleMatches first keeps only the first match", async () => {
    const out = await runNodeForTest(mergeNode, {
      parameters: { mode: "combine", fieldsToMatchString: "id", joinMode: "enrichInput1", options: { multipleMatches: "first" } },
      inputs: [items(customers), items(orders)],
    });
    expect(jsonOf(out)[0]).toHaveLength(3);
  });

  it("enrichInput2 keeps input 1's value on clashes and appends unmatched input 2 items", async () => {
    const out = await runNodeForTest(mergeNode, {
      parameters: { mode: "combine", fieldsToMatchString: "k", joinMode: "enrichInput2" },
      inputs: [items([{ k: 1, v: "one" }]), items([{ k: 1, v: "uno" }, { k: 2, v: "dos" }])],
    });
    expect(jsonOf(out)[0]).toEqual([{ k: 1, v: "one" }, { k: 2, v: "dos" }]);
  });

  it("clash handling: addSuffix renames keys, preferInput1 keeps input 1's values", async () => {
    const inputs = [items([{ k: 1, v: "a" }]), items([{ k: 1, v: "b" }])];
    const suffixed = await runNodeForTest(mergeNode, {
      parameters: { mode: "combine", fieldsToMatchString: "k", joinMode: "keepMatches", options: { clashHandling: { values: { resolveClash: "addSuffix" } } } },
      inputs,
    });
    expect(jsonOf(suffixed)[0]).toEqual([{ k_1: 1, v_1: "a", k_2: 1, v_2: "b" }]);
    const first = await runNodeForTest(mergeNode, {
      parameters: { mode: "combine", fieldsToMatchString: "k", joinMode: "keepMatches", options: { clashHandling: { values: { resolveClash: "preferInput1" } } } },
      inputs,
    });
    expect(jsonOf(first)[0]).toEqual([{ k: 1, v: "a" }]);
  });

  it("fuzzyCompare matches 3 with '3'; dot notation reads nested fields unless disabled", async () => {
    const fuzzy = await runNodeForTest(mergeNode, {
      parameters: { mode: "combine", fieldsToMatchString: "id", joinMode: "keepMatches", options: { fuzzyCompare: true } },
      inputs: [items([{ id: 3, a: 1 }]), items([{ id: "3", b: 2 }])],
    });
    expect(jsonOf(fuzzy)[0]).toEqual([{ id: "3", a: 1, b: 2 }]);
    const nested = await runNodeForTest(mergeNode, {
      parameters: { mode: "combine", fieldsToMatchString: "user.id", joinMode: "keepMatches" },
      inputs: [items([{ user: { id: 1 }, a: 1 }]), items([{ user: { id: 1 }, b: 2 }])],
    });
    expect(jsonOf(nested)[0]).toEqual([{ user: { id: 1 }, a: 1, b: 2 }]);
    const flat = await runNodeForTest(mergeNode, {
      parameters: { mode: "combine", fieldsToMatchString: "user.id", joinMode: "keepMatches", options: { disableDotNotation: true } },
      inputs: [items([{ "user.id": 1, a: 1 }]), items([{ "user.id": 1, b: 2 }])],
    });
    expect(jsonOf(flat)[0]).toEqual([{ "user.id": 1, a: 1, b: 2 }]);
  });

  it("refuses an empty Fields to Match", async () => {
    await expect(runNodeForTest(mergeNode, { parameters: { mode: "combine", fieldsToMatchString: "" }, inputs: [items(customers), items(orders)] })).rejects.toThrow(
      'You need to define at least one pair of fields in "Fields to Match" to match on',
    );
  });

  it("with one input empty: keepMatches gives nothing, keepEverything gives the other input", async () => {
    const none = await runNodeForTest(mergeNode, { parameters: { mode: "combine", fieldsToMatchString: "id" }, inputs: [items(customers), []] });
    expect(jsonOf(none)).toEqual([[]]);
    const all = await runNodeForTest(mergeNode, { parameters: { mode: "combine", fieldsToMatchString: "id", joinMode: "keepEverything" }, inputs: [[], items(orders)] });
    expect(jsonOf(all)[0]).toEqual(orders);
  });
});

describe("Merge v3: combine by position and all combinations", () => {
  const letters = items(["a", "b", "c"].map((l) => ({ l, src: "L" })));
  const numbers = items([1, 2].map((n) => ({ n, src: "N" })));

  it("zips with and without unpaired items; input 2 wins clashes (case merge-combine-by-position-and-all)", async () => {
    const unpaired = await runNodeForTest(mergeNode, { parameters: { mode: "combine", combineBy: "combineByPosition", options: { includeUnpaired: true } }, inputs: [letters, numbers] });
    expect(jsonOf(unpaired)[0]).toEqual([{ l: "a", src: "N", n: 1 }, { l: "b", src: "N", n: 2 }, { l: "c", src: "L" }]);
    const paired = await runNodeForTest(mergeNode, { parameters: { mode: "combine", combineBy: "combineByPosition", options: {} }, inputs: [letters, numbers] });
    expect(jsonOf(paired)[0]).toEqual([{ l: "a", src: "N", n: 1 }, { l: "b", src: "N", n: 2 }]);
    expect(paired[0]?.[1]?.pairedItem).toEqual([{ item: 1 }, { item: 1, input: 1 }]);
  });

  it("prefers a chosen input, or suffixes keys with the input number", async () => {
    const preferFirst = await runNodeForTest(mergeNode, {
      parameters: { mode: "combine", combineBy: "combineByPosition", options: { clashHandling: { values: { resolveClash: "preferInput1" } } } },
      inputs: [letters, numbers],
    });
    expect(jsonOf(preferFirst)[0]?.[0]).toEqual({ l: "a", src: "L", n: 1 });
    const suffixed = await runNodeForTest(mergeNode, {
      parameters: { mode: "combine", combineBy: "combineByPosition", numberInputs: 3, options: { clashHandling: { values: { resolveClash: "addSuffix" } } } },
      inputs: [letters, numbers, items([{ z: true }])],
    });
    expect(jsonOf(suffixed)[0]).toEqual([{ l_1: "a", src_1: "L", n_2: 1, src_2: "N", z_3: true }]);
  });

  it("combineAll makes every pairing, input 1 outer (case merge-combine-by-position-and-all)", async () => {
    const out = await runNodeForTest(mergeNode, { parameters: { mode: "combine", combineBy: "combineAll", options: {} }, inputs: [letters, numbers] });
    expect(jsonOf(out)[0]).toEqual([
      { l: "a", src: "N", n: 1 },
      { l: "a", src: "N", n: 2 },
      { l: "b", src: "N", n: 1 },
      { l: "b", src: "N", n: 2 },
      { l: "c", src: "N", n: 1 },
      { l: "c", src: "N", n: 2 },
    ]);
  });
});

describe("Merge v3: choose branch", () => {
  const left = items([{ side: "left", k: 1 }, { side: "left", k: 2 }]);
  const right = items([10, 20, 30].map((k) => ({ side: "right", k })));

  it("outputs the chosen input's items, or one empty item (case merge-choose-branch)", async () => {
    const second = await runNodeForTest(mergeNode, { typeVersion: 3.1, parameters: { mode: "chooseBranch", useDataOfInput: 2 }, inputs: [left, right] });
    expect(jsonOf(second)).toEqual([jsonOf([right])[0]]);
    const empty = await runNodeForTest(mergeNode, { typeVersion: 3.1, parameters: { mode: "chooseBranch", output: "empty" }, inputs: [left, right] });
    expect(jsonOf(empty)).toEqual([[{}]]);
    expect(empty[0]?.[0]?.pairedItem).toHaveLength(5);
  });

  it("refuses an input that does not exist", async () => {
    await expect(runNodeForTest(mergeNode, { parameters: { mode: "chooseBranch", useDataOfInput: 3 }, inputs: [left, right] })).rejects.toThrow("Input 3 doesn't exist");
  });

  it("requires both inputs in chooseBranch mode, one otherwise", () => {
    expect(mergeRequiredInputs({ mode: "chooseBranch" })).toEqual([0, 1]);
    expect(mergeRequiredInputs({})).toBe(1);
    expect(mergeInputCount({ numberInputs: 3 })).toBe(3);
    expect(mergeInputCount({ mode: "combine", numberInputs: 3 })).toBe(2);
    expect(mergeInputCount({ mode: "combine", combineBy: "combineByPosition", numberInputs: 4 })).toBe(4);
  });

  it("refuses SQL mode with a clear error", async () => {
    await expect(runNodeForTest(mergeNode, { parameters: { mode: "combineBySql" }, inputs: [left, right] })).rejects.toThrow(/SQL Query' mode is not supported/);
  });
});

describe("merge object helpers", () => {
  it("deep merges nested objects and arrays index by index, later sources winning", () => {
    expect(deepMerge([{ a: { x: 1, y: [1, 2] } }, { a: { y: [9] }, b: 2 }])).toEqual({ a: { x: 1, y: [9, 2] }, b: 2 });
  });

  it("skips empty values when minimizing empty fields", () => {
    expect(deepMerge([{ a: "x" }, { a: "" }], true)).toEqual({ a: "x" });
  });

  it("ignores prototype keys", () => {
    const evil = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    deepMerge([{}, evil]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("reads dotted and indexed paths", () => {
    expect(readPath({ a: { b: [{ c: 5 }] } }, "a.b[0].c")).toBe(5);
    expect(readPath({ "a.b": 1 }, "a.b", false)).toBe(1);
  });

  it("fuzzy equality", () => {
    expect(fuzzyEqual(3, "3")).toBe(true);
    expect(fuzzyEqual(null, undefined)).toBe(true);
    expect(fuzzyEqual({ a: 1 }, { a: 1 })).toBe(true);
    expect(fuzzyEqual(1, 2)).toBe(false);
  });
});
