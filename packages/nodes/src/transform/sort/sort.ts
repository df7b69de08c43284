import { defineNode } from "@bos/node-sdk";
import { shuffleItems, sortItemsByCode, sortItemsByFields, type SortField } from "./sort-items";

const DEFAULT_COMPARATOR = `// The two items to compare are in the variables a and b
// Access the fields in a.json and b.json
// Return -1 if a should go before b
// Return 1 if b should go before a
// Return 0 if there's no difference

fieldName = 'myField';

if (a.json[fieldName] < b.json[fieldName]) {
  return -1;
}
if (a.json[fieldName] > b.json[fieldName]) {
  return 1;
}
return 0;`;

/** How Sort (and Item Lists' sort operation) orders items. */
export const sortTypeOptions = [
  { name: "Simple", value: "simple" },
  { name: "Random", value: "random" },
  { name: "Code", value: "code" },
] as const;

export const sortOrderOptions = [
  { name: "Ascending", value: "ascending" },
  { name: "Descending", value: "descending" },
] as const;

/** Sort 1: by fields, randomly, or with a comparator written in JavaScript (run in the sandbox). */
export const sortNode = defineNode({
  description: {
    type: "n8n-nodes-base.sort",
    versions: [1],
    displayName: "Sort",
    group: ["transform"],
    description: "Change items order",
    defaults: { name: "Sort" },
    inputs: 1,
    outputs: 1,
    sideEffects: "none",
    parameters: [
      {
        displayName: "Type",
        name: "type",
        type: "options",
        options: sortTypeOptions,
        default: "simple",
        description: "The type of sorting to perform",
      },
      {
        displayName: "Fields To Sort By",
        name: "sortFieldsUi",
        type: "fixedCollection",
        typeOptions: { multipleValues: true },
        placeholder: "Add Field To Sort By",
        options: [
          {
            displayName: "",
            name: "sortField",
            values: [
              { displayName: "Field Name", name: "fieldName", type: "string", required: true, default: "", description: "The field to sort by", placeholder: "e.g. id" },
              {
                displayName: "Order",
                name: "order",
                type: "options",
                options: sortOrderOptions,
                default: "ascending",
                description: "The order to sort by",
              },
            ],
          },
        ],
        default: {},
        description: "The fields of the input items to sort by",
        displayOptions: { show: { type: ["simple"] } },
      },
      {
        displayName: "Code",
        name: "code",
        type: "string",
        typeOptions: { alwaysOpenEditWindow: true, editor: "jsEditor", rows: 10 },
        default: DEFAULT_COMPARATOR,
        description: "Javascript code to determine the order of any two items",
        resolve: "never",
        displayOptions: { show: { type: ["code"] } },
      },
      {
        displayName: "Options",
        name: "options",
        type: "collection",
        placeholder: "Add Field",
        default: {},
        displayOptions: { show: { type: ["simple"] } },
        options: [
          { displayName: "Disable Dot Notation", name: "disableDotNotation", type: "boolean", default: false, description: "Whether to disallow referencing child fields using `parent.child` in the field name" },
        ],
      },
    ],
  },
  async execute(ctx) {
    const items = ctx.getInputItems();
    const type = ctx.getNodeParameter("type", 0);
    if (type === "random") return [shuffleItems(items)];
    if (type === "code") return [await sortItemsByCode(ctx, items, ctx.getNodeParameter("code", 0))];
    const fields = (ctx.getNodeParameter("sortFieldsUi", 0).sortField ?? []) as SortField[];
    return [sortItemsByFields(items, fields, ctx.getNodeParameter("options", 0).disableDotNotation === true)];
  },
});
