import type { FilterCondition } from "@bos/node-sdk";
import { jsonOf, runNodeForTest } from "../testing/test-context";
import { ifNode } from "./if";
import { ifV1Node } from "./if-v1";

const strictOptions = { caseSensitive: true, leftValue: "", typeValidation: "strict", version: 2 };

function conditionsFor(combinator: "and" | "or", conditions: FilterCondition[], options: Record<string, unknown> = strictOptions) {
  return { conditions: { options, conditions, combinator } };
}

describe("If v2", () => {
  const people = [
    { name: "Ana", age: 34, city: "Lisbon" },
    { name: "Ben", age: 17, city: "Paris" },
    { name: "Cleo", age: 22, city: "Paris" },
    { name: "Dan", age: 45, city: "Oslo" },
    { name: "Eve", age: 15, city: "Rome" },
  ];

  it("routes items by an and of number and string conditions (case if-number-string-branch-order)", async () => {
    const out = await runNodeForTest(ifNode, {
      typeVersion: 2.2,
      items: people.map((json) => ({ json })),
      perItemParameters: people.map((p) =>
        conditionsFor("and", [
          { leftValue: p.age, rightValue: 18, operator: { type: "number", operation: "gte" } },
          { leftValue: p.city, rightValue: "Paris", operator: { type: "string", operation: "notEquals" } },
        ]),
      ),
    });
    expect(jsonOf(out)).toEqual([[people[0], people[3]], [people[1], people[2], people[4]]]);
  });

  it("links every routed item to its input item", async () => {
    const out = await runNodeForTest(ifNode, {
      items: [{ json: { a: 1 }, pairedItem: { item: 7 } }, { json: { a: 2 } }],
      perItemParameters: [1, 2].map((a) => conditionsFor("and", [{ leftValue: a, rightValue: 1, operator: { type: "number", operation: "equals" } }])),
    });
    expect(out[0]?.[0]?.pairedItem).toEqual({ item: 0 });
    expect(out[1]?.[0]?.pairedItem).toEqual({ item: 1 });
  });

  it("fails on a strict type mismatch, naming condition and item", async () => {
    const run = runNodeForTest(ifNode, {
      items: [{ json: {} }],
      parameters: conditionsFor("and", [{ leftValue: "15", rightValue: 10, operator: { type: "number", operation: "gt" } }]),
    });
    await expect(run).rejects.toThrow("Wrong type: '15' is a string but was expecting a number [condition 0, item 0]");
  });

  it("converts types when looseTypeValidation is on", async () => {
    const out = await runNodeForTest(ifNode, {
      items: [{ json: {} }],
      parameters: { ...conditionsFor("and", [{ leftValue: "15", rightValue: 10, operator: { type: "number", operation: "gt" } }]), looseTypeValidation: true },
    });
    expect(out[0]).toHaveLength(1);
  });

  it("honours options.ignoreCase over the stored caseSensitive", async () => {
    const out = await runNodeForTest(ifNode, {
      items: [{ json: {} }],
      parameters: { ...conditionsFor("and", [{ leftValue: "ORDER", rightValue: "order", operator: { type: "string", operation: "equals" } }]), options: { ignoreCase: true } },
    });
    expect(out[0]).toHaveLength(1);
  });

  it("sends an item whose conditions fail to the false output when continuing on fail", async () => {
    const out = await runNodeForTest(ifNode, {
      onError: "continueRegularOutput",
      items: [{ json: { x: 1 } }],
      parameters: conditionsFor("and", [{ leftValue: "x", rightValue: 10, operator: { type: "number", operation: "gt" } }]),
    });
    expect(jsonOf(out)).toEqual([[], [{ x: 1 }]]);
  });
});

describe("If v1", () => {
  const rows = [
    { name: "Anna", n: 5, vip: true },
    { name: "Bob", n: 2, vip: false },
    { name: "Hannah", n: 1, vip: false },
    { name: "Zed", n: 9, vip: false },
  ];

  it("combines string and number conditions with any (case if-v1-legacy)", async () => {
    const out = await runNodeForTest(ifV1Node, {
      typeVersion: 1,
      items: rows.map((json) => ({ json })),
      parameters: { combineOperation: "any" },
      perItemParameters: rows.map((r) => ({
        conditions: { string: [{ value1: r.name, operation: "contains", value2: "nn" }], number: [{ value1: r.n, operation: "larger", value2: 8 }] },
      })),
    });
    expect(jsonOf(out)).toEqual([[rows[0], rows[2], rows[3]], [rows[1]]]);
  });

  it("needs all conditions by default (case if-v1-legacy)", async () => {
    const matching = [rows[0]!, rows[2]!, rows[3]!];
    const out = await runNodeForTest(ifV1Node, {
      typeVersion: 1,
      items: matching.map((json) => ({ json })),
      perItemParameters: matching.map((r) => ({
        conditions: { boolean: [{ value1: r.vip, operation: "equal", value2: true }], number: [{ value1: r.n, operation: "largerEqual", value2: 5 }] },
      })),
    });
    expect(jsonOf(out)).toEqual([[rows[0]], [rows[2], rows[3]]]);
  });

  it("compares dates as instants", async () => {
    const out = await runNodeForTest(ifV1Node, {
      typeVersion: 1,
      items: [{ json: {} }],
      parameters: { conditions: { dateTime: [{ value1: "2024-03-01T00:00:00Z", operation: "after", value2: "2024-02-01T00:00:00+01:00" }] } },
    });
    expect(out[0]).toHaveLength(1);
  });
});
