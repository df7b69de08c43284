import { SandboxPool } from "./sandbox-pool";
import type { ExecutionSandbox } from "./types";
import { chainInfo, evalAll, lookupsScope, recordChain, seedItems } from "./__fixtures__/workflow";

let pool: SandboxPool;
let sandbox: ExecutionSandbox;

beforeAll(() => {
  pool = new SandboxPool({ poolSize: 1 });
});
afterAll(async () => {
  await pool.close();
});
beforeEach(async () => {
  sandbox = await pool.createExecutionSandbox(chainInfo());
  recordChain(sandbox);
});
afterEach(() => sandbox.dispose());

const one = async (expression: string, scope = lookupsScope()) => {
  const result = await sandbox.evaluate({ ...scope, itemCount: 1 }, [expression]);
  return { value: result.values[0]?.[0], error: result.errors[0]?.[0] };
};

describe("expression syntax", () => {
  it("returns the raw value of a lone chunk, keeping its type", async () => {
    expect((await one("={{ $json.score }}")).value).toBe(95);
    expect((await one("={{ { a: [1, 2] } }}")).value).toEqual({ a: [1, 2] });
    expect((await one("={{ $json.score > 90 }}")).value).toBe(true);
  });

  it("renders text plus chunks as a string, null and undefined as empty, 0 and false kept", async () => {
    expect((await one("=a{{ null }}b{{ undefined }}c{{ 0 }}{{ false }}")).value).toBe("abc0false");
    expect((await one("=obj {{ { a: 1 } }} arr {{ [1, 2] }}")).value).toBe('obj {"a":1} arr [1,2]');
  });

  it("passes non-expression strings through unchanged, even with braces", async () => {
    const result = await sandbox.evaluate(lookupsScope(), ["{{ $json.name }}"]);
    expect(result.values[0]).toEqual(["{{ $json.name }}", "{{ $json.name }}", "{{ $json.name }}"]);
  });

  it("evaluates ordinary runtime errors inside a chunk to undefined, as n8n's legacy evaluator", async () => {
    expect(await one("={{ $json.missing.deeper }}")).toEqual({ value: undefined, error: undefined });
    expect((await one("=x{{ null.y }}y")).value).toBe("xy");
  });

  it("reports a syntax error as an expression failure", async () => {
    const { error } = await one("={{ $json. }}");
    expect(error?.message).toBe("invalid syntax");
  });

  it("asks for () when an expression returns a function", async () => {
    const { error } = await one("={{ $json.name.toUpperCase }}");
    expect(error?.message).toMatch(/is a function. Please add \(\)/);
  });

  it("evaluates every expression for every item in one batch", async () => {
    const result = await sandbox.evaluate(lookupsScope(), ["={{ $json.name.toLowerCase() }}", "={{ $itemIndex }}", "=n{{ $json.id }}"]);
    expect(result.values).toEqual([["bob", "ada", "cy"], [0, 1, 2], ["nb", "na", "nc"]]);
    expect(result.errors).toEqual([undefined, undefined, undefined]);
  });

  it("answers path-only expressions host-side with copies, so callers cannot change recorded data", async () => {
    const items = [{ json: { obj: { n: 1 } } }];
    const result = await sandbox.evaluate(lookupsScope({ inputs: [items] }), ["={{ $json.obj }}", "={{ $json['obj'].n }}"]);
    expect(result.values).toEqual([[{ n: 1 }], [1]]);
    (result.values[0]?.[0] as { n: number }).n = 2;
    expect(items[0]?.json.obj.n).toBe(1);
  });

  it("evaluates only the requested item with onlyItem and sees extra variables", async () => {
    const result = await sandbox.evaluate(lookupsScope({ onlyItem: 2, extraVariables: { $pageCount: 3, $response: { body: { next: "p2" } } } }), [
      "={{ $json.name + $pageCount + $response.body.next }}",
    ]);
    expect(result.values[0]?.[2]).toBe("Cy3p2");
    expect(result.values[0]?.[0]).toBeUndefined();
  });
});

describe("expression variables", () => {
  it("exposes $input, $binary, $itemIndex and its aliases, $runIndex and $prevNode", async () => {
    const result = await sandbox.evaluate(lookupsScope({ runIndex: 2 }), [
      "={{ $input.item.json.name }}",
      "={{ $input.all().length + '/' + $input.first().json.id + '/' + $input.last().json.id }}",
      "={{ [$itemIndex, $thisItemIndex, $position, $runIndex, $thisRunIndex] }}",
      "={{ $prevNode }}",
      "={{ $binary }}",
    ]);
    expect(result.values[0]).toEqual(["Bob", "Ada", "Cy"]);
    expect(result.values[1]?.[0]).toBe("3/b/c");
    expect(result.values[2]?.[1]).toEqual([1, 1, 1, 2, 2]);
    expect(result.values[3]?.[0]).toEqual({ name: "Sort", outputIndex: 0, runIndex: 0 });
    expect(result.values[4]?.[0]).toEqual({});
  });

  it("reads other nodes with $('Name').first/last/all/isExecuted and legacy $node / $items / $item", async () => {
    const result = await sandbox.evaluate(lookupsScope(), [
      "={{ $('Seed').first().json.name + $('Seed').last().json.name + $('Seed').all().length }}",
      "={{ $('Seed').isExecuted }}",
      "={{ $('AfterAgg').isExecuted }}",
      "={{ $node['Seed'].json.name }}",
      "={{ $node.Seed.runIndex }}",
      "={{ $items('Seed').length + $items().length }}",
      "={{ $item(2).$json.name + $item(0).$node['Seed'].json.id }}",
      "={{ $('Seed').params }}",
    ]);
    expect(result.values[0]?.[0]).toBe("AdaCy3");
    expect(result.values[1]?.[0]).toBe(true);
    expect(result.values[2]?.[0]).toBe(false);
    expect(result.values[3]).toEqual(["Ada", "Bob", "Cy"]);
    expect(result.values[4]?.[0]).toBe(0);
    expect(result.values[5]?.[0]).toBe(6);
    expect(result.values[6]?.[0]).toBe("Cya");
    expect(result.values[7]?.[0]).toEqual({});
  });

  it("fails with n8n's messages for unknown and unexecuted nodes", async () => {
    expect((await one("={{ $('Nope').first().json }}")).error?.message).toBe("Referenced node doesn't exist");
    expect((await one("={{ $('AfterAgg').first().json }}")).error?.message).toBe("Referenced node is unexecuted");
  });

  it("exposes $parameter resolved for the item and $rawParameter as written", async () => {
    const result = await sandbox.evaluate(lookupsScope(), ["={{ $parameter.keep }}", "={{ $parameter.plain }}", "={{ $rawParameter.keep }}", "={{ $parameter.selfRef }}"]);
    expect(result.values[0]).toEqual(["Bob", "Ada", "Cy"]);
    expect(result.values[1]?.[0]).toBe("x");
    expect(result.values[2]?.[0]).toBe("={{ $json.name }}");
    expect(result.values[3]?.[0]).toBeUndefined();
  });

  it("exposes $workflow, $execution (with customData), $vars and blocks $env", async () => {
    const result = await sandbox.evaluate(lookupsScope({ itemCount: 1 }), [
      "={{ $workflow }}",
      "={{ [$execution.id, $execution.mode, $executionId] }}",
      "={{ $execution.customData.set('k', 'v') }}{{ $execution.customData.get('k') }}",
      "={{ $vars.region }}",
      "={{ $env.HOME }}",
    ]);
    expect(result.values[0]?.[0]).toEqual({ id: "wf-1", name: "Test workflow", active: false });
    expect(result.values[1]?.[0]).toEqual(["exec-1", "test", "exec-1"]);
    expect(result.values[2]?.[0]).toBe("v");
    expect(result.values[3]?.[0]).toBe("eu");
    expect(result.errors[4]?.[0]?.message).toBe("access to env vars denied");
  });

  it("evaluates only the chosen branch of $if, as n8n compiles it to a conditional", async () => {
    const result = await sandbox.evaluate(lookupsScope({ inputs: [[{ json: {} }, { json: { user: { name: "Ana" } } }]] }), [
      "={{ $if($json.user, $json.user.name, 'anon') }}",
    ]);
    expect(result.values[0]).toEqual(["anon", "Ana"]);
  });

  it("offers $ifEmpty, $if, $min, $max, $average, $not and $jmespath", async () => {
    const result = await sandbox.evaluate(lookupsScope({ itemCount: 1 }), [
      "={{ [$ifEmpty('', 'd'), $ifEmpty([], 'd'), $ifEmpty(0, 'd'), $if(true, 1, 2), $min(3, 1), $max(3, 1), $average(1, 2, 3), $not(false)] }}",
      "={{ $jmespath({ a: [{ b: 1 }, { b: 2 }] }, 'a[*].b') }}",
      "={{ $jmesPath($('Seed').all(), '[].json.name') }}",
    ]);
    expect(result.values[0]?.[0]).toEqual(["d", "d", 0, 1, 1, 3, 2, true]);
    expect(result.values[1]?.[0]).toEqual([1, 2]);
    expect(result.values[2]?.[0]).toEqual(["Ada", "Bob", "Cy"]);
  });

  it("gives $now and $today in the workflow timezone and Luxon globals", async () => {
    const ny = await pool.createExecutionSandbox(chainInfo({ timezone: "America/New_York" }));
    try {
      const result = await ny.evaluate(lookupsScope({ itemCount: 1 }), [
        "={{ $now.zoneName }}",
        "={{ $today.hour + $today.minute }}",
        "={{ DateTime.fromISO('2024-07-01T12:00:00Z').toISO() }}",
        "={{ Duration.fromObject({ hours: 2 }).as('minutes') }}",
        "={{ Interval.fromISO('2024-01-01/2024-01-03').length('days') }}",
      ]);
      expect(result.values.map((v) => v[0])).toEqual(["America/New_York", 0, "2024-07-01T08:00:00.000-04:00", 120, 2]);
    } finally {
      ny.dispose();
    }
  });
});

describe("extension methods", () => {
  const caseItem = {
    title: "hello wonderful world",
    text: "Contact: Jane.Doe@Example.com now",
    people: [{ name: "ann", age: 30 }, { name: "bob", age: 25 }, { name: "ann", age: 41 }],
    nums: [4, 1, 4, 9, 2],
    price: 3.14159,
    obj: { a: 1, b: null, c: "x" },
    empty: "",
    url: "https://www.n8n.io/docs?x=1",
    joined: "2023-11-02",
  };
  const scope = () => lookupsScope({ inputs: [[{ json: caseItem }]], itemCount: 1 });

  it("gives the string results the n8n case recorded", async () => {
    const expressions: Record<string, [string, unknown]> = {
      titleCase: ["={{ $json.title.toTitleCase() }}", "Hello Wonderful World"],
      snakeCase: ["={{ $json.title.toSnakeCase() }}", "hello_wonderful_world"],
      sentenceCase: ["={{ 'HELLO there. how ARE you'.toSentenceCase() }}", "Hello there. How are you"],
      email: ["={{ $json.text.extractEmail() }}", "Jane.Doe@Example.com"],
      isEmpty: ["={{ $json.empty.isEmpty() }}", true],
      isNotEmpty: ["={{ $json.title.isNotEmpty() }}", true],
      isEmail: ["={{ 'bob@example.com'.isEmail() }}", true],
      domain: ["={{ $json.url.extractDomain() }}", "www.n8n.io"],
      urlEncoded: ["={{ 'a b&c'.urlEncode() }}", "a%20b%26c"],
      toNumber: ["={{ '42.5'.toNumber() }}", 42.5],
      removeTags: ["={{ '<p>Hi <b>there</b></p>'.removeTags() }}", "Hi there"],
      sha256: ["={{ 'abc'.hash('sha256') }}", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
      md5: ["={{ 'abc'.hash('md5') }}", "900150983cd24fb0d6963f7d28e17f72"],
      sha1: ["={{ 'abc'.hash('sha1') }}", "a9993e364706816aba3e25717850c26c9cd0d89d"],
      sha512: ["={{ 'abc'.hash('sha512').slice(0, 16) }}", "ddaf35a193617aba"],
      base64: ["={{ 'héllo'.base64Encode() + '|' + 'aMOpbGxv'.base64Decode() }}", "aMOpbGxv|héllo"],
      reformatted: ["={{ $json.joined.toDateTime().toFormat('dd/LL/yyyy') }}", "02/11/2023"],
    };
    const result = await sandbox.evaluate(scope(), Object.values(expressions).map(([e]) => e));
    expect(Object.fromEntries(Object.keys(expressions).map((k, i) => [k, result.values[i]?.[0]]))).toEqual(
      Object.fromEntries(Object.entries(expressions).map(([k, [, v]]) => [k, v])),
    );
  });

  it("gives the array, number and object results the n8n case recorded", async () => {
    const expressions: Record<string, [string, unknown]> = {
      sum: ["={{ $json.nums.sum() }}", 20],
      pluck: ["={{ $json.people.pluck('name') }}", ["ann", "bob", "ann"]],
      unique: ["={{ $json.nums.unique() }}", [4, 1, 9, 2]],
      first: ["={{ $json.nums.first() }}", 4],
      last: ["={{ $json.nums.last() }}", 2],
      chunk: ["={{ $json.nums.chunk(2) }}", [[4, 1], [4, 9], [2]]],
      max: ["={{ $json.nums.max() }}", 9],
      min: ["={{ $json.nums.min() }}", 1],
      average: ["={{ $json.nums.average() }}", 4],
      compact: ["={{ [1, null, 0, '', 'a'].compact() }}", [1, 0, "a"]],
      round2: ["={{ $json.price.round(2) }}", 3.14],
      floor: ["={{ $json.price.floor() }}", 3],
      ceil: ["={{ $json.price.ceil() }}", 4],
      isEven: ["={{ (8).isEven() }}", true],
      keys: ["={{ $json.obj.keys() }}", ["a", "b", "c"]],
      hasA: ["={{ $json.obj.hasField('a') }}", true],
      hasZ: ["={{ $json.obj.hasField('z') }}", false],
      objCompact: ["={{ $json.obj.compact() }}", { a: 1, c: "x" }],
      emptyObj: ["={{ ({}).isEmpty() }}", true],
    };
    const result = await sandbox.evaluate(scope(), Object.values(expressions).map(([e]) => e));
    expect(Object.fromEntries(Object.keys(expressions).map((k, i) => [k, result.values[i]?.[0]]))).toEqual(
      Object.fromEntries(Object.entries(expressions).map(([k, [, v]]) => [k, v])),
    );
  });

  it("lets plain data keys win over extension methods and hides the methods from enumeration", async () => {
    const result = await sandbox.evaluate(lookupsScope({ inputs: [[{ json: { o: { keys: 5, first: "f" } } }]], itemCount: 1 }), [
      "={{ $json.o.keys }}",
      "={{ Object.keys($json.o) }}",
      "={{ JSON.stringify([1].concat([])) }}",
      "={{ (() => { const out = []; for (const k in {a: 1}) out.push(k); return out; })() }}",
    ]);
    expect(result.values.map((v) => v[0])).toEqual([5, ["keys", "first"], "[1]", ["a"]]);
  });

  it("adds DateTime extras: plus(n, unit), format, extract, isWeekend", async () => {
    const result = await sandbox.evaluate(lookupsScope({ itemCount: 1 }), [
      "={{ DateTime.fromISO('2024-03-01T10:00:00Z').plus(2, 'days').format('yyyy-MM-dd') }}",
      "={{ DateTime.fromISO('2024-03-02T10:00:00Z').isWeekend() }}",
      "={{ DateTime.fromISO('2024-03-02T10:00:00Z').extract('month') }}",
      "={{ DateTime.fromISO($json.joined ?? '2024-01-15', { zone: 'utc' }).plus({ months: 1 }).toFormat('yyyy-MM-dd') }}",
    ]);
    expect(result.values.map((v) => v[0])).toEqual(["2024-03-03", true, 3, "2024-02-15"]);
  });

  it("reads a missing key named like an extension method as undefined, as n8n does", async () => {
    const result = await sandbox.evaluate(lookupsScope({ inputs: [[{ json: { list: [1] } }]], itemCount: 1 }), [
      "={{ $json.values }}",
      "={{ $json.list.first }}",
      "=[{{ $json.keys }}]",
    ]);
    expect(result.values.map((v) => v[0])).toEqual([undefined, undefined, "[]"]);
    expect(result.errors).toEqual([undefined, undefined, undefined]);
  });

  it("fails the item with an expression error when an extension method is misused", async () => {
    expect((await one("={{ 'abc'.toNumber() }}")).error?.message).toMatch(/Cannot convert 'abc' to a number/);
  });
});

describe("paired items", () => {
  it("follows pairedItem links back through a node that reorders items", async () => {
    const { values } = await evalAll(sandbox, lookupsScope(), "={{ $('Seed').item.json.name }}");
    expect(values).toEqual(["Bob", "Ada", "Cy"]);
  });

  it("matches items of the direct parent by position, and itemMatching / pairedItem by index", async () => {
    const result = await sandbox.evaluate(lookupsScope(), ["={{ $('Sort').item.json.name }}", "={{ $('Seed').itemMatching(2).json.name }}", "={{ $('Seed').pairedItem(0).json.id }}"]);
    expect(result.values).toEqual([["Bob", "Ada", "Cy"], ["Cy", "Cy", "Cy"], ["b", "b", "b"]]);
  });

  it("fails with 'Multiple matching items' when an item came from several items", async () => {
    const scope = { node: "AfterAgg", runIndex: 0, inputs: [[{ json: { names: [] }, pairedItem: { item: 0 } }]], source: [{ previousNode: "Agg" }] };
    const { errors } = await evalAll(sandbox, scope, "={{ $('Seed').item.json.name }}");
    expect(errors[0]).toMatchObject({ message: "Multiple matching items for expression [item 0]" });
  });

  it("fails with 'Paired item data unavailable' when a node in the chain gave no pairedItem", async () => {
    const scope = { node: "AfterNoLink", runIndex: 0, inputs: [[{ json: { fresh: 1 } }]], source: [{ previousNode: "NoLink" }] };
    const { errors } = await evalAll(sandbox, scope, "={{ $('Seed').item.json.name }}");
    expect(errors[0]?.toString()).toBeDefined();
    expect(errors[0]).toMatchObject({ message: expect.stringContaining("Paired item data unavailable") });
    expect((errors[0] as { description: string }).description).toContain("NoLink");
  });

  it("fails with 'No path back to referenced node' for a node that is not upstream", async () => {
    const { errors } = await evalAll(sandbox, lookupsScope(), "={{ $('Agg').item.json }}");
    expect(errors[0]).toMatchObject({ message: "No path back to referenced node" });
  });

  it("honours sourceOverwrite, as Loop Over Items uses it", async () => {
    sandbox.recordNodeRun({
      node: "Island",
      runIndex: 0,
      source: [{ previousNode: "Sort" }],
      outputs: [[{ json: { x: 1 }, pairedItem: { item: 2, sourceOverwrite: { previousNode: "Seed", previousNodeOutput: 0, previousNodeRun: 0 } } }]],
    });
    const info = chainInfo({
      connections: { ...chainInfo().connections, Sort: { main: [[{ node: "Island", type: "main", index: 0 }]] }, Island: { main: [[{ node: "Lookups", type: "main", index: 0 }]] } },
    });
    const looped = await pool.createExecutionSandbox(info);
    try {
      recordChain(looped);
      looped.recordNodeRun({
        node: "Island",
        runIndex: 0,
        source: [{ previousNode: "Sort" }],
        outputs: [[{ json: { x: 1 }, pairedItem: { item: 2, sourceOverwrite: { previousNode: "Seed", previousNodeOutput: 0, previousNodeRun: 0 } } }]],
      });
      const result = await looped.evaluate({ node: "Lookups", runIndex: 0, inputs: [[{ json: { x: 1 } }]], source: [{ previousNode: "Island" }] }, ["={{ $('Seed').item.json.name }}"]);
      expect(result.values[0]).toEqual(["Cy"]);
    } finally {
      looped.dispose();
    }
  });

  it("sees seed items unchanged after an expression mutates what it read", async () => {
    await sandbox.evaluate(lookupsScope(), ["={{ $('Seed').first().json.name = 'changed' }}"]);
    const { values } = await evalAll(sandbox, lookupsScope({ itemCount: 1 }), "={{ $('Seed').first().json.name }}");
    expect(values).toEqual(["Ada"]);
    expect(seedItems[0]?.json.name).toBe("Ada");
  });
});
