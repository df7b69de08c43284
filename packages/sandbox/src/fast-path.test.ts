import { compileFastPath, evaluateFastPath } from "./fast-path";
import { parseTemplate } from "./template";

const run = (expression: string, items: Array<Record<string, unknown>>) => {
  const template = parseTemplate(expression);
  const path = compileFastPath(template);
  return path ? evaluateFastPath(template, path, items.map((json) => ({ json })), items.length) : "isolate";
};

describe("fast path", () => {
  it("answers own-property paths of $json, raw for a lone chunk and rendered in text", () => {
    expect(run("={{ $json.a.b }}", [{ a: { b: 2 } }, { a: { b: "x" } }])).toEqual([2, "x"]);
    expect(run("={{ $json['a'][0] }}", [{ a: [7] }])).toEqual([7]);
    expect(run("=n={{ $json.n }}, o={{ $json.o }}", [{ n: null, o: { k: 1 } }])).toEqual(['n=, o={"k":1}']);
  });

  it("gives undefined past a missing parent, as the legacy evaluator does", () => {
    expect(run("={{ $json.a.b }}", [{ a: null }])).toEqual([undefined]);
  });

  it("leaves calls, non-own keys and members of primitives to the isolate", () => {
    expect(run("={{ $json.a.toUpperCase() }}", [{ a: "x" }])).toBe("isolate");
    expect(run("={{ $json.missing }}", [{}])).toBeNull();
    expect(run("={{ $json.s.length }}", [{ s: "abc" }])).toBeNull();
    expect(run("={{ $input.item.json.a }}", [{ a: 1 }])).toBe("isolate");
  });

  it("returns copies of objects", () => {
    const json = { o: { n: 1 } };
    const values = run("={{ $json.o }}", [json]) as Array<{ n: number }>;
    values[0]!.n = 2;
    expect(json.o.n).toBe(1);
  });
});
