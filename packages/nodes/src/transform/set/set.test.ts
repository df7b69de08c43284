import { jsonOf, runNodeForTest } from "../../testing/test-context";
import { setNode } from "./set";
import { convertAssignment } from "./compose-set-item";

const seed = [
  { json: { name: "widget", qty: "3", price: 2.5, tags: "red,blue", meta: '{"color":"red","size":2}', active: "true" } },
  { json: { name: "doohickey", qty: "0", price: 0.75, tags: "", meta: "{}", active: "1" } },
];

function assignment(name: string, value: unknown, type: string) {
  return { id: name, name, value, type };
}

describe("Edit Fields 3.4 manual mode", () => {
  it("converts each assignment to its type and drops other fields (set-manual-types)", async () => {
    const perItem = seed.map((item, i) => ({
      assignments: {
        assignments: [
          assignment("label", `Item ${i}: ${item.json.name}`, "string"),
          assignment("qtyNumber", item.json.qty, "number"),
          assignment("fixedNumber", "42.5", "number"),
          assignment("isActive", item.json.active, "boolean"),
          assignment("literalTrue", true, "boolean"),
          assignment("tagList", item.json.tags.split(","), "array"),
          assignment("literalArray", "[1, 2, 3]", "array"),
          assignment("quotedArray", "['a', 'b']", "array"),
          assignment("meta", item.json.meta, "object"),
          assignment("literalObject", '{"fixed": true, "n": 1}', "object"),
          assignment("priceAsString", item.json.price, "string"),
          assignment("objectAsString", { a: 1 }, "string"),
        ],
      },
    }));
    const out = await runNodeForTest(setNode, { items: seed, perItemParameters: perItem, parameters: { mode: "manual", options: {} } });
    expect(jsonOf(out)).toEqual([
      [
        {
          label: "Item 0: widget",
          qtyNumber: 3,
          fixedNumber: 42.5,
          isActive: true,
          literalTrue: true,
          tagList: ["red", "blue"],
          literalArray: [1, 2, 3],
          quotedArray: ["a", "b"],
          meta: { color: "red", size: 2 },
          literalObject: { fixed: true, n: 1 },
          priceAsString: "2.5",
          objectAsString: '{"a":1}',
        },
        {
          label: "Item 1: doohickey",
          qtyNumber: 0,
          fixedNumber: 42.5,
          isActive: true,
          literalTrue: true,
          tagList: [""],
          literalArray: [1, 2, 3],
          quotedArray: ["a", "b"],
          meta: {},
          literalObject: { fixed: true, n: 1 },
          priceAsString: "0.75",
          objectAsString: '{"a":1}',
        },
      ],
    ]);
    expect(out[0]?.[1]?.pairedItem).toEqual({ item: 1 });
  });

  it("fails the node with n8n's message when a value cannot be converted", async () => {
    const run = runNodeForTest(setNode, {
      items: [{ json: {} }, { json: {} }],
      perItemParameters: [{}, { assignments: { assignments: [assignment("v", "n/a", "number")] } }],
      parameters: { assignments: { assignments: [assignment("v", 1, "number")] } },
    });
    await expect(run).rejects.toThrow("'v' expects a number but we got 'n/a' [item 1]");
  });

  it("puts {error, pairedItem} into the item json when continuing on fail (on-error-continue-outputs)", async () => {
    const items = [{ json: { id: 1, v: 10 } }, { json: { id: 2, v: -5 } }, { json: { id: 3, v: 30 } }];
    const out = await runNodeForTest(setNode, {
      items,
      onError: "continueErrorOutput",
      parameters: { includeOtherFields: true, options: {} },
      perItemParameters: items.map((item) => ({
        assignments: { assignments: [assignment("v", item.json.v < 0 ? "n/a" : item.json.v, "number")] },
      })),
    });
    expect(jsonOf(out)).toEqual([
      [{ id: 1, v: 10 }, { error: "'v' expects a number but we got 'n/a' [item 1]", pairedItem: { item: 1 } }, { id: 3, v: 30 }],
    ]);
  });

  it("keeps the unconverted value with ignoreConversionErrors", async () => {
    const out = await runNodeForTest(setNode, {
      parameters: { assignments: { assignments: [assignment("v", "n/a", "number"), assignment("b", "maybe", "boolean")] }, options: { ignoreConversionErrors: true } },
    });
    expect(jsonOf(out)).toEqual([[{ v: "n/a", b: "maybe" }]]);
  });

  it("sets null for a missing value and reports arrays and objects by kind", async () => {
    const ok = await runNodeForTest(setNode, { parameters: { assignments: { assignments: [assignment("s", null, "string")] } } });
    expect(jsonOf(ok)).toEqual([[{ s: null }]]);
    await expect(
      runNodeForTest(setNode, { parameters: { assignments: { assignments: [assignment("n", [1], "object")] } } }),
    ).rejects.toThrow("'n' expects a object but we got array [item 0]");
    await expect(
      runNodeForTest(setNode, { parameters: { assignments: { assignments: [assignment("b", "", "boolean")] } } }),
    ).rejects.toThrow("'b' expects a boolean but we got '' [item 0]");
  });
});

describe("Edit Fields 3.4 include other fields and dot notation", () => {
  const items = [
    { json: { id: 1, user: { first: "Ada", last: "Lovelace" }, score: 90, secret: "x" } },
    { json: { id: 2, user: { first: "Alan", last: "Turing" }, score: 75, secret: "y" } },
  ];

  it("merges dotted names into existing objects when including all fields", async () => {
    const out = await runNodeForTest(setNode, {
      items,
      parameters: { includeOtherFields: true, options: {} },
      perItemParameters: items.map((item) => ({
        assignments: {
          assignments: [
            assignment("user.full", `${item.json.user.first} ${item.json.user.last}`, "string"),
            assignment("stats.double", item.json.score * 2, "number"),
            assignment("score", item.json.score + 1, "number"),
          ],
        },
      })),
    });
    expect(jsonOf(out)[0]?.[0]).toEqual({ id: 1, user: { first: "Ada", last: "Lovelace", full: "Ada Lovelace" }, score: 91, secret: "x", stats: { double: 180 } });
    expect(items[0]?.json.user).toEqual({ first: "Ada", last: "Lovelace" });
  });

  it("names selected dotted fields after their last segment", async () => {
    const input = [{ json: { id: 1, user: { first: "Ada", full: "Ada Lovelace" }, stats: { double: 180 }, score: 91 } }];
    const out = await runNodeForTest(setNode, {
      items: input,
      parameters: {
        includeOtherFields: true,
        include: "selected",
        includeFields: "id, user.full, stats",
        assignments: { assignments: [assignment("rank", "A", "string")] },
        options: {},
      },
    });
    expect(jsonOf(out)).toEqual([[{ id: 1, full: "Ada Lovelace", stats: { double: 180 }, rank: "A" }]]);
  });

  it("writes literal dotted keys when dotNotation is false", async () => {
    const out = await runNodeForTest(setNode, {
      parameters: { assignments: { assignments: [assignment("a.b", "x", "string"), assignment("x.y.z", 1, "number")] }, options: { dotNotation: false } },
    });
    expect(jsonOf(out)).toEqual([[{ "a.b": "x", "x.y.z": 1 }]]);
  });

  it("treats __proto__ in a field name as data, not as the prototype", async () => {
    const out = await runNodeForTest(setNode, {
      parameters: { assignments: { assignments: [assignment("__proto__.polluted", "yes", "string")] } },
    });
    const json = out[0]?.[0]?.json as Record<string, unknown>;
    expect(Object.prototype.hasOwnProperty.call(json, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(json)).toBe(Object.prototype);
  });

  it("keeps binary data by default when including other fields, and drops it with stripBinary", async () => {
    const binary = { data: { data: "aGk=", mimeType: "text/plain" } };
    const kept = await runNodeForTest(setNode, { items: [{ json: { a: 1 }, binary }], parameters: { includeOtherFields: true, options: {} } });
    expect(kept[0]?.[0]?.binary).toEqual(binary);
    const stripped = await runNodeForTest(setNode, { items: [{ json: { a: 1 }, binary }], parameters: { includeOtherFields: true, options: { stripBinary: true } } });
    expect(stripped[0]?.[0]?.binary).toBeUndefined();
  });
});

describe("Edit Fields 3.4 raw mode", () => {
  const items = [{ json: { greeting: "Hello Ada", n2: 6, list: [1, 2], obj: { k: "v" }, isBig: false } }];

  it("parses the resolved JSON text into the item (set-raw-json-mode)", async () => {
    const out = await runNodeForTest(setNode, {
      parameters: { mode: "raw", jsonOutput: '{\n  "greeting": "Hello Ada",\n  "n2": 6,\n  "list": [1,2],\n  "obj": {"k":"v"}\n}\n' },
    });
    expect(jsonOf(out)).toEqual([[{ greeting: "Hello Ada", n2: 6, list: [1, 2], obj: { k: "v" } }]]);
  });

  it("adds the JSON to the other fields, minus the excluded ones", async () => {
    const out = await runNodeForTest(setNode, {
      items,
      parameters: { mode: "raw", includeOtherFields: true, include: "except", excludeFields: "list, obj", jsonOutput: '{\n  "static": [1, 2, 3],\n  "flag": false\n}' },
    });
    expect(jsonOf(out)).toEqual([[{ greeting: "Hello Ada", n2: 6, isBig: false, static: [1, 2, 3], flag: false }]]);
  });

  it("accepts an object that an expression already produced", async () => {
    const out = await runNodeForTest(setNode, { parameters: { mode: "raw", jsonOutput: { extra: 7 } } });
    expect(jsonOf(out)).toEqual([[{ extra: 7 }]]);
  });

  it("rejects invalid JSON and non-object JSON with n8n's messages", async () => {
    await expect(runNodeForTest(setNode, { parameters: { mode: "raw", jsonOutput: '{"a": ' } })).rejects.toThrow(
      "The 'JSON Output' in item 0 contains invalid JSON",
    );
    await expect(runNodeForTest(setNode, { parameters: { mode: "raw", jsonOutput: "[1, 2]" } })).rejects.toThrow(
      "The 'JSON Output' in item 0 does not contain a valid JSON object",
    );
  });

  it("emits {error} for a bad item when continuing on fail", async () => {
    const out = await runNodeForTest(setNode, { onError: "continueRegularOutput", parameters: { mode: "raw", jsonOutput: "nope" } });
    expect(jsonOf(out)).toEqual([[{ error: "The 'JSON Output' in item 0 contains invalid JSON" }]]);
  });
});

describe("Edit Fields 3.4 duplicate item (test mode)", () => {
  it("outputs each item duplicateCount extra times in a manual run", async () => {
    const out = await runNodeForTest(setNode, { items: [{ json: { a: 1 } }], parameters: { includeOtherFields: true, duplicateItem: true, duplicateCount: 2 } });
    expect(jsonOf(out)).toEqual([[{ a: 1 }, { a: 1 }, { a: 1 }]]);
  });
});

describe("convertAssignment", () => {
  const context = { itemIndex: 0, ignoreConversionErrors: false, version: 3.4, inputItem: { json: {} } };

  it("returns a string or number that already has its declared type unchanged", () => {
    expect(convertAssignment("s", "string", "abc", context)).toBe("abc");
    expect(convertAssignment("n", "number", 4.5, context)).toBe(4.5);
  });

  it("still rejects NaN for a number field", () => {
    expect(() => convertAssignment("n", "number", Number.NaN, context)).toThrow("'n' expects a number");
  });
});
