import { jsonOf, runNodeForTest } from "../../testing/test-context";
import { summarizeNode } from "../summarize/summarize";
import { removeDuplicatesNode } from "./remove-duplicates";
import { removeDuplicatesV1Node } from "./remove-duplicates-v1";

const seed = [
  { json: { id: 1, email: "a@x.io", region: "eu", amount: 10 } },
  { json: { id: 1, email: "a@x.io", region: "eu", amount: 10 } },
  { json: { id: 2, email: "b@x.io", region: "us", amount: 25 } },
  { json: { id: 3, email: "a@x.io", region: "eu", amount: 5 } },
  { json: { id: 4, email: "c@x.io", region: "us", amount: 40 } },
  { json: { id: 5, email: "d@x.io", region: "apac", amount: 7 } },
];
const ids = (out: Array<Array<Record<string, unknown>>>) => out[0]?.map((json) => json.id);

describe("Remove Duplicates (remove-duplicates-and-summarize)", () => {
  it("removes items equal on all fields, keeping the first", async () => {
    const out = await runNodeForTest(removeDuplicatesNode, { items: seed });
    expect(ids(jsonOf(out))).toEqual([1, 2, 3, 4, 5]);
    expect(out[0]?.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }, { item: 3 }, { item: 4 }, { item: 5 }]);
  });

  it("compares only selected fields", async () => {
    const out = await runNodeForTest(removeDuplicatesNode, { items: seed, parameters: { compare: "selectedFields", fieldsToCompare: "email", options: {} } });
    expect(ids(jsonOf(out))).toEqual([1, 2, 4, 5]);
  });

  it("compares all fields except some, and can drop the other fields", async () => {
    const out = await runNodeForTest(removeDuplicatesV1Node, {
      typeVersion: 1.1,
      items: seed,
      parameters: { compare: "allFieldsExcept", fieldsToExclude: "id, amount", options: { removeOtherFields: true } },
    });
    expect(jsonOf(out)).toEqual([[{ email: "a@x.io", region: "eu" }, { email: "b@x.io", region: "us" }, { email: "c@x.io", region: "us" }, { email: "d@x.io", region: "apac" }]]);
  });

  it("compares nested values deeply", async () => {
    const out = await runNodeForTest(removeDuplicatesNode, {
      items: [{ json: { a: { x: 1, y: [1, 2] } } }, { json: { a: { y: [1, 2], x: 1 } } }, { json: { a: { x: 1, y: [2, 1] } } }],
    });
    expect(out[0]).toHaveLength(2);
  });

  it("fails on a field missing from some items or of mixed types", async () => {
    await expect(
      runNodeForTest(removeDuplicatesNode, { items: [{ json: { a: 1 } }, { json: { b: 1 } }], parameters: { compare: "selectedFields", fieldsToCompare: "a" } }),
    ).rejects.toThrow("'a' field is missing from some input items");
    await expect(
      runNodeForTest(removeDuplicatesNode, { items: [{ json: { a: 1 } }, { json: { a: "1" } }], parameters: { compare: "selectedFields", fieldsToCompare: "a" } }),
    ).rejects.toThrow("'a' isn't always the same type");
  });

  it("refuses the operations that need a store of previous executions", async () => {
    await expect(runNodeForTest(removeDuplicatesNode, { items: seed, parameters: { operation: "removeItemsSeenInPreviousExecutions", dedupeValue: "x" } })).rejects.toThrow(
      "needs a deduplication store that persists between executions",
    );
    await expect(runNodeForTest(removeDuplicatesNode, { items: seed, parameters: { operation: "clearDeduplicationHistory" } })).rejects.toThrow(
      "needs a deduplication store",
    );
  });
});

describe("Summarize (remove-duplicates-and-summarize)", () => {
  const deduped = seed.filter((_, index) => index !== 1);

  it("aggregates per group with n8n's key names, count being the default", async () => {
    const out = await runNodeForTest(summarizeNode, {
      items: deduped,
      parameters: {
        fieldsToSummarize: {
          values: [{ field: "id" }, { aggregation: "sum", field: "amount" }, { aggregation: "average", field: "amount" }, { aggregation: "min", field: "amount" }, { aggregation: "max", field: "amount" }],
        },
        fieldsToSplitBy: "region",
        options: {},
      },
    });
    expect(jsonOf(out)).toEqual([
      [
        { count_id: 2, sum_amount: 15, average_amount: 7.5, min_amount: 5, max_amount: 10, region: "eu" },
        { count_id: 2, sum_amount: 65, average_amount: 32.5, min_amount: 25, max_amount: 40, region: "us" },
        { count_id: 1, sum_amount: 7, average_amount: 7, min_amount: 7, max_amount: 7, region: "apac" },
      ],
    ]);
    expect(out[0]?.[0]?.pairedItem).toEqual([{ item: 0 }, { item: 2 }]);
  });

  it("summarizes everything into one item without split fields", async () => {
    const out = await runNodeForTest(summarizeNode, {
      items: [seed[0], seed[2], seed[4], seed[5]].map((item) => item as (typeof seed)[number]),
      parameters: { fieldsToSummarize: { values: [{ aggregation: "sum", field: "amount" }, { aggregation: "count", field: "email" }] }, options: {} },
    });
    expect(jsonOf(out)).toEqual([[{ sum_amount: 82, count_email: 4 }]]);
  });

  it("appends, concatenates and counts unique values", async () => {
    const out = await runNodeForTest(summarizeNode, {
      items: deduped,
      parameters: {
        fieldsToSummarize: {
          values: [
            { aggregation: "append", field: "email" },
            { aggregation: "concatenate", field: "region", separateBy: "other", customSeparator: "|" },
            { aggregation: "countUnique", field: "email" },
          ],
        },
      },
    });
    expect(jsonOf(out)).toEqual([
      [{ appended_email: ["a@x.io", "b@x.io", "a@x.io", "c@x.io", "d@x.io"], concatenated_region: "eu|us|eu|us|apac", unique_count_email: 4 }],
    ]);
  });

  it("nests groups in one item with outputFormat singleItem, over two split fields", async () => {
    const out = await runNodeForTest(summarizeNode, {
      items: deduped,
      parameters: { fieldsToSummarize: { values: [{ aggregation: "sum", field: "amount" }] }, fieldsToSplitBy: "region, email", options: { outputFormat: "singleItem" } },
    });
    expect(jsonOf(out)).toEqual([
      [
        {
          eu: { "a@x.io": { sum_amount: 15 } },
          us: { "b@x.io": { sum_amount: 25 }, "c@x.io": { sum_amount: 40 } },
          apac: { "d@x.io": { sum_amount: 7 } },
        },
      ],
    ]);
  });

  it("groups by the text of the split value in version 1 and by value in 1.1", async () => {
    const items = [{ json: { k: 1, n: 1 } }, { json: { k: "1", n: 2 } }];
    const parameters = { fieldsToSummarize: { values: [{ aggregation: "sum", field: "n" }] }, fieldsToSplitBy: "k" };
    expect(jsonOf(await runNodeForTest(summarizeNode, { typeVersion: 1, items, parameters }))).toEqual([[{ sum_n: 3, k: "1" }]]);
    expect(jsonOf(await runNodeForTest(summarizeNode, { typeVersion: 1.1, items, parameters }))).toEqual([[{ sum_n: 1, k: 1 }, { sum_n: 2, k: "1" }]]);
  });

  it("fails in version 1 when a summarized field is in no item, and only warns in 1.1", async () => {
    const parameters = { fieldsToSummarize: { values: [{ aggregation: "sum", field: "nope" }] } };
    await expect(runNodeForTest(summarizeNode, { typeVersion: 1, items: deduped, parameters })).rejects.toThrow("The field 'nope' does not exist in any items");
    expect(jsonOf(await runNodeForTest(summarizeNode, { typeVersion: 1.1, items: deduped, parameters }))).toEqual([[{ sum_nope: 0 }]]);
  });
});
