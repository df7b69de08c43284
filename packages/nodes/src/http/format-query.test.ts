import { formatQuery } from "./format-query";

describe("formatQuery", () => {
  it("writes arrays with brackets, indices or repeated keys", () => {
    expect(formatQuery({ a: ["x", "y"] }, "brackets")).toEqual({ "a[]": ["x", "y"] });
    expect(formatQuery({ a: ["x", "y"] }, "indices")).toEqual({ "a[0]": "x", "a[1]": "y" });
    expect(formatQuery({ a: ["x", "y"] }, "repeat")).toEqual({ a: ["x", "y"] });
  });

  it("writes nested objects as key[sub], null as empty and leaves undefined out", () => {
    expect(formatQuery({ f: { x: 1, y: { z: true } }, n: null, u: undefined }, "brackets")).toEqual({ "f[x]": "1", "f[y][z]": "true", n: "" });
  });
});
