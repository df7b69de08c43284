import { jsonOf, runNodeForTest } from "../testing/test-context";
import { filterNode } from "./filter";
import { filterV1Node } from "./filter-v1";

const options = { caseSensitive: true, leftValue: "", typeValidation: "strict", version: 2 };
const people = [
  { email: "a@x.org", visits: 3, nickname: "ace" },
  { email: "b@y.com", visits: 5 },
  { email: "c@z.org", visits: 1, nickname: "" },
  { email: "d@w.org", visits: 7, nickname: null },
] as Array<Record<string, unknown>>;

function singleCondition(operation: string, leftValue: unknown) {
  return { conditions: { options, combinator: "and", conditions: [{ leftValue, rightValue: "", operator: { type: "string", operation, singleValue: true } }] } };
}

describe("Filter v2", () => {
  it("keeps items passing and-ed conditions and records the discarded ones on a second output (case filter-conditions)", async () => {
    const out = await runNodeForTest(filterNode, {
      typeVersion: 2.2,
      items: people.map((json) => ({ json })),
      perItemParameters: people.map((p) => ({
        conditions: {
          options,
          combinator: "and",
          conditions: [
            { leftValue: p.email, rightValue: ".org", operator: { type: "string", operation: "endsWith" } },
            { leftValue: p.visits, rightValue: 2, operator: { type: "number", operation: "gte" } },
          ],
        },
      })),
    });
    expect(jsonOf(out)).toEqual([[people[0], people[3]], [people[1], people[2]]]);
  });

  it("exists is false for null (case filter-conditions, Nickname Exists)", async () => {
    const kept = [people[0], people[3]];
    const out = await runNodeForTest(filterNode, {
      items: kept.map((json) => ({ json: json ?? {} })),
      perItemParameters: kept.map((p) => singleCondition("exists", p?.nickname)),
    });
    expect(jsonOf(out)).toEqual([[people[0]], [people[3]]]);
  });

  it("notEmpty keeps only non-empty strings (case filter-conditions, Nickname Not Empty)", async () => {
    const out = await runNodeForTest(filterNode, {
      items: people.map((json) => ({ json })),
      perItemParameters: people.map((p) => singleCondition("notEmpty", p.nickname)),
    });
    expect(jsonOf(out)).toEqual([[people[0]], [people[1], people[2], people[3]]]);
  });

  it("discards an item whose conditions fail to evaluate when continuing on fail", async () => {
    const out = await runNodeForTest(filterNode, {
      onError: "continueRegularOutput",
      items: [{ json: { v: "x" } }],
      parameters: { conditions: { options, combinator: "and", conditions: [{ leftValue: "x", rightValue: 1, operator: { type: "number", operation: "gt" } }] } },
    });
    expect(jsonOf(out)).toEqual([[], [{ v: "x" }]]);
  });
});

describe("Filter v1", () => {
  it("keeps items matching any of the legacy conditions with OR", async () => {
    const rows = [{ n: 1 }, { n: 5 }, { n: 9 }];
    const out = await runNodeForTest(filterV1Node, {
      typeVersion: 1,
      items: rows.map((json) => ({ json })),
      parameters: { combineConditions: "OR" },
      perItemParameters: rows.map((r) => ({
        conditions: { number: [{ value1: r.n, operation: "smaller", value2: 2 }, { value1: r.n, operation: "larger", value2: 8 }] },
      })),
    });
    expect(jsonOf(out)).toEqual([[{ n: 1 }, { n: 9 }]]);
  });
});
