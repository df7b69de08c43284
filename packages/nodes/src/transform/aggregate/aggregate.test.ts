import { jsonOf, runNodeForTest } from "../../testing/test-context";
import { aggregateNode } from "./aggregate";

const seed = [
  { json: { name: "pen", price: 2, tags: ["office", "cheap"], dims: { w: 1 } } },
  { json: { name: "desk", price: 150, tags: ["office"], dims: { w: 120 } } },
  { json: { name: "mug", price: 8, tags: [], dims: { w: 9 } } },
  { json: { name: "lamp", tags: ["home"] } },
];

describe("Aggregate (aggregate-and-split-out)", () => {
  it("collects fields into lists, renaming and naming dotted paths after their last segment", async () => {
    const out = await runNodeForTest(aggregateNode, {
      items: seed,
      parameters: {
        fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: "name", renameField: true, outputFieldName: "names" }, { fieldToAggregate: "price" }, { fieldToAggregate: "dims.w" }] },
        options: {},
      },
    });
    expect(jsonOf(out)).toEqual([[{ names: ["pen", "desk", "mug", "lamp"], price: [2, 150, 8], w: [1, 120, 9] }]]);
    expect(out[0]?.[0]?.pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
  });

  it("merges list values into one flat list", async () => {
    const out = await runNodeForTest(aggregateNode, { items: seed, parameters: { fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: "tags" }] }, options: { mergeLists: true } } });
    expect(jsonOf(out)).toEqual([[{ tags: ["office", "cheap", "office", "home"] }]]);
  });

  it("keeps missing values as undefined entries with keepMissing", async () => {
    const out = await runNodeForTest(aggregateNode, { items: seed, parameters: { fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: "price" }] }, options: { keepMissing: true } } });
    expect(out[0]?.[0]?.json.price).toEqual([2, 150, 8, undefined]);
  });

  it("puts all item data under the destination field", async () => {
    const out = await runNodeForTest(aggregateNode, { items: seed, parameters: { aggregate: "aggregateAllItemData", destinationFieldName: "rows", options: {} } });
    expect(jsonOf(out)).toEqual([[{ rows: seed.map((item) => item.json) }]]);
  });

  it("keeps only specified fields and drops rows left empty", async () => {
    const out = await runNodeForTest(aggregateNode, {
      items: [{ json: { a: 1, b: 2 } }, { json: { b: 3 } }],
      parameters: { aggregate: "aggregateAllItemData", include: "specifiedFields", fieldsToInclude: "a", options: {} },
    });
    expect(jsonOf(out)).toEqual([[{ data: [{ a: 1 }] }]]);
    expect(out[0]?.[0]?.pairedItem).toEqual([{ item: 0 }]);
  });

  it("rejects a repeated output field name", async () => {
    await expect(
      runNodeForTest(aggregateNode, { parameters: { fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: "a" }, { fieldToAggregate: "a" }] } } }),
    ).rejects.toThrow("The 'a' output field is used more than once");
  });

  it("collects binaries under their keys, suffixing repeated keys, with includeBinaries", async () => {
    const binary = (data: string) => ({ data: { data, mimeType: "text/plain" } });
    const out = await runNodeForTest(aggregateNode, {
      items: [{ json: { a: 1 }, binary: binary("eA==") }, { json: { a: 2 }, binary: binary("eQ==") }],
      parameters: { fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: "a" }] }, options: { includeBinaries: true } },
    });
    expect(Object.keys(out[0]?.[0]?.binary ?? {})).toEqual(["data", "data_1"]);
  });
});
