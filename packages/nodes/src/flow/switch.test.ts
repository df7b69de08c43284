import { jsonOf, runNodeForTest } from "../testing/test-context";
import { switchNode, switchOutputCount, switchOutputNames } from "./switch";

const options = { caseSensitive: true, leftValue: "", typeValidation: "strict", version: 2 };
const records = [
  { type: "order", amount: 50 },
  { type: "refund", amount: 200 },
  { type: "order", amount: 150 },
  { type: "note", amount: 0 },
  { type: "ORDER", amount: 5 },
];

function rulesFor(record: { type: string; amount: number }) {
  return {
    rules: {
      values: [
        {
          conditions: { options, combinator: "and", conditions: [{ leftValue: record.type, rightValue: "order", operator: { type: "string", operation: "equals" } }] },
          renameOutput: true,
          outputKey: "orders",
        },
        {
          conditions: { options, combinator: "and", conditions: [{ leftValue: record.amount, rightValue: 100, operator: { type: "number", operation: "gt" } }] },
          renameOutput: true,
          outputKey: "big",
        },
      ],
    },
  };
}

describe("Switch v3", () => {
  it("sends each item to its first matching rule, the rest to the extra fallback (case switch-rules-fallback-all-matching)", async () => {
    const parameters = { ...rulesFor(records[0]!), options: { fallbackOutput: "extra", renameFallbackOutput: "Other" } };
    const out = await runNodeForTest(switchNode, { typeVersion: 3.2, parameters, items: records.map((json) => ({ json })), perItemParameters: records.map(rulesFor) });
    expect(jsonOf(out)).toEqual([[records[0], records[2]], [records[1]], [records[3], records[4]]]);
    expect(switchOutputNames(parameters)).toEqual(["orders", "big", "Other"]);
  });

  it("sends an item to every matching rule with allMatchingOutputs", async () => {
    const parameters = { ...rulesFor(records[0]!), options: { fallbackOutput: "extra", allMatchingOutputs: true } };
    const out = await runNodeForTest(switchNode, { typeVersion: 3.2, parameters, items: records.map((json) => ({ json })), perItemParameters: records.map(rulesFor) });
    expect(jsonOf(out)).toEqual([[records[0], records[2]], [records[1], records[2]], [records[3], records[4]]]);
    expect(switchOutputNames(parameters)[2]).toBe("Fallback");
  });

  it("drops unmatched items without a fallback, and routes them to a rule's output when the fallback is its index", async () => {
    const dropped = await runNodeForTest(switchNode, { parameters: rulesFor(records[0]!), items: records.map((json) => ({ json })), perItemParameters: records.map(rulesFor) });
    expect(jsonOf(dropped)).toEqual([[records[0], records[2]], [records[1]]]);
    const toFirst = await runNodeForTest(switchNode, {
      parameters: { ...rulesFor(records[0]!), options: { fallbackOutput: 0 } },
      items: records.map((json) => ({ json })),
      perItemParameters: records.map(rulesFor),
    });
    expect(jsonOf(toFirst)).toEqual([[records[0], records[2], records[3], records[4]], [records[1]]]);
  });

  it("matches case-insensitively with options.ignoreCase", async () => {
    const out = await runNodeForTest(switchNode, {
      parameters: { ...rulesFor(records[0]!), options: { ignoreCase: true } },
      items: records.map((json) => ({ json })),
      perItemParameters: records.map(rulesFor),
    });
    expect(jsonOf(out)[0]).toEqual([records[0], records[2], records[4]]);
  });

  it("routes by the output expression in expression mode (case switch-expression-mode)", async () => {
    const rows = [0, 1, 2, 3, 4, 5].map((n) => ({ n, label: `n${n}` }));
    const out = await runNodeForTest(switchNode, {
      typeVersion: 3.2,
      parameters: { mode: "expression", numberOutputs: 3 },
      items: rows.map((json) => ({ json })),
      perItemParameters: rows.map((r) => ({ output: r.n % 3 })),
    });
    expect(jsonOf(out)).toEqual([[rows[0], rows[3]], [rows[1], rows[4]], [rows[2], rows[5]]]);
    expect(switchOutputCount({ mode: "expression", numberOutputs: 3 })).toBe(3);
  });

  it("refuses an output index outside the outputs", async () => {
    const run = runNodeForTest(switchNode, { parameters: { mode: "expression", numberOutputs: 2, output: 5 }, items: [{ json: {} }] });
    await expect(run).rejects.toThrow("The output 5 is not allowed. It has to be between 0 and 1!");
  });

  it("counts outputs from the raw rules and the fallback setting", () => {
    expect(switchOutputCount({ rules: { values: [{}, {}, {}] }, options: { fallbackOutput: "extra" } })).toBe(4);
    expect(switchOutputCount({})).toBe(0);
    expect(switchOutputCount({ mode: "expression" })).toBe(4);
  });
});
