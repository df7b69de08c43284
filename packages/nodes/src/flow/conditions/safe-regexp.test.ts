import { NodeOperationError } from "@bos/node-sdk";
import { MAX_BACKTRACKING_SUBJECT, hasNestedQuantifier, matchesPattern, toRegExp } from "./safe-regexp";
import { evaluateCondition } from "./evaluate-condition";

describe("regular expressions in conditions", () => {
  it("keeps literal flags and adds i for ignoreCase", () => {
    expect(toRegExp("/ab+c/m", true).flags).toBe("im");
    expect(toRegExp("ab+c", false).source).toBe("ab+c");
    expect(matchesPattern("xABBC", "ab+c", true)).toBe(true);
    expect(matchesPattern("xABBC", "ab+c", false)).toBe(false);
  });

  it("gives a global pattern the same answer on every item (no lastIndex carried between tests)", () => {
    expect([1, 2, 3].map(() => matchesPattern("order-42", "/\\d+/g", false))).toEqual([true, true, true]);
  });

  it("finishes a catastrophic pattern on the host (the linear engine takes over; backtracking alone takes minutes)", () => {
    expect(matchesPattern(`${"a".repeat(40)}b`, "(a+)+$", false)).toBe(false);
    expect(matchesPattern(`${"a".repeat(40)}`, "/^(a|aa)+$/", false)).toBe(true);
    // As an If / Filter / Switch condition sees it.
    const condition = { leftValue: `${"a".repeat(40)}!`, rightValue: "^(a+)+$", operator: { type: "string", operation: "notRegex" } };
    expect(evaluateCondition(condition, { caseSensitive: true, typeValidation: "strict", version: 2 }, { conditionIndex: 0, itemIndex: 0 })).toBe(true);
  });

  it("refuses an invalid pattern with what and how to fix it", () => {
    let error: unknown;
    try {
      toRegExp("(unclosed", false);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NodeOperationError);
    expect((error as NodeOperationError).message).toContain('"(unclosed" is not valid');
  });

  it("runs backreferences and lookaround on texts up to the limit, and refuses longer ones", () => {
    expect(matchesPattern("abab", "^(ab)\\1$", false)).toBe(true);
    expect(matchesPattern("price: 10", "(?<=price: )\\d+", false)).toBe(true);
    expect(() => matchesPattern("a".repeat(MAX_BACKTRACKING_SUBJECT + 1), "(a)\\1", false)).toThrow(/only run against texts of up to/);
  });

  it("refuses nested quantifiers in patterns that need backtracking (exponential even on short texts)", () => {
    expect(() => matchesPattern(`${"a".repeat(30)}b`, "(a+)+\\1$", false)).toThrow(/nests quantifiers/);
    expect(() => matchesPattern("x", "(?=x)(\\w*)*", false)).toThrow(/nests quantifiers/);
  });

  it("finds nested quantifiers, skipping escapes and character classes", () => {
    for (const nested of ["(a+)+", "(a|b*)*", "(?:x{2,})+", "((a+))+", "(a+){2,}"]) expect([nested, hasNestedQuantifier(nested)]).toEqual([nested, true]);
    for (const flat of ["a+b*", "(ab)+", "\\(a+\\)+", "[(a+)]+", "(a)(b+)", "(?<n>ab)+", "(?:ab)*c+", "(?:a*b)?"]) expect([flat, hasNestedQuantifier(flat)]).toEqual([flat, false]);
  });
});
