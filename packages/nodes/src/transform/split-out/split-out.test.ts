import { jsonOf, runNodeForTest } from "../../testing/test-context";
import { splitOutNode } from "./split-out";

const seed = [
  { json: { name: "pen", price: 2, tags: ["office", "cheap"], dims: { w: 1 } } },
  { json: { name: "desk", price: 150, tags: ["office"], dims: { w: 120 } } },
  { json: { name: "mug", price: 8, tags: [], dims: { w: 9 } } },
  { json: { name: "lamp", tags: ["home"] } },
];

describe("Split Out", () => {
  it("splits a list keeping selected other fields under a destination name (aggregate-and-split-out)", async () => {
    const out = await runNodeForTest(splitOutNode, {
      items: seed,
      parameters: { fieldToSplitOut: "tags", include: "selectedOtherFields", fieldsToInclude: "name", options: { destinationFieldName: "tag" } },
    });
    expect(jsonOf(out)).toEqual([
      [
        { tag: "office", name: "pen" },
        { tag: "cheap", name: "pen" },
        { tag: "office", name: "desk" },
        { tag: "home", name: "lamp" },
      ],
    ]);
    expect(out[0]?.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 1 }, { item: 3 }]);
  });

  it("spreads object elements when no other fields are kept", async () => {
    const out = await runNodeForTest(splitOutNode, { items: [{ json: { rows: [{ a: 1 }, { a: 2 }], other: true } }], parameters: { fieldToSplitOut: "$json.rows" } });
    expect(jsonOf(out)).toEqual([[{ a: 1 }, { a: 2 }]]);
  });

  it("keeps all other fields and zips several fields by position", async () => {
    const out = await runNodeForTest(splitOutNode, {
      items: [{ json: { id: 7, xs: [1, 2], ys: ["a", "b"] } }],
      parameters: { fieldToSplitOut: "xs, ys", include: "allOtherFields", options: {} },
    });
    expect(jsonOf(out)).toEqual([[{ id: 7, xs: 1, ys: "a" }, { id: 7, xs: 2, ys: "b" }]]);
  });

  it("wraps a single value and splits object values", async () => {
    const single = await runNodeForTest(splitOutNode, { items: [{ json: { v: "x" } }], parameters: { fieldToSplitOut: "v" } });
    expect(jsonOf(single)).toEqual([[{ v: "x" }]]);
    const object = await runNodeForTest(splitOutNode, { items: [{ json: { o: { a: 1, b: 2 } } }], parameters: { fieldToSplitOut: "o", options: { destinationFieldName: "val" } } });
    expect(jsonOf(object)).toEqual([[{ val: 1 }, { val: 2 }]]);
  });

  it("rejects mismatched destination names", async () => {
    await expect(
      runNodeForTest(splitOutNode, { items: [{ json: { a: [1] } }], parameters: { fieldToSplitOut: "a, b", options: { destinationFieldName: "x" } } }),
    ).rejects.toThrow("If multiple fields to split out are given, the same number of destination fields must be given");
  });

  it("leaves the input item unchanged when removing a nested split field", async () => {
    const input = { json: { id: 1, data: { rows: [1, 2], meta: "m" } } };
    const out = await runNodeForTest(splitOutNode, { items: [input], parameters: { fieldToSplitOut: "data.rows", include: "allOtherFields", options: { destinationFieldName: "row" } } });
    expect(jsonOf(out)).toEqual([[{ id: 1, data: { meta: "m" }, row: 1 }, { id: 1, data: { meta: "m" }, row: 2 }]]);
    expect(input.json).toEqual({ id: 1, data: { rows: [1, 2], meta: "m" } });
  });

  it("splits binary properties into one item each with $binary", async () => {
    const a = { data: "YQ==", mimeType: "text/plain" };
    const b = { data: "Yg==", mimeType: "text/plain" };
    const out = await runNodeForTest(splitOutNode, { items: [{ json: { id: 1 }, binary: { a, b } }], parameters: { fieldToSplitOut: "$binary" } });
    expect(out[0]?.map((item) => item.binary)).toEqual([{ a }, { b }]);
  });
});
