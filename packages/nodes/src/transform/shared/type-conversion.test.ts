import { convertFieldValue } from "./type-conversion";
import { isDeepEqual, stableKey } from "./deep-equal";
import { lodashLessThan } from "./lodash-compare";

describe("n8n type conversion", () => {
  it.each([
    ["number", "3", 3],
    ["number", "", 0],
    ["number", true, 1],
    ["boolean", "TRUE", true],
    ["boolean", "0", false],
    ["boolean", 1, true],
    ["array", "['a', 'b']", ["a", "b"]],
    ["object", "{a: 1}", { a: 1 }],
    ["object", '{"a":1}', { a: 1 }],
  ])("converts %s from %p", (type, value, expected) => {
    expect(convertFieldValue("f", value, type)).toEqual({ valid: true, value: expected });
  });

  it.each([
    ["number", "n/a", "'f' expects a number but we got 'n/a'"],
    ["boolean", "2", "'f' expects a boolean but we got '2'"],
    ["array", "{}", "'f' expects a array but we got '{}'"],
    ["object", [1], "'f' expects a object but we got array"],
  ])("rejects %s from %p", (type, value, message) => {
    expect(convertFieldValue("f", value, type)).toEqual({ valid: false, errorMessage: message });
  });
});

describe("deep equality and ordering", () => {
  it("ignores key order and matches NaN", () => {
    expect(isDeepEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(isDeepEqual({ a: 1 }, { a: "1" })).toBe(false);
    expect(stableKey({ a: 1, b: 2 })).toBe(stableKey({ b: 2, a: 1 }));
    expect(stableKey(1)).not.toBe(stableKey("1"));
    expect(stableKey(undefined)).not.toBe(stableKey(null));
  });

  it("orders like lodash lt: strings as strings, the rest as numbers", () => {
    expect(lodashLessThan("a", "b")).toBe(true);
    expect(lodashLessThan("10", "9")).toBe(true);
    expect(lodashLessThan(9, "10")).toBe(true);
    expect(lodashLessThan(null, 1)).toBe(true);
    expect(lodashLessThan(undefined, 1)).toBe(false);
    expect(lodashLessThan(1, undefined)).toBe(false);
  });
});
