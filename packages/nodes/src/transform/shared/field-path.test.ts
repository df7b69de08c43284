import { deepCopy, getField, parseFieldList, parsePath, setField, shallowCopy, unsetField } from "./field-path";

describe("field paths", () => {
  it("parses dots, indexes and quoted keys like lodash", () => {
    expect(parsePath("a.b")).toEqual(["a", "b"]);
    expect(parsePath("list[0].name")).toEqual(["list", "0", "name"]);
    expect(parsePath('obj["odd.key"].x')).toEqual(["obj", "odd.key", "x"]);
    expect(parsePath("[1]")).toEqual(["1"]);
  });

  it("reads nested fields, a literal dotted key first, and nothing from prototypes", () => {
    expect(getField({ a: { b: 2 } }, "a.b")).toBe(2);
    expect(getField({ "a.b": 1, a: { b: 2 } }, "a.b")).toBe(1);
    expect(getField({ a: { b: 2 } }, "a.b", true)).toBeUndefined();
    expect(getField({ list: [{ n: "x" }] }, "list[0].n")).toBe("x");
    expect(getField({}, "toString")).toBeUndefined();
    expect(getField({ a: {} }, "a.constructor")).toBeUndefined();
  });

  it("creates objects and arrays on the way when writing", () => {
    const target: Record<string, unknown> = { a: 1 };
    setField(target, "a.b", 2);
    setField(target, "list[1].n", "y");
    expect(target).toEqual({ a: { b: 2 }, list: [undefined, { n: "y" }] });
  });

  it("stores __proto__ and constructor keys as own data", () => {
    const target: Record<string, unknown> = {};
    setField(target, "__proto__.polluted", 1);
    setField(target, "constructor.prototype.polluted", 1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
    expect(getField(target, "__proto__.polluted")).toBe(1);
    const copy = deepCopy(target);
    expect(getField(copy, "__proto__.polluted")).toBe(1);
  });

  it("removes nested fields", () => {
    const target: Record<string, unknown> = { a: { b: 1, c: 2 } };
    expect(unsetField(target, "a.b")).toBe(true);
    expect(unsetField(target, "x.y")).toBe(false);
    expect(target).toEqual({ a: { c: 2 } });
  });

  it("splits comma lists and reads the old {fields:[{fieldName}]} shape", () => {
    expect(parseFieldList(" a, b ,, c")).toEqual(["a", "b", "c"]);
    expect(parseFieldList({ fields: [{ fieldName: "x" }, { fieldName: " y " }] })).toEqual(["x", "y"]);
    expect(parseFieldList(undefined)).toEqual([]);
  });

  it("copies the objects on the path, never the input, when writing to a shallow copy", () => {
    const input = { user: { name: "Ada", tags: ["a"] }, other: { kept: true } };
    const output = shallowCopy(input) as Record<string, unknown>;
    setField(output, "user.full", "Ada L", false, true);
    unsetField(output, "user.tags", false, true);
    expect(input).toEqual({ user: { name: "Ada", tags: ["a"] }, other: { kept: true } });
    expect(output).toEqual({ user: { name: "Ada", full: "Ada L" }, other: { kept: true } });
    expect(output.other).toBe(input.other);
  });
});
