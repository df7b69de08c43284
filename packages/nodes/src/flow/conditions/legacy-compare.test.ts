import { compareLegacy, legacyDateValue } from "./legacy-compare";

describe("legacy (If v1 / Switch v1) comparisons", () => {
  it.each([
    ["contains", "Hannah", "nn", true],
    ["notContains", "Bob", "nn", true],
    ["larger", 9, 8, true],
    ["largerEqual", 5, 5, true],
    ["smaller", 1, 2, true],
    ["smallerEqual", 3, 2, false],
    ["equal", true, true, true],
    ["notEqual", 1, "1", true],
    ["startsWith", "abc", "ab", true],
    ["endsWith", "abc", "bc", true],
    ["isEmpty", "", undefined, true],
    ["isEmpty", {}, undefined, true],
    ["isNotEmpty", 0, undefined, true],
    ["regex", "Order 12", "/order \\d+/i", true],
    ["notRegex", "abc", "^z", true],
  ] as const)("%s(%j, %j) is %s", (operation, value1, value2, expected) => {
    expect(compareLegacy(operation, value1, value2)).toBe(expected);
  });

  it("compares dates as epoch milliseconds", () => {
    expect(compareLegacy("after", legacyDateValue("2024-02-01"), legacyDateValue("2024-01-01"))).toBe(true);
    expect(compareLegacy("before", legacyDateValue("2024-02-01"), legacyDateValue("2024-01-01"))).toBe(false);
  });

  it("names an unknown operation", () => {
    expect(() => compareLegacy("biggerish", 1, 2)).toThrow(/"biggerish" is not known/);
  });
});
