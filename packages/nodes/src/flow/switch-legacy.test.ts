import { jsonOf, runNodeForTest } from "../testing/test-context";
import { switchV1Node } from "./switch-v1";
import { switchV2Node, switchV2OutputCount } from "./switch-v2";

const rows = [{ n: 1 }, { n: 5 }, { n: 9 }];
const items = rows.map((json) => ({ json }));
const perItem = rows.map((row) => ({ value1: row.n }));

describe("Switch v1", () => {
  it("sends items to the output named by the first matching rule, the rest to the fallback", async () => {
    const out = await runNodeForTest(switchV1Node, {
      typeVersion: 1,
      parameters: {
        dataType: "number",
        rules: { rules: [{ operation: "smaller", value2: 3, output: 2 }, { operation: "smaller", value2: 6, output: 0 }] },
        fallbackOutput: 3,
      },
      items,
      perItemParameters: perItem,
    });
    expect(jsonOf(out)).toEqual([[{ n: 5 }], [], [{ n: 1 }], [{ n: 9 }]]);
  });

  it("drops unmatched items with fallback -1 and routes by expression", async () => {
    const dropped = await runNodeForTest(switchV1Node, { typeVersion: 1, parameters: { rules: { rules: [{ operation: "equal", value2: 5, output: 1 }] } }, items, perItemParameters: perItem });
    expect(jsonOf(dropped)).toEqual([[], [{ n: 5 }], [], []]);
    const byExpression = await runNodeForTest(switchV1Node, { typeVersion: 1, parameters: { mode: "expression" }, items, perItemParameters: [{ output: 3 }, { output: 0 }, { output: 3 }] });
    expect(jsonOf(byExpression)).toEqual([[{ n: 5 }], [], [], [{ n: 1 }, { n: 9 }]]);
  });

  it("compares strings and dates, and refuses an invalid date", async () => {
    const strings = await runNodeForTest(switchV1Node, {
      typeVersion: 1,
      parameters: { dataType: "string", value1: "order-12", rules: { rules: [{ operation: "regex", value2: "/^ORDER/i", output: 1 }] } },
    });
    expect(strings[1]).toHaveLength(1);
    const dates = await runNodeForTest(switchV1Node, {
      typeVersion: 1,
      parameters: { dataType: "dateTime", value1: "2024-05-01", rules: { rules: [{ operation: "after", value2: "2024-01-01", output: 2 }] } },
    });
    expect(dates[2]).toHaveLength(1);
    await expect(
      runNodeForTest(switchV1Node, { typeVersion: 1, parameters: { dataType: "dateTime", value1: "nope", rules: { rules: [{ operation: "after", value2: "2024-01-01" }] } } }),
    ).rejects.toThrow('The value "nope" is not a valid DateTime.');
  });
});

describe("Switch v2", () => {
  it("gives each rule its own output", async () => {
    const parameters = { dataType: "number", rules: { rules: [{ operation: "larger", value2: 4, outputKey: "big" }, { operation: "smaller", value2: 4 }] } };
    const out = await runNodeForTest(switchV2Node, { typeVersion: 2, parameters, items, perItemParameters: perItem });
    expect(jsonOf(out)).toEqual([[{ n: 5 }, { n: 9 }], [{ n: 1 }]]);
    expect(switchV2OutputCount(parameters)).toBe(2);
  });

  it("routes by expression over outputsAmount outputs and refuses an index out of range", async () => {
    const out = await runNodeForTest(switchV2Node, { typeVersion: 2, parameters: { mode: "expression", outputsAmount: 2 }, items, perItemParameters: [{ output: "1" }, { output: 0 }, { output: 1 }] });
    expect(jsonOf(out)).toEqual([[{ n: 5 }], [{ n: 1 }, { n: 9 }]]);
    await expect(runNodeForTest(switchV2Node, { typeVersion: 2, parameters: { mode: "expression", outputsAmount: 2, output: 2 } })).rejects.toThrow(/between 0 and 1/);
  });

  it("puts an error item on output 0 when continuing on fail", async () => {
    const out = await runNodeForTest(switchV2Node, {
      typeVersion: 2,
      onError: "continueRegularOutput",
      parameters: { mode: "expression", outputsAmount: 2, output: 7 },
      items: [{ json: {} }],
    });
    expect(jsonOf(out)[0]?.[0]).toEqual({ error: "The output 7 is not allowed. It has to be between 0 and 1!" });
  });
});
