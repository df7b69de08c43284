import { normalizeInputItems } from "./input-items";

describe("normalizeInputItems", () => {
  it("gives one empty item when there is no input or an empty array", () => {
    expect(normalizeInputItems(undefined)).toEqual([{ json: {} }]);
    expect(normalizeInputItems([])).toEqual([{ json: {} }]);
  });

  it("keeps n8n items and wraps bare objects", () => {
    expect(normalizeInputItems([{ json: { a: 1 } }, { b: 2 }, { json: { c: 3 }, extra: true }])).toEqual([{ json: { a: 1 } }, { json: { b: 2 } }, { json: { json: { c: 3 }, extra: true } }]);
  });

  it("lists every item that is not an object", () => {
    expect(() => normalizeInputItems([1, "x", [], { json: 5 }])).toThrow(/input\[0\] is number.*input\[1\] is string.*input\[2\] is an array.*input\[3\]\.json must be an object/);
  });

  it("refuses input that is not an array", () => {
    expect(() => normalizeInputItems({ a: 1 })).toThrow(/input must be an array/);
  });
});
