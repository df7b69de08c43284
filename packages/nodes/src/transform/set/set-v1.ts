import { defineNode, type Item } from "@bos/node-sdk";
import { setField, shallowCopy, type JsonObject } from "../shared/field-path";

/**
 * Set 1 and 2 (legacy): `values.boolean`, `values.number` and `values.string` lists of `{name, value}`,
 * written in that order (booleans coerced with `!!`, other values as given), onto a copy of the input
 * item unless `keepOnlySet`. Names are dot paths unless `options.dotNotation` is false.
 */
export const setV1Node = defineNode({
  description: {
    type: "n8n-nodes-base.set",
    versions: [1, 2],
    displayName: "Set",
    group: ["input"],
    description: "Sets values on items and optionally remove other values",
    defaults: { name: "Set", color: "#0000FF" },
    inputs: 1,
    outputs: 1,
    sideEffects: "none",
    parameters: [
      {
        displayName: "Keep Only Set",
        name: "keepOnlySet",
        type: "boolean",
        default: false,
        description: "Whether only the values set on this node should be kept and all others removed",
      },
      {
        displayName: "Values to Set",
        name: "values",
        placeholder: "Add Value",
        type: "fixedCollection",
        typeOptions: { multipleValues: true, sortable: true },
        description: "The value to set",
        default: {},
        options: [
          {
            name: "boolean",
            displayName: "Boolean",
            values: [
              { displayName: "Name", name: "name", type: "string", requiresDataPath: "single", default: "propertyName", description: 'Name of the property to write data to. Supports dot-notation. Example: "data.person[0].name"' },
              { displayName: "Value", name: "value", type: "boolean", default: false, description: "The boolean value to write in the property" },
            ],
          },
          {
            name: "number",
            displayName: "Number",
            values: [
              { displayName: "Name", name: "name", type: "string", default: "propertyName", requiresDataPath: "single", description: 'Name of the property to write data to. Supports dot-notation. Example: "data.person[0].name"' },
              { displayName: "Value", name: "value", type: "number", default: 0, description: "The number value to write in the property" },
            ],
          },
          {
            name: "string",
            displayName: "String",
            values: [
              { displayName: "Name", name: "name", type: "string", default: "propertyName", requiresDataPath: "single", description: 'Name of the property to write data to. Supports dot-notation. Example: "data.person[0].name"' },
              { displayName: "Value", name: "value", type: "string", default: "", description: "The string value to write in the property" },
            ],
          },
        ],
      },
      {
        displayName: "Options",
        name: "options",
        type: "collection",
        placeholder: "Add Option",
        default: {},
        options: [
          {
            displayName: "Dot Notation",
            name: "dotNotation",
            type: "boolean",
            default: true,
            description: 'By default, dot-notation is used in property names. This means that "a.b" will set the property "b" underneath "a" so { "a": { "b": value} }. If that is not intended this can be deactivated, it will then set { "a.b": value } instead.',
          },
        ],
      },
    ],
  },
  async execute(ctx) {
    const output: Item[] = ctx.getInputItems().map((item, itemIndex) => {
      const keepOnlySet = ctx.getNodeParameter("keepOnlySet", itemIndex);
      const disableDots = ctx.getNodeParameter("options", itemIndex).dotNotation === false;
      const values = ctx.getNodeParameter("values", itemIndex);
      const json: JsonObject = keepOnlySet ? {} : shallowCopy(item.json);
      const newItem: Item = { json, pairedItem: { item: itemIndex } };
      if (!keepOnlySet && item.binary !== undefined) newItem.binary = { ...item.binary };
      for (const entry of values.boolean ?? []) setField(json, String(entry.name), Boolean(entry.value), disableDots, true);
      for (const entry of values.number ?? []) setField(json, String(entry.name), entry.value, disableDots, true);
      for (const entry of values.string ?? []) setField(json, String(entry.name), entry.value, disableDots, true);
      return newItem;
    });
    return [output];
  },
});
