import { defineNode } from "@bos/node-sdk";
import { parseFieldList } from "../shared/field-path";
import { summarizeItems, type FieldToSummarize, type SummarizeOptions } from "./summarize-items";

/** How Summarize (and Item Lists' summarize operation) lays out the groups. */
export const summarizeOutputFormatOptions = [
  { name: "Each Split in a Separate Item", value: "separateItems" },
  { name: "All Splits in a Single Item", value: "singleItem" },
] as const;

/**
 * Summarize 1 and 1.1 ("Aggregate ... like a pivot table"). 1.1 keeps split values' types (1 and
 * "1" are different groups; 1 groups by text) and only warns when a summarized field is in no item.
 */
export const summarizeNode = defineNode({
  description: {
    type: "n8n-nodes-base.summarize",
    versions: [1, 1.1],
    displayName: "Summarize",
    group: ["transform"],
    description: "Sum, count, max, etc. across items",
    defaults: { name: "Summarize" },
    inputs: 1,
    outputs: 1,
    sideEffects: "none",
    parameters: [
      {
        displayName: "Fields to Summarize",
        name: "fieldsToSummarize",
        type: "fixedCollection",
        placeholder: "Add Field",
        default: { values: [{ aggregation: "count", field: "" }] },
        typeOptions: { multipleValues: true },
        options: [
          {
            displayName: "",
            name: "values",
            values: [
              {
                displayName: "Aggregation",
                name: "aggregation",
                type: "options",
                options: [
                  { name: "Append", value: "append" },
                  { name: "Average", value: "average" },
                  { name: "Concatenate", value: "concatenate" },
                  { name: "Count", value: "count" },
                  { name: "Count Unique", value: "countUnique" },
                  { name: "Max", value: "max" },
                  { name: "Min", value: "min" },
                  { name: "Sum", value: "sum" },
                ],
                default: "count",
                description: "How to combine the values of the field you want to summarize",
              },
              { displayName: "Field", name: "field", type: "string", default: "", description: "The name of an input field that you want to summarize", placeholder: "e.g. cost" },
              {
                displayName: "Include Empty Values",
                name: "includeEmpty",
                type: "boolean",
                default: false,
                displayOptions: { show: { aggregation: ["append", "concatenate", "count", "countUnique"] } },
              },
              {
                displayName: "Separator",
                name: "separateBy",
                type: "options",
                default: ",",
                options: [
                  { name: "Comma", value: "," },
                  { name: "Comma and Space", value: ", " },
                  { name: "New Line", value: "\n" },
                  { name: "None", value: "" },
                  { name: "Space", value: " " },
                  { name: "Other", value: "other" },
                ],
                hint: "What to insert between values",
                displayOptions: { show: { aggregation: ["concatenate"] } },
              },
              { displayName: "Custom Separator", name: "customSeparator", type: "string", default: "", displayOptions: { show: { aggregation: ["concatenate"], separateBy: ["other"] } } },
            ],
          },
        ],
      },
      {
        displayName: "Fields to Split By",
        name: "fieldsToSplitBy",
        type: "string",
        placeholder: "e.g. country, city",
        default: "",
        description: "The name of the input fields that you want to split the summary by",
      },
      {
        displayName: "Options",
        name: "options",
        type: "collection",
        placeholder: "Add option",
        default: {},
        options: [
          {
            displayName: "Continue if Field Not Found",
            name: "continueIfFieldNotFound",
            type: "boolean",
            default: false,
            description: "Whether to continue if field to summarize can't be found in any items and return single empty item, otherwise an error would be thrown",
            displayOptions: { hide: { "@version": [{ _cnd: { gte: 1.1 } }] } },
          },
          { displayName: "Disable Dot Notation", name: "disableDotNotation", type: "boolean", default: false, description: "Whether to disallow referencing child fields using `parent.child` in the field name" },
          {
            displayName: "Output Format",
            name: "outputFormat",
            type: "options",
            default: "separateItems",
            options: summarizeOutputFormatOptions,
          },
          { displayName: "Ignore items without valid fields to group by", name: "skipEmptySplitFields", type: "boolean", default: false },
        ],
      },
    ],
  },
  async execute(ctx) {
    const fieldsToSummarize = (ctx.getNodeParameter("fieldsToSummarize", 0).values ?? []) as FieldToSummarize[];
    return [
      summarizeItems(
        ctx.getInputItems(),
        {
          fieldsToSummarize,
          fieldsToSplitBy: parseFieldList(ctx.getNodeParameter("fieldsToSplitBy", 0)),
          options: ctx.getNodeParameter("options", 0) as SummarizeOptions,
          version: ctx.node.typeVersion,
        },
        ctx.logger,
      ),
    ];
  },
});
