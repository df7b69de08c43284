import { defineNode } from "@bos/node-sdk";
import { parseFieldList } from "../shared/field-path";
import { aggregateAllItemData, aggregateIndividualFields, type FieldToAggregate } from "./aggregate-items";

/** What Aggregate (and Item Lists' aggregate operation) combines: chosen fields or whole items. */
export const aggregateModeOptions = [
  { name: "Individual Fields", value: "aggregateIndividualFields" },
  { name: "All Item Data (Into a Single List)", value: "aggregateAllItemData" },
] as const;

/** Which fields of each item "All Item Data" keeps (Aggregate and Item Lists). */
export const aggregateIncludeOptions = [
  { name: "All Fields", value: "allFields" },
  { name: "Specified Fields", value: "specifiedFields" },
  { name: "All Fields Except", value: "allFieldsExcept" },
] as const;

/** Aggregate 1: combines all input items into one, field by field or as a list of whole items. */
export const aggregateNode = defineNode({
  description: {
    type: "n8n-nodes-base.aggregate",
    versions: [1],
    displayName: "Aggregate",
    group: ["transform"],
    description: "Combine a field from many items into a list in a single item",
    defaults: { name: "Aggregate" },
    inputs: 1,
    outputs: 1,
    sideEffects: "none",
    parameters: [
      {
        displayName: "Aggregate",
        name: "aggregate",
        type: "options",
        default: "aggregateIndividualFields",
        options: aggregateModeOptions,
      },
      {
        displayName: "Fields To Aggregate",
        name: "fieldsToAggregate",
        type: "fixedCollection",
        typeOptions: { multipleValues: true },
        placeholder: "Add Field To Aggregate",
        default: { fieldToAggregate: [{ fieldToAggregate: "", renameField: false }] },
        displayOptions: { show: { aggregate: ["aggregateIndividualFields"] } },
        options: [
          {
            displayName: "",
            name: "fieldToAggregate",
            values: [
              { displayName: "Input Field Name", name: "fieldToAggregate", type: "string", default: "", description: "The name of a field in the input items to aggregate together", placeholder: "e.g. id" },
              { displayName: "Rename Field", name: "renameField", type: "boolean", default: false, description: "Whether to give the field a different name in the output" },
              {
                displayName: "Output Field Name",
                name: "outputFieldName",
                type: "string",
                default: "",
                description: "The name of the field to put the aggregated data in. Leave blank to use the input field name.",
                displayOptions: { show: { renameField: [true] } },
              },
            ],
          },
        ],
      },
      {
        displayName: "Put Output in Field",
        name: "destinationFieldName",
        type: "string",
        displayOptions: { show: { aggregate: ["aggregateAllItemData"] } },
        default: "data",
        description: "The name of the output field to put the data in",
      },
      {
        displayName: "Include",
        name: "include",
        type: "options",
        default: "allFields",
        options: aggregateIncludeOptions,
        displayOptions: { show: { aggregate: ["aggregateAllItemData"] } },
      },
      {
        displayName: "Fields To Exclude",
        name: "fieldsToExclude",
        type: "string",
        placeholder: "e.g. email, name",
        default: "",
        displayOptions: { show: { aggregate: ["aggregateAllItemData"], include: ["allFieldsExcept"] } },
      },
      {
        displayName: "Fields To Include",
        name: "fieldsToInclude",
        type: "string",
        placeholder: "e.g. email, name",
        default: "",
        displayOptions: { show: { aggregate: ["aggregateAllItemData"], include: ["specifiedFields"] } },
      },
      {
        displayName: "Options",
        name: "options",
        type: "collection",
        placeholder: "Add Option",
        default: {},
        options: [
          {
            displayName: "Disable Dot Notation",
            name: "disableDotNotation",
            type: "boolean",
            default: false,
            description: "Whether to disallow referencing child fields using `parent.child` in the field name",
            displayOptions: { hide: { "/aggregate": ["aggregateAllItemData"] } },
          },
          {
            displayName: "Merge Lists",
            name: "mergeLists",
            type: "boolean",
            default: false,
            description: "Whether to merge the output into a single flat list (rather than a list of lists), if the field to aggregate is a list",
            displayOptions: { hide: { "/aggregate": ["aggregateAllItemData"] } },
          },
          { displayName: "Include Binaries", name: "includeBinaries", type: "boolean", default: false, description: "Whether to include the binary data in the new item" },
          {
            displayName: "Keep Only Unique Binaries",
            name: "keepOnlyUnique",
            type: "boolean",
            default: false,
            description: "Whether to keep only unique binaries by comparing mime types, file types, file sizes and file extensions",
            displayOptions: { show: { includeBinaries: [true] } },
          },
          {
            displayName: "Keep Missing And Null Values",
            name: "keepMissing",
            type: "boolean",
            default: false,
            description: "Whether to add a null entry to the aggregated list when there is a missing or null value",
            displayOptions: { hide: { "/aggregate": ["aggregateAllItemData"] } },
          },
        ],
      },
    ],
  },
  async execute(ctx) {
    const items = ctx.getInputItems();
    const options = ctx.getNodeParameter("options", 0);
    if (ctx.getNodeParameter("aggregate", 0) === "aggregateAllItemData") {
      const include = ctx.getNodeParameter("include", 0);
      return [
        [
          aggregateAllItemData(items, {
            destinationFieldName: ctx.getNodeParameter("destinationFieldName", 0),
            fieldsToInclude: include === "specifiedFields" ? parseFieldList(ctx.getNodeParameter("fieldsToInclude", 0)) : [],
            fieldsToExclude: include === "allFieldsExcept" ? parseFieldList(ctx.getNodeParameter("fieldsToExclude", 0)) : [],
            includeBinaries: options.includeBinaries,
            keepOnlyUnique: options.keepOnlyUnique,
          }),
        ],
      ];
    }
    const fields = (ctx.getNodeParameter("fieldsToAggregate", 0).fieldToAggregate ?? []) as FieldToAggregate[];
    return [[aggregateIndividualFields(items, { fields, ...options }, ctx.logger)]];
  },
});
