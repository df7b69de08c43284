import { jsonOf, runNodeForTest } from "../../testing/test-context";
import { setV1Node } from "./set-v1";
import { setV3FieldsNode } from "./set-v3-fields";

describe("Edit Fields 3.0-3.2 (fields.values)", () => {
  it("converts typed values and includes no input fields (set-legacy-shapes)", async () => {
    const items = [{ json: { t: "alpha", c: 1 } }, { json: { t: "beta", c: 2 } }];
    const out = await runNodeForTest(setV3FieldsNode, {
      typeVersion: 3.2,
      items,
      parameters: { mode: "manual", include: "none", options: {} },
      perItemParameters: items.map((item) => ({
        fields: {
          values: [
            { name: "title", type: "stringValue", stringValue: item.json.t.toUpperCase() },
            { name: "count", type: "numberValue", numberValue: item.json.c + 1 },
            { name: "ok", type: "booleanValue", booleanValue: "true" },
            { name: "list", type: "arrayValue", arrayValue: "[1, 2]" },
            { name: "obj", type: "objectValue", objectValue: { k: item.json.c } },
          ],
        },
      })),
    });
    expect(jsonOf(out)).toEqual([
      [
        { title: "ALPHA", count: 2, ok: true, list: [1, 2], obj: { k: 1 } },
        { title: "BETA", count: 3, ok: true, list: [1, 2], obj: { k: 2 } },
      ],
    ]);
  });

  it("names the entry when an object value is not JSON", async () => {
    await expect(
      runNodeForTest(setV3FieldsNode, { typeVersion: 3.2, parameters: { fields: { values: [{ name: "o", type: "objectValue", objectValue: "{oops" }] } } }),
    ).rejects.toThrow(`The entry "o" inside 'Fields to Set' in item 0 contains invalid JSON`);
  });

  it("turns a missing string into 'null' in 3.0 and rejects it in 3.1", async () => {
    const v30 = await runNodeForTest(setV3FieldsNode, { typeVersion: 3, parameters: { fields: { values: [{ name: "s", type: "stringValue", stringValue: null }] } } });
    expect(jsonOf(v30)).toEqual([[{ s: "null" }]]);
    await expect(
      runNodeForTest(setV3FieldsNode, { typeVersion: 3.1, parameters: { fields: { values: [{ name: "s", type: "stringValue", stringValue: null }] } } }),
    ).rejects.toThrow("'s' expects a string but we got 'null' [item 0]");
  });
});

describe("Set 1 and 2", () => {
  it("keeps only the set values, booleans then numbers then strings (set-legacy-shapes v2)", async () => {
    const out = await runNodeForTest(setV1Node, {
      typeVersion: 2,
      items: [{ json: { title: "ALPHA", count: 2 } }],
      parameters: { keepOnlySet: true, values: { string: [{ name: "label", value: "ALPHA-v2" }], number: [{ name: "count", value: 20 }], boolean: [{ name: "flag", value: true }] } },
    });
    expect(jsonOf(out)).toEqual([[{ flag: true, count: 20, label: "ALPHA-v2" }]]);
    expect(Object.keys(out[0]?.[0]?.json ?? {})).toEqual(["flag", "count", "label"]);
  });

  it("writes dotted names as nested fields on top of the input (set-legacy-shapes v1)", async () => {
    const out = await runNodeForTest(setV1Node, {
      typeVersion: 1,
      items: [{ json: { flag: true } }],
      parameters: { values: { string: [{ name: "meta.source", value: "legacy" }], number: [{ name: "meta.rank", value: 1 }] } },
    });
    expect(jsonOf(out)).toEqual([[{ flag: true, meta: { rank: 1, source: "legacy" } }]]);
  });

  it("writes literal dotted names with dotNotation off", async () => {
    const out = await runNodeForTest(setV1Node, { parameters: { values: { boolean: [{ name: "a.b", value: 1 }] }, options: { dotNotation: false } } });
    expect(jsonOf(out)).toEqual([[{ "a.b": true }]]);
  });
});
