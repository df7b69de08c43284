import type { Item } from "@bos/node-sdk";
import { chainInfo, recordChain } from "./__fixtures__/workflow";
import { IsolateHandle } from "./isolate-handle";
import { encodeJsonColumns, PROJECTION_MIN_SAVED_BYTES, projectedFields, worthProjecting } from "./json-projection";
import { SandboxPool } from "./sandbox-pool";
import type { EvaluationScope, ExecutionSandbox } from "./types";

describe("projectedFields", () => {
  it("collects the fields of literal member reads", () => {
    expect(projectedFields([" $json.a "])).toEqual(["a"]);
    expect(projectedFields(["$json?.a + $json ?. b"])).toEqual(["a", "b"]);
    expect(projectedFields([`$json["first name"] + $json['x-y'] + $json?.["z"]`])).toEqual(["first name", "x-y", "z"]);
    expect(projectedFields(["$json.a.b.toUpperCase()", "$json . c .d()"])).toEqual(["a", "c"]);
    expect(projectedFields(["$itemIndex * 2", "1 + 1"])).toEqual([]);
    expect(projectedFields(["($json.x = 1, $json.x)", "`${$json.name}`", "...$json.list"])).toEqual(["x", "name", "list"]);
    expect(projectedFields(["x.$json + $jsonX + a$json"])).toEqual([]);
    expect(projectedFields(["$json.constructor === Object", "$json.hasOwnProperty"])).toEqual(["constructor", "hasOwnProperty"]);
  });

  it.each([
    ["a call with $json as this", "$json.keys()"],
    ["a call after whitespace", "$json.isEmpty ()"],
    ["an optional call", "$json.keys?.()"],
    ["a tagged template", "$json.f`x`"],
    ["a bracket call", "$json['keys']()"],
    ["the whole object", "Object.keys($json)"],
    ["a computed key", "$json[k]"],
    ["a numeric key", "$json[0]"],
    ["a spread", "({...$json})"],
    ["a spread of the variable after a member read", "$json.a + [...$json]"],
    ["JSON.stringify", "JSON.stringify($json)"],
    ["__proto__", "$json.__proto__"],
    ["__proto__ in brackets", "$json['__proto__']"],
    ["the in operator", "'x' in $json"],
    ["a parameter named $json", "(($json) => $json.a)(1)"],
    ["an assignment to $json", "$json = 1"],
    ["a call of $json", "$json?.()"],
    ["a comment hiding a call", "$json.keys /* */ ()"],
    ["a comment after $json", "$json // x\n.a"],
    ["an HTML-like comment hiding a call", "$json.keys <!-- x\n()"],
    ["an HTML-like closing comment hiding a call", "$json.keys\n--> x\n()"],
    ["arguments", "$json.a + arguments[0]"],
    ["eval", "$json.a + eval('$js' + 'on')"],
    ["caller", "$json.a + (function f() { return f.caller })()"],
    ["a unicode escape naming the variable", "$json.a + Object.keys(\\u0024json)"],
    ["a unicode identifier character", "$json.nameé"],
    ["a string literal with an escape", "$json['a\\'b']"],
    ["a string mentioning $json", "'$json'"],
  ])("keeps whole objects for %s", (_label, code) => {
    expect(projectedFields([code])).toBeNull();
  });

  it("keeps whole objects when any code of the batch needs them", () => {
    expect(projectedFields(["$json.a", "Object.keys($json)"])).toBeNull();
  });
});

describe("encodeJsonColumns", () => {
  it("writes each field's own values as JSON would, listing the items that lack it", () => {
    const items: Item[] = [
      { json: { a: 1, b: "x", d: new Date(0) } },
      { json: { a: null, b: undefined, c: () => 1 } },
      { json: Object.create({ a: "inherited" }) as Record<string, unknown> },
    ];
    expect(JSON.parse(encodeJsonColumns(items, ["a", "b", "c", "d"])!)).toEqual([
      3,
      [[1, null, null], ["x", null, null], [null, null, null], ["1970-01-01T00:00:00.000Z", null, null]],
      [[2], [1, 2], [0, 1, 2], [1, 2]],
    ]);
  });

  it("leaves out non-enumerable own properties, as JSON.stringify does", () => {
    const json: Record<string, unknown> = { a: 1 };
    Object.defineProperty(json, "hidden", { value: 2, enumerable: false });
    expect(JSON.parse(encodeJsonColumns([{ json }], ["a", "hidden"])!)).toEqual([1, [[1], [null]], [[], [0]]]);
  });

  it("gives up on json that is not a plain object", () => {
    expect(encodeJsonColumns([{ json: [1] as unknown as Record<string, unknown> }], ["a"])).toBeNull();
    expect(encodeJsonColumns([{ json: null as unknown as Record<string, unknown> }], ["a"])).toBeNull();
    expect(encodeJsonColumns([{ json: new Date(0) as unknown as Record<string, unknown> }], ["a"])).toBeNull();
  });
});

describe("worthProjecting", () => {
  const rows = (count: number, padding: number): Item[] => Array.from({ length: count }, (_, i) => ({ json: { name: `n${i}`, pad: "x".repeat(padding) } }));

  it("projects only when the fields left out add up to enough text", () => {
    expect(worthProjecting(rows(4, 100), ["name"])).toBe(false);
    expect(worthProjecting(rows(4, PROJECTION_MIN_SAVED_BYTES / 4 + 10), ["name"])).toBe(true);
    expect(worthProjecting(rows(4, PROJECTION_MIN_SAVED_BYTES / 4 + 10), ["name", "pad"])).toBe(false);
    expect(worthProjecting(rows(10_000, 10), ["name"])).toBe(true);
    expect(worthProjecting([], ["name"])).toBe(false);
  });

  it("leaves data JSON cannot write to the whole-object path", () => {
    expect(worthProjecting([{ json: { n: 1n, pad: "x".repeat(PROJECTION_MIN_SAVED_BYTES) } }], ["pad"])).toBe(false);
  });
});

describe("evaluate with projected $json", () => {
  let pool: SandboxPool;
  let sandbox: ExecutionSandbox;
  let spies: jest.SpyInstance[] = [];

  beforeAll(() => {
    pool = new SandboxPool({ poolSize: 1 });
  });
  afterAll(async () => {
    await pool.close();
  });
  beforeEach(async () => {
    sandbox = await pool.createExecutionSandbox(chainInfo());
    recordChain(sandbox);
    // Pass-through spies: they only record what each crossing carried.
    spies = [jest.spyOn(IsolateHandle.prototype, "call"), jest.spyOn(IsolateHandle.prototype, "callBlocking")];
  });
  afterEach(() => {
    for (const spy of spies) spy.mockRestore();
    sandbox.dispose();
  });

  /** The `project` field of every evaluate crossing so far (undefined: whole objects). */
  const projections = (): unknown[] =>
    spies.flatMap((spy) =>
      (spy.mock.calls as unknown[][])
        // A synchronous attempt that ran out of its budget (null) is repeated asynchronously: count it once.
        .filter((args, k) => args[0] === "evaluate" && spy.mock.results[k]?.value !== null)
        .map((args) => (JSON.parse((args[1] as string[])[1]!) as { project?: unknown }).project),
    );

  // `pad`, read by no expression, makes the projection worth it (see worthProjecting).
  const pad = (count: number) => "x".repeat(Math.ceil((PROJECTION_MIN_SAVED_BYTES * 1.5) / count));
  const items = (): Item[] => [
    { json: { a: 1, name: "Ada", "first name": "Ada L", nested: { b: "x" }, list: [1, 2], constructor: "own", toString: "own text", keys: 5, n: null, pad: pad(4) } },
    { json: { a: 2, name: "Bob", nested: { b: "y" }, u: undefined, fn: () => 1, list: [], pad: pad(4) } },
    { json: { a: 0, d: new Date(0), x: null, nested: {}, pad: pad(4) } },
    { json: { pad: pad(4) } },
  ];
  // Not a recorded run, so the inputs always travel with the call.
  const scope = (inputs = items()): EvaluationScope => ({ node: "Lookups", runIndex: 0, inputs: [inputs], source: [{ previousNode: "Sort" }] });
  const WHOLE = "={{ Object.keys($json).length }}";

  it.each([
    ["a member read", "={{ $json.a * 2 }}", ["a"]],
    ["an optional member read", "={{ $json?.a + 1 }}", ["a"]],
    ["a quoted field", '={{ $json["first name"] ?? "-" }}', ["first name"]],
    ["a method call on a field's value", "={{ $json.nested.b.toUpperCase() }}", ["nested"]],
  ])("sends only the fields read for %s", async (_label, expression, fields) => {
    await sandbox.evaluate(scope(), [expression]);
    expect(projections()).toEqual([fields]);
  });

  it.each(["={{ $json.keys() }}", "={{ $json.isEmpty() }}"])("sends whole objects for %s", async (expression) => {
    const result = await sandbox.evaluate(scope(), [expression]);
    expect(projections()).toEqual([undefined]);
    expect(result.values[0]?.slice(1)).toEqual(expression.includes("keys") ? [["a", "name", "nested", "list", "pad"], ["a", "d", "x", "nested", "pad"], ["pad"]] : [false, false, false]);
  });

  it.each([
    "={{ Object.keys($json) }}",
    "={{ ['a', 'name'].map((k) => $json[k]) }}",
    "={{ JSON.stringify($json) }}",
    "={{ $json.__proto__ === Object.prototype }}",
    "={{ ({ ...$json }) }}",
    "={{ 'x' in $json }}",
    "={{ $json.hasOwnProperty('a') }}",
  ])("sends whole objects for %s, with the same results", async (expression) => {
    const result = await sandbox.evaluate(scope(), [expression]);
    expect(projections()).toEqual([undefined]);
    expect(result.errors[0]).toBeUndefined();
    const run = new Function("$json", `return (${expression.slice(3, -2)})`) as (json: unknown) => unknown;
    expect(result.values[0]).toEqual(JSON.parse(JSON.stringify(items().map(({ json }) => run(JSON.parse(JSON.stringify(json)))))));
  });

  it("answers like whole objects for a matrix of expressions", async () => {
    const matrix = [
      "={{ $json.a * 2 }}",
      "={{ $json?.a + 1 }}",
      '={{ $json["first name"] ?? "-" }}',
      "={{ $json.name?.toUpperCase() }}",
      "={{ $json.nested.b.toUpperCase() }}",
      "={{ $json.missing.deeper }}",
      "={{ $json.x === undefined }}",
      "={{ $json.x === null }}",
      "={{ $json.n === null }}",
      "={{ $json.u === undefined }}",
      "={{ typeof $json.u + typeof $json.fn }}",
      "={{ $json.d }}",
      "={{ $json.constructor === Object }}",
      "={{ $json.constructor }}",
      "={{ typeof $json.hasOwnProperty }}",
      "={{ $json.toString }}",
      "={{ $json.keys }}",
      "={{ $json.list.length }}",
      "={{ $json.list?.sum() }}",
      "=Hi {{ $json.name }} / {{ $json.nested }}!",
      "={{ ($json.z = 5, $json.z) }}",
      "={{ $if($json.a, $json.name, 'none') }}",
      "={{ $json.a > 0 ? $json['name'] : $json['nested'] }}",
      "={{ $itemIndex + ($json.a ?? 0) }}",
    ];
    for (const expression of matrix) {
      const before = projections().length;
      const projected = await sandbox.evaluate(scope(), [expression]);
      const whole = await sandbox.evaluate(scope(), [expression, WHOLE]);
      expect({ expression, values: projected.values[0], errors: projected.errors[0] }).toEqual({ expression, values: whole.values[0], errors: whole.errors[0] });
      expect({ expression, sent: projections().slice(before).map((fields) => fields !== undefined) }).toEqual({ expression, sent: [true, false] });
    }
  });

  it("builds many items' objects like JSON.parse, fields missing here and there", async () => {
    // 40 items: the runtime's generated maker (fewer items are defined one by one).
    const many = Array.from({ length: 40 }, (_, i) => ({ json: { ...(i % 3 ? { a: i } : {}), ...(i % 5 ? { b: `b${i}` } : { b: null }), ...(i % 7 ? {} : { c: [i] }), pad: pad(40) } }));
    const batch = ["={{ [$json.a, $json.b, $json.c?.[0], $json.a === undefined, $json.constructor === Object] }}", "={{ ($json.d = $json.a, 1) && $json.d }}"];
    const projected = await sandbox.evaluate(scope(many), batch);
    const whole = await sandbox.evaluate(scope(many), [...batch, WHOLE]);
    expect(projections()).toEqual([["a", "b", "c", "constructor", "d"], undefined]);
    expect(projected.values).toEqual(whole.values.slice(0, 2));
    expect(projected.values[0]?.[3]).toEqual([null, "b3", null, true, true]);
    expect(projected.values[0]?.[7]).toEqual([7, "b7", 7, false, true]);
  });

  it.each([4, 40])("defines fields past inherited read-only properties and descriptor-like names (%i items)", async (count) => {
    await sandbox.runCode(scope(), {
      code: "Object.defineProperty(Object.prototype, 'ro', { value: 'inherited', writable: false }); Object.prototype.get = function () {}; return [];",
      mode: "runOnceForAllItems",
    });
    const inputs = Array.from({ length: count }, (_, i) => ({ json: i % 2 ? { ro: `own ${i}`, pad: pad(count) } : { pad: pad(count) } }));
    const result = await sandbox.evaluate(scope(inputs), ["={{ $json.ro + '' }}"]);
    expect(projections()).toEqual([["ro"]]);
    expect(result.values[0]?.slice(0, 4)).toEqual(["inherited", "own 1", "inherited", "own 3"]);
  });

  it("shares each item's object between the expressions of a batch, as whole objects do", async () => {
    const batch = ["={{ ($json.x = $json.a * 10, 1) }}", "={{ $json.x }}", "={{ ($json.a = 'changed', $json.a) }}", "={{ $json.a }}"];
    const projected = await sandbox.evaluate(scope(), batch);
    const whole = await sandbox.evaluate(scope(), [...batch, WHOLE]);
    expect(projections()).toEqual([["x", "a"], undefined]);
    expect(projected.values[1]).toEqual([10, 20, 0, null]);
    expect(projected.values[3]).toEqual(["changed", "changed", "changed", "changed"]);
    expect(projected.values).toEqual(whole.values.slice(0, 4));
  });

  it("lets own data fields named like inherited members win, as JSON.parse does", async () => {
    const result = await sandbox.evaluate(scope(), ["={{ $json.constructor }}", "={{ $json.toString + '' }}", "={{ $json.keys }}"]);
    expect(projections()).toEqual([["constructor", "toString", "keys"]]);
    expect(result.values[0]?.[0]).toBe("own");
    expect(result.values[1]?.[0]).toBe("own text");
    expect(result.values[2]).toEqual([5, undefined, undefined, undefined]);
  });

  it("repeats the call with whole items when an accessor on Object.prototype could see the item", async () => {
    await sandbox.runCode(scope(), {
      code: "Object.defineProperty(Object.prototype, 'seen', { get() { return Object.keys(this).join(); }, configurable: true }); return [];",
      mode: "runOnceForAllItems",
    });
    const result = await sandbox.evaluate(scope(), ["={{ $json.seen }}"]);
    expect(projections()).toEqual([["seen"], undefined]);
    expect(result.values[0]?.[3]).toBe("pad");
    expect(result.values[0]?.[2]).toBe("a,d,x,nested,pad");
  });

  it("repeats the call with whole items when the batch itself installs such an accessor", async () => {
    const result = await sandbox.evaluate(scope(), [
      // (`this` spelled out would keep the batch off the json-only path altogether.)
      "={{ Object.defineProperty(Object.prototype, 'seen2', { get: new Function('return Object.keys(th' + 'is).join()'), configurable: true }) && 1 }}",
      "={{ $json.seen2 }}",
    ]);
    expect(projections()).toEqual([["seen2"], undefined]);
    expect(result.values[1]?.[2]).toBe("a,d,x,nested,pad");
  });

  it("repeats the call with whole items when something reaches the input items anyway", async () => {
    // A caller walk with computed names reaches the runtime's variable resolver; the scan cannot see that.
    const code = "(function f() { return f['cal' + 'ler']['argu' + 'ments'][1]('$inp' + 'ut').all().map((i) => Object.keys(i.json).length); })()";
    const result = await sandbox.evaluate(scope(), [`={{ $json.a + 0 && ${code} }}`]);
    expect(projections()).toEqual([["a"], undefined]);
    expect(result.values[0]?.[0]).toEqual([10, 5, 5, 1]);
    expect(result.errors[0]).toBeUndefined();
  });

  it("keeps whole objects when too little would be left out", async () => {
    const small = items().map(({ json: { pad: _pad, ...json } }) => ({ json }));
    const result = await sandbox.evaluate(scope(small), ["={{ $json.a * 2 }}"]);
    expect(projections()).toEqual([undefined]);
    expect(result.values[0]).toEqual([2, 4, 0, null]);
  });

  it("sends no item data for expressions that do not read $json", async () => {
    const result = await sandbox.evaluate(scope(), ["={{ $runIndex + 1 }}", "={{ $workflow.name }}"]);
    expect(projections()).toEqual([[]]);
    expect(result.values).toEqual([[1, 1, 1, 1], ["Test workflow", "Test workflow", "Test workflow", "Test workflow"]]);
  });
});
