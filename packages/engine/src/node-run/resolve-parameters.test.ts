import type { NodeDescription } from "@bos/workflow-schema";
import { collectExpressions, ResolvedParameters } from "./resolve-parameters";

const description = { parameters: [{ name: "code", displayName: "Code", type: "code", default: "", resolve: "never" }, { name: "next", displayName: "Next", type: "string", default: "", resolve: "lazy" }] } as unknown as NodeDescription;

describe("collectExpressions", () => {
  it("finds every =-string in nested parameters, in document order", () => {
    const sites = collectExpressions({ a: "={{ 1 }}", b: { c: ["x", "={{ 2 }}"], d: { __rl: true, value: "={{ 3 }}" } }, e: "plain" }, undefined);
    expect(sites).toEqual([
      { path: ["a"], expression: "={{ 1 }}" },
      { path: ["b", "c", 1], expression: "={{ 2 }}" },
      { path: ["b", "d", "value"], expression: "={{ 3 }}" },
    ]);
  });

  it("skips lazy parameters nested in collections and fixedCollection groups", () => {
    const nested = {
      parameters: [
        {
          name: "options",
          displayName: "Options",
          type: "collection",
          default: {},
          options: [
            { name: "timeout", displayName: "Timeout", type: "number", default: 0 },
            {
              name: "pagination",
              displayName: "Pagination",
              type: "fixedCollection",
              default: {},
              options: [
                {
                  name: "pagination",
                  displayName: "Pagination",
                  values: [
                    { name: "nextURL", displayName: "Next URL", type: "string", default: "", resolve: "lazy" },
                    { name: "maxRequests", displayName: "Max", type: "number", default: 10 },
                  ],
                },
              ],
            },
          ],
        },
        {
          name: "rules",
          displayName: "Rules",
          type: "fixedCollection",
          default: {},
          options: [{ name: "values", displayName: "Values", values: [{ name: "raw", displayName: "Raw", type: "string", default: "", resolve: "never" }, { name: "value", displayName: "Value", type: "string", default: "" }] }],
        },
      ],
    } as unknown as NodeDescription;
    const sites = collectExpressions(
      {
        options: { timeout: "={{ 1 }}", pagination: { pagination: { nextURL: "={{ $response.next }}", maxRequests: "={{ 2 }}" } } },
        rules: { values: [{ raw: "=literal", value: "={{ 3 }}" }] },
      },
      nested,
    );
    expect(sites.map((s) => s.path.join("."))).toEqual(["options.timeout", "options.pagination.pagination.maxRequests", "rules.values.0.value"]);
  });

  it("skips parameters resolved lazily or never", () => {
    expect(collectExpressions({ code: "=not an expression", next: "={{ $response }}", other: "={{ 1 }}" }, description)).toEqual([{ path: ["other"], expression: "={{ 1 }}" }]);
  });
});

describe("ResolvedParameters", () => {
  const raw = { keep: { big: [1, 2, 3] }, list: [{ name: "a", value: "={{ x }}" }, { name: "b", value: "lit" }] };
  const sites = collectExpressions(raw, undefined);

  it("builds per-item parameters, sharing every container that holds no expression", () => {
    const resolved = new ResolvedParameters(raw, sites, [[10, 20]], [], 2);
    const first = resolved.forItem(0);
    const second = resolved.forItem(1);
    expect(first).toEqual({ keep: { big: [1, 2, 3] }, list: [{ name: "a", value: 10 }, { name: "b", value: "lit" }] });
    expect((second.list as Array<{ value: unknown }>)[0]?.value).toBe(20);
    expect(first.keep).toBe(raw.keep);
    expect((first.list as unknown[])[1]).toBe(raw.list[1]);
    expect(raw.list[0]?.value).toBe("={{ x }}");
  });

  it("returns the raw object when there are no expressions", () => {
    const plain = { a: 1 };
    expect(new ResolvedParameters(plain, [], [], [], 3).forItem(2)).toBe(plain);
  });

  it("reads a top-level parameter without expressions from the raw parameters and one with expressions per item", () => {
    const resolved = new ResolvedParameters(raw, sites, [[10, 20]], [], 2);
    expect(resolved.sourceFor(1, "keep")).toBe(raw);
    expect((resolved.sourceFor(1, "list").list as Array<{ value: unknown }>)[0]?.value).toBe(20);
    expect(resolved.failureFor(1, "list")).toBeUndefined();
  });

  it("builds one top-level parameter per item without keeping it, sharing its expression-free parts", () => {
    const resolved = new ResolvedParameters(raw, sites, [[10, 20]], [], 2);
    const list = resolved.valueFor(1, "list") as Array<{ value: unknown }>;
    expect(list).toEqual([{ name: "a", value: 20 }, { name: "b", value: "lit" }]);
    expect(list[1]).toBe(raw.list[1]);
    expect(resolved.valueFor(0, "keep")).toBe(raw.keep);
    expect(resolved.valueFor(0, "absent")).toBeUndefined();
    expect(raw.list[0]?.value).toBe("={{ x }}");
  });

  it("reports a failure for the failed item and the parameter paths above and below it", () => {
    const resolved = new ResolvedParameters(raw, sites, [[10, undefined]], [[undefined, { message: "bad" }]], 2);
    expect(resolved.failureFor(0, "list")).toBeUndefined();
    expect(resolved.failureFor(1, "list")).toEqual({ failure: { message: "bad" }, path: "list.0.value" });
    expect(resolved.failureFor(1, "list.0.value.deep")).toBeDefined();
    expect(resolved.failureFor(1, "keep")).toBeUndefined();
  });
});
