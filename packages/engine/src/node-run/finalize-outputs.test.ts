import type { Item } from "@bos/node-sdk";
import { applyAlwaysOutputData, autoFillPairedItems, checkNodeResult, isErrorItem, routeErrorItems } from "./finalize-outputs";

const items = (...jsons: Array<Record<string, unknown>>): Item[] => jsons.map((json) => ({ json }));

describe("autoFillPairedItems", () => {
  it("pairs item i with input i when counts match", () => {
    const out = autoFillPairedItems([items({ a: 1 }, { a: 2 })], [items({}, {})]);
    expect(out[0]?.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
  });

  it("pairs every output item with the single input item", () => {
    expect(autoFillPairedItems([items({}, {}, {})], [items({})])[0]?.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 0 }]);
  });

  it("pairs one output item with all N input items", () => {
    expect(autoFillPairedItems([items({})], [items({}, {}, {})])[0]?.[0]?.pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
  });

  it("does not guess by count for nodes with several outputs", () => {
    const two = items({}, {});
    expect(autoFillPairedItems([two, []], [items({}, {})])[0]).toBe(two);
  });

  it("leaves items alone when counts differ otherwise, when pairs exist, or with several inputs", () => {
    const two = items({}, {});
    expect(autoFillPairedItems([two], [items({}, {}, {})])[0]).toBe(two);
    const paired: Item[] = [{ json: {}, pairedItem: { item: 5 } }];
    expect(autoFillPairedItems([paired], [items({})])[0]).toBe(paired);
    expect(autoFillPairedItems([two], [items({}, {}), []])[0]).toBe(two);
  });

  it("copies items instead of changing shared ones", () => {
    const shared = items({ a: 1 });
    autoFillPairedItems([shared], [items({})]);
    expect(shared[0]?.pairedItem).toBeUndefined();
  });
});

describe("routeErrorItems", () => {
  it("recognises error items by item.error or an error-only json", () => {
    expect(isErrorItem({ json: { error: "x", message: "m", details: "d" } })).toBe(true);
    expect(isErrorItem({ json: { a: 1 }, error: { message: "x" } })).toBe(true);
    expect(isErrorItem({ json: { error: "x", pairedItem: { item: 1 } } })).toBe(false);
    expect(isErrorItem({ json: { id: 1 } })).toBe(false);
  });

  it("moves error items to the output after the regular ones, merged over the paired input", () => {
    const inputs = [items({ id: 1 }, { id: 2, v: -1 })];
    const out = routeErrorItems([[{ json: { ok: 1 }, pairedItem: { item: 0 } }, { json: { error: "bad" }, pairedItem: { item: 1 } }]], 1, inputs);
    expect(out.map((o) => o.map((i) => i.json))).toEqual([[{ ok: 1 }], [{ id: 2, v: -1, error: "bad" }]]);
  });

  it("adds an empty error output when nothing failed", () => {
    expect(routeErrorItems([items({ a: 1 }), []], 2, [items({})])).toHaveLength(3);
  });
});

describe("applyAlwaysOutputData", () => {
  it("puts one empty item on an empty output 0 and keeps other outputs", () => {
    const out = applyAlwaysOutputData([[], items({ n: 1 })], items({}, {}));
    expect(out[0]).toEqual([{ json: {}, pairedItem: [{ item: 0 }, { item: 1 }] }]);
    expect(out[1]).toEqual(items({ n: 1 }));
    expect(applyAlwaysOutputData([], items({}))).toHaveLength(1);
  });

  it("changes nothing when output 0 has items", () => {
    const outputs = [items({ a: 1 })];
    expect(applyAlwaysOutputData(outputs, items({}))).toBe(outputs);
  });
});

describe("checkNodeResult", () => {
  it("accepts bare outputs, outputs objects and waits, and turns null outputs into []", () => {
    expect(checkNodeResult("N", [items({ a: 1 }), null as unknown as Item[]])).toEqual({ kind: "outputs", outputs: [items({ a: 1 }), []] });
    expect(checkNodeResult("N", { kind: "wait", wait: { kind: "webhook" }, outputs: [[]] }).kind).toBe("wait");
  });

  it("rejects items without a json object, naming the node and the place", () => {
    expect(() => checkNodeResult("Bad", [[{ a: 1 } as unknown as Item]])).toThrow('Node "Bad" returned invalid output: item 0 of output 0 has no "json" object');
    expect(() => checkNodeResult("Bad", "nope" as never)).toThrow(/Node "Bad" returned invalid output/);
  });
});
