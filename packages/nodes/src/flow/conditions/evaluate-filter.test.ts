import type { FilterCondition, FilterValue } from "@bos/node-sdk";
import { evaluateCondition, type ConditionOptions } from "./evaluate-condition";
import { evaluateFilter, resolveConditionOptions } from "./evaluate-filter";
import { ConditionTypeError } from "./condition-errors";
import { filterVersionFor } from "./filter-parameter";

const strict: ConditionOptions = { caseSensitive: true, typeValidation: "strict", version: 2 };
const loose: ConditionOptions = { caseSensitive: true, typeValidation: "loose", version: 2 };
const at = { conditionIndex: 0, itemIndex: 0 };

function cond(type: string, operation: string, leftValue: unknown, rightValue?: unknown, extra: Partial<FilterCondition["operator"]> = {}): FilterCondition {
  return { leftValue, rightValue, operator: { type, operation, ...extra } };
}

function check(condition: FilterCondition, options: ConditionOptions = strict): boolean {
  return evaluateCondition(condition, options, at);
}

describe("filter conditions: string operations", () => {
  it.each([
    ["equals", "abc", "abc", true],
    ["equals", "abc", "ABC", false],
    ["notEquals", "abc", "abd", true],
    ["contains", "hello world", "o w", true],
    ["notContains", "hello", "z", true],
    ["startsWith", "hello", "he", true],
    ["notStartsWith", "hello", "he", false],
    ["endsWith", "a@x.org", ".org", true],
    ["notEndsWith", "a@x.org", ".org", false],
    ["regex", "order-42", "^order-\\d+$", true],
    ["regex", "ORDER-42", "/^order-\\d+$/i", true],
    ["notRegex", "order-42", "^x", true],
    ["empty", "", undefined, true],
    ["empty", undefined, undefined, true],
    ["notEmpty", "x", undefined, true],
    ["notEmpty", null, undefined, false],
  ] as const)("%s(%j, %j) is %s", (operation, left, right, expected) => {
    expect(check(cond("string", operation, left, right))).toBe(expected);
  });

  it("folds case when caseSensitive is off, except for regexes (which get the i flag)", () => {
    const options = { ...strict, caseSensitive: false };
    expect(check(cond("string", "equals", "ORDER", "order"), options)).toBe(true);
    expect(check(cond("string", "contains", "Hello", "HELL"), options)).toBe(true);
    expect(check(cond("string", "regex", "ABC", "^abc$"), options)).toBe(true);
  });

  it("exists is false for null and undefined, true for an empty string", () => {
    expect(check(cond("string", "exists", null, "", { singleValue: true }))).toBe(false);
    expect(check(cond("string", "exists", undefined, "", { singleValue: true }))).toBe(false);
    expect(check(cond("string", "exists", "", "", { singleValue: true }))).toBe(true);
    expect(check(cond("string", "notExists", undefined, "", { singleValue: true }))).toBe(true);
  });
});

describe("filter conditions: number, boolean, dateTime, array, object", () => {
  it.each([
    ["equals", 5, 5, true],
    ["notEquals", 5, 6, true],
    ["gt", 5, 3, true],
    ["gt", 3, 3, false],
    ["gte", 3, 3, true],
    ["lt", 2, 3, true],
    ["lte", 4, 3, false],
    ["empty", null, undefined, true],
    ["notEmpty", 0, undefined, true],
  ] as const)("number %s(%j, %j) is %s", (operation, left, right, expected) => {
    expect(check(cond("number", operation, left, right))).toBe(expected);
  });

  it("boolean true/false/equals", () => {
    expect(check(cond("boolean", "true", true, "", { singleValue: true }))).toBe(true);
    expect(check(cond("boolean", "false", false, "", { singleValue: true }))).toBe(true);
    expect(check(cond("boolean", "equals", true, false))).toBe(false);
    expect(check(cond("boolean", "notEquals", true, false))).toBe(true);
  });

  it("compares dates by instant across formats and zones", () => {
    expect(check(cond("dateTime", "before", "2023-12-01T00:00:00Z", "2024-01-01T00:00:00Z"))).toBe(true);
    expect(check(cond("dateTime", "after", "2024-06-01T00:00:00Z", "2023-06-01T00:00:00Z"))).toBe(true);
    expect(check(cond("dateTime", "equals", "2024-01-01T01:00:00+01:00", "2024-01-01T00:00:00Z"))).toBe(true);
    expect(check(cond("dateTime", "afterOrEquals", "2024-01-01", "2024-01-01"))).toBe(true);
    expect(check(cond("dateTime", "beforeOrEquals", "Mon, 01 Jan 2024 00:00:00 GMT", "2024-01-01T00:00:00Z"))).toBe(true);
    expect(check(cond("dateTime", "after", null, "2024-01-01"))).toBe(false);
    expect(check(cond("dateTime", "empty", null, "", { singleValue: true }))).toBe(true);
  });

  it("rejects a text that is no date", () => {
    expect(() => check(cond("dateTime", "after", "not a date", "2024-01-01"))).toThrow(ConditionTypeError);
  });

  it.each([
    ["contains", ["x", "urgent"], "urgent", true],
    ["notContains", ["x"], "urgent", true],
    ["lengthEquals", [1, 2], 2, true],
    ["lengthNotEquals", [1, 2], 2, false],
    ["lengthGt", [1, 2], 1, true],
    ["lengthLt", [1], 1, false],
    ["lengthGte", [1], 1, true],
    ["lengthLte", [1, 2, 3], 2, false],
    ["empty", [], undefined, true],
    ["notEmpty", [0], undefined, true],
  ] as const)("array %s(%j, %j) is %s", (operation, left, right, expected) => {
    const rightType = typeof right === "number" ? "number" : "any";
    expect(check(cond("array", operation, left, right, { rightType }))).toBe(expected);
  });

  it("array contains ignores case for strings when caseSensitive is off", () => {
    expect(check(cond("array", "contains", ["Urgent"], "urgent", { rightType: "any" }), { ...strict, caseSensitive: false })).toBe(true);
    expect(check(cond("array", "contains", ["Urgent"], "urgent", { rightType: "any" }))).toBe(false);
  });

  it("object empty / notEmpty", () => {
    expect(check(cond("object", "empty", {}, "", { singleValue: true }))).toBe(true);
    expect(check(cond("object", "notEmpty", { a: 1 }, "", { singleValue: true }))).toBe(true);
    expect(check(cond("object", "empty", null, "", { singleValue: true }))).toBe(true);
  });

  it("an unknown operation is false", () => {
    expect(check(cond("number", "between", 1, 2))).toBe(false);
  });
});

describe("filter conditions: strict versus loose type validation", () => {
  it("strict: a string compared as a number fails with n8n's message", () => {
    expect(() => evaluateCondition(cond("number", "gt", "15", 10), strict, { conditionIndex: 1, itemIndex: 3 })).toThrow(
      "Wrong type: '15' is a string but was expecting a number [condition 1, item 3]",
    );
  });

  it("strict: the right value is checked against rightType", () => {
    expect(() => check(cond("array", "lengthGte", ["a"], "1", { rightType: "number" }))).toThrow(
      "Wrong type: '1' is a string but was expecting a number [condition 0, item 0]",
    );
  });

  it("strict: both sides of the same wrong type give the combined message", () => {
    expect(() => check(cond("number", "gt", "1", "2"))).toThrow("Comparison type expects a number but both fields are a string");
  });

  it("strict: the error carries the item index and a hint", () => {
    try {
      evaluateCondition(cond("string", "equals", 5, "5"), strict, { conditionIndex: 0, itemIndex: 4 });
      throw new Error("expected a ConditionTypeError");
    } catch (error) {
      expect(error).toBeInstanceOf(ConditionTypeError);
      expect((error as ConditionTypeError).itemIndex).toBe(4);
      expect((error as ConditionTypeError).description).toContain("Convert types where required");
      expect((error as ConditionTypeError).code).toBe("WF_NODE_OPERATION");
    }
  });

  it("strict: null and undefined are never a type error", () => {
    expect(check(cond("number", "gt", undefined, 10))).toBe(false);
    expect(check(cond("string", "notEmpty", null, ""))).toBe(false);
  });

  it("strict: single-value operators ignore a mistyped right value", () => {
    expect(check(cond("boolean", "true", true, "", { singleValue: true }))).toBe(true);
  });

  it("loose: numeric strings, boolean words and JSON arrays are converted", () => {
    expect(check(cond("number", "gt", "15", 10), loose)).toBe(true);
    expect(check(cond("boolean", "true", "true", "", { singleValue: true }), loose)).toBe(true);
    expect(check(cond("boolean", "false", "0", "", { singleValue: true }), loose)).toBe(true);
    expect(check(cond("array", "contains", '["a","b"]', "b", { rightType: "any" }), loose)).toBe(true);
    expect(check(cond("string", "equals", 5, "5"), loose)).toBe(true);
    expect(check(cond("string", "equals", { a: 1 }, '{"a":1}'), loose)).toBe(true);
  });

  it("loose: a boolean that cannot be parsed falls back to truthiness", () => {
    expect(check(cond("boolean", "true", "yes please", "", { singleValue: true }), loose)).toBe(true);
    expect(check(cond("boolean", "true", "", "", { singleValue: true }), loose)).toBe(false);
  });

  it("loose: a value that cannot be converted fails with the conversion message", () => {
    expect(() => check(cond("number", "gt", "abc", 1), loose)).toThrow("Conversion error: the string 'abc' can't be converted to a number [condition 0, item 0]");
  });

  it("version 3 treats an empty string compared as a number as empty", () => {
    expect(check(cond("number", "empty", "", "", { singleValue: true }), { ...strict, version: 3 })).toBe(true);
    expect(() => check(cond("number", "empty", "", "", { singleValue: true }), strict)).toThrow(ConditionTypeError);
  });
});

describe("evaluateFilter", () => {
  const filter = (combinator: "and" | "or", conditions: FilterCondition[], options: FilterValue["options"] = {}): FilterValue => ({
    combinator,
    conditions,
    options: { caseSensitive: true, typeValidation: "strict", version: 2, ...options },
  });

  it("and needs every condition, or needs one", () => {
    const conditions = [cond("number", "gte", 34, 18), cond("string", "notEquals", "Paris", "Paris")];
    expect(evaluateFilter(filter("and", conditions), 0)).toBe(false);
    expect(evaluateFilter(filter("or", conditions), 0)).toBe(true);
  });

  it("or stops at the first passing condition, so a later type error is not raised", () => {
    const conditions = [cond("number", "gt", 15, 10), cond("number", "gt", "x", 10)];
    expect(evaluateFilter(filter("or", conditions), 0)).toBe(true);
  });

  it("an empty filter passes with and, fails with or", () => {
    expect(evaluateFilter(filter("and", []), 0)).toBe(true);
    expect(evaluateFilter(filter("or", []), 0)).toBe(false);
    expect(evaluateFilter(undefined, 0)).toBe(true);
  });

  it("node settings override the stored options: ignoreCase and looseTypeValidation", () => {
    const stored = filter("and", [cond("string", "equals", "ORDER", "order")]);
    expect(evaluateFilter(stored, 0)).toBe(false);
    expect(evaluateFilter(stored, 0, { ignoreCase: true })).toBe(true);
    expect(resolveConditionOptions(filter("and", []), { looseTypeValidation: true }).typeValidation).toBe("loose");
    expect(resolveConditionOptions(filter("and", [], { typeValidation: "loose" })).typeValidation).toBe("loose");
    expect(resolveConditionOptions({ conditions: [], combinator: "and" }, { defaultVersion: 3 }).version).toBe(3);
  });

  it("reproduces the if-or-loose-boolean-array-date case's Any Signal conditions", () => {
    const anySignal = (json: { score: string; active: boolean; tags: string[]; due: string }) =>
      filter(
        "or",
        [
          cond("number", "gt", json.score, 10),
          cond("boolean", "true", json.active, "", { singleValue: true }),
          cond("array", "contains", json.tags, "urgent", { rightType: "any" }),
          cond("dateTime", "before", json.due, "2024-01-01T00:00:00Z"),
        ],
        { typeValidation: "loose" },
      );
    expect(evaluateFilter(anySignal({ score: "15", active: false, tags: ["x"], due: "2023-12-01T00:00:00Z" }), 0)).toBe(true);
    expect(evaluateFilter(anySignal({ score: "5", active: true, tags: [], due: "2024-05-01T00:00:00Z" }), 1)).toBe(true);
    expect(evaluateFilter(anySignal({ score: "3", active: false, tags: ["urgent", "y"], due: "2024-06-01T00:00:00Z" }), 2)).toBe(true);
    expect(evaluateFilter(anySignal({ score: "8", active: false, tags: ["z"], due: "2024-02-01T00:00:00Z" }), 3)).toBe(false);
  });
});

describe("filterVersionFor", () => {
  it("picks the filter version n8n writes for a node version", () => {
    const table = [
      [2, 1],
      [2.2, 2],
      [2.3, 3],
    ] as const;
    expect([2, 2.1, 2.2, 2.3].map((version) => filterVersionFor(version, table))).toEqual([1, 1, 2, 3]);
  });
});

describe("dates without an offset", () => {
  it("are read in the workflow's time zone", () => {
    const condition = cond("dateTime", "equals", "2024-01-01T10:00:00", "2024-01-01T09:00:00Z");
    expect(evaluateCondition(condition, { ...strict, zone: "Europe/Berlin" }, at)).toBe(true);
    expect(evaluateCondition(condition, { ...strict, zone: "UTC" }, at)).toBe(false);
  });
});
