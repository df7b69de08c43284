import { jsonOf, runNodeForTest } from "../../testing/test-context";
import { itemListsNode, itemListsV1Node } from "./item-lists";

const items = [
  { json: { id: 1, name: "b", tags: ["x", "y"], group: "g1" } },
  { json: { id: 2, name: "a", tags: ["z"], group: "g1" } },
  { json: { id: 2, name: "a", tags: ["z"], group: "g2" } },
];

describe("Item Lists (legacy) maps each operation onto the standalone nodes' logic", () => {
  it("concatenates items (3.1: concatenateItems) and aggregates items (2: aggregateItems)", async () => {
    const parameters = { fieldsToAggregate: { fieldToAggregate: [{ fieldToAggregate: "name" }] }, options: {} };
    expect(jsonOf(await runNodeForTest(itemListsNode, { items, parameters: { ...parameters, operation: "concatenateItems" } }))).toEqual([[{ name: ["b", "a", "a"] }]]);
    expect(jsonOf(await runNodeForTest(itemListsV1Node, { typeVersion: 2, items, parameters: { ...parameters, operation: "aggregateItems" } }))).toEqual([[{ name: ["b", "a", "a"] }]]);
  });

  it("takes v2 field lists as {fields:[{fieldName}]} and v3 ones as text", async () => {
    const v2 = await runNodeForTest(itemListsV1Node, {
      typeVersion: 2.2,
      items,
      parameters: { operation: "removeDuplicates", compare: "selectedFields", fieldsToCompare: { fields: [{ fieldName: "name" }] } },
    });
    expect(jsonOf(v2)[0]?.map((json) => json.id)).toEqual([1, 2]);
    const v3 = await runNodeForTest(itemListsNode, { items, parameters: { operation: "removeDuplicates", compare: "allFieldsExcept", fieldsToExclude: "group, tags.0, tags.1" } });
    expect(jsonOf(v3)[0]?.map((json) => json.id)).toEqual([1, 2]);
  });

  it("splits out items (the default operation)", async () => {
    const out = await runNodeForTest(itemListsNode, { items: items.slice(0, 2), parameters: { fieldToSplitOut: "tags", include: "allOtherFields", options: { destinationFieldName: "tag" } } });
    expect(jsonOf(out)).toEqual([
      [
        { id: 1, name: "b", group: "g1", tag: "x" },
        { id: 1, name: "b", group: "g1", tag: "y" },
        { id: 2, name: "a", group: "g1", tag: "z" },
      ],
    ]);
  });

  it("sorts, limits and summarizes", async () => {
    const sorted = await runNodeForTest(itemListsNode, { items, parameters: { operation: "sort", sortFieldsUi: { sortField: [{ fieldName: "name" }, { fieldName: "group", order: "descending" }] } } });
    expect(jsonOf(sorted)[0]?.map((json) => json.group)).toEqual(["g2", "g1", "g1"]);
    const limited = await runNodeForTest(itemListsNode, { items, parameters: { operation: "limit", maxItems: 1, keep: "lastItems" } });
    expect(jsonOf(limited)).toEqual([[items[2]?.json]]);
    const summary = await runNodeForTest(itemListsNode, {
      items,
      parameters: { operation: "summarize", fieldsToSummarize: { values: [{ aggregation: "sum", field: "id" }] }, fieldsToSplitBy: "group" },
    });
    expect(jsonOf(summary)).toEqual([[{ sum_id: 3, group: "g1" }, { sum_id: 2, group: "g2" }]]);
  });

  it("rejects an unknown operation with the valid names", async () => {
    await expect(runNodeForTest(itemListsNode, { items, parameters: { operation: "manageBinaries" } })).rejects.toThrow(
      "The Item Lists operation 'manageBinaries' is not supported",
    );
  });
});
