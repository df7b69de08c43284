import type { ParameterDescription } from "@bos/workflow-schema";
import { aggregateIncludeOptions, aggregateModeOptions } from "../aggregate/aggregate";
import { limitKeepOptions } from "../limit/limit";
import { sortOrderOptions, sortTypeOptions } from "../sort/sort";
import { splitOutIncludeOptions } from "../split-out/split-out";
import { summarizeOutputFormatOptions } from "../summarize/summarize";

/**
 * Item Lists' parameters. Versions 1 to 2.2 call the aggregate operation `aggregateItems` and take
 * field lists as `{fields: [{fieldName}]}`; 3 and 3.1 call it `concatenateItems` and take
 * comma-separated text. Everything else is shared with the standalone nodes.
 */
export function itemListsParameters(shape: { aggregateOperation: "aggregateItems" | "concatenateItems"; fieldLists: "fixedCollection" | "string" }) {
  const op = (...operation: string[]) => ({ resource: ["itemList"], operation });
  const fieldList = (name: string, displayName: string, show: Record<string, readonly unknown[]>): ParameterDescription =>
    shape.fieldLists === "string"
      ? { displayName, name, type: "string", default: "", placeholder: "e.g. email, name", displayOptions: { show } }
      : {
          displayName,
          name,
          type: "fixedCollection",
          typeOptions: { multipleValues: true },
          placeholder: "Add Field",
          default: {},
          displayOptions: { show },
          options: [{ displayName: "", name: "fields", values: [{ displayName: "Field Name", name: "fieldName", type: "string", default: "", placeholder: "e.g. id" }] }],
        };
  const aggregate = shape.aggregateOperation;
  return [
    { displayName: "Resource", name: "resource", type: "hidden", options: [{ name: "Item List", value: "itemList" }], default: "itemList" },
    {
      displayName: "Operation",
      name: "operation",
      type: "options",
      noDataExpression: true,
      options: [
        { name: "Concatenate Items", value: aggregate, description: "Combine fields into a list in a single new item" },
        { name: "Limit", value: "limit", description: "Remove items if there are too many" },
        { name: "Remove Duplicates", value: "removeDuplicates", description: "Remove extra items that are similar" },
        { name: "Sort", value: "sort", description: "Change the item order" },
        { name: "Split Out Items", value: "splitOutItems", description: "Turn a list or values of object's properties inside item(s) into separate items" },
        { name: "Summarize", value: "summarize", description: "Aggregate items together (pivot table)" },
      ],
      default: "splitOutItems",
    },
    { displayName: "Field To Split Out", name: "fieldToSplitOut", type: "string", default: "", required: true, description: "The name of the input field to break out into separate items", displayOptions: { show: op("splitOutItems") } },
    {
      displayName: "Include",
      name: "include",
      type: "options",
      options: splitOutIncludeOptions,
      default: "noOtherFields",
      description: "Whether to copy any other fields into the new items",
      displayOptions: { show: op("splitOutItems") },
    },
    fieldList("fieldsToInclude", "Fields To Include", { ...op("splitOutItems"), include: ["selectedOtherFields"] }),
    {
      displayName: "Aggregate",
      name: "aggregate",
      type: "options",
      default: "aggregateIndividualFields",
      options: aggregateModeOptions,
      displayOptions: { show: op(aggregate) },
    },
    {
      displayName: "Fields To Aggregate",
      name: "fieldsToAggregate",
      type: "fixedCollection",
      typeOptions: { multipleValues: true },
      placeholder: "Add Field To Aggregate",
      default: { fieldToAggregate: [{ fieldToAggregate: "", renameField: false }] },
      displayOptions: { show: { ...op(aggregate), aggregate: ["aggregateIndividualFields"] } },
      options: [
        {
          displayName: "",
          name: "fieldToAggregate",
          values: [
            { displayName: "Input Field Name", name: "fieldToAggregate", type: "string", default: "", placeholder: "e.g. id" },
            { displayName: "Rename Field", name: "renameField", type: "boolean", default: false },
            { displayName: "Output Field Name", name: "outputFieldName", type: "string", default: "", displayOptions: { show: { renameField: [true] } } },
          ],
        },
      ],
    },
    { displayName: "Put Output in Field", name: "destinationFieldName", type: "string", default: "data", displayOptions: { show: { ...op(aggregate), aggregate: ["aggregateAllItemData"] } } },
    {
      displayName: "Include",
      name: "include",
      type: "options",
      default: "allFields",
      options: aggregateIncludeOptions,
      displayOptions: { show: { ...op(aggregate), aggregate: ["aggregateAllItemData"] } },
    },
    fieldList("fieldsToExclude", "Fields To Exclude", { ...op(aggregate), aggregate: ["aggregateAllItemData"], include: ["allFieldsExcept"] }),
    fieldList("fieldsToInclude", "Fields To Include", { ...op(aggregate), aggregate: ["aggregateAllItemData"], include: ["specifiedFields"] }),
    {
      displayName: "Compare",
      name: "compare",
      type: "options",
      options: [
        { name: "All Fields", value: "allFields" },
        { name: "All Fields Except", value: "allFieldsExcept" },
        { name: "Selected Fields", value: "selectedFields" },
      ],
      default: "allFields",
      displayOptions: { show: op("removeDuplicates") },
    },
    fieldList("fieldsToExclude", "Fields To Exclude", { ...op("removeDuplicates"), compare: ["allFieldsExcept"] }),
    fieldList("fieldsToCompare", "Fields To Compare", { ...op("removeDuplicates"), compare: ["selectedFields"] }),
    {
      displayName: "Type",
      name: "type",
      type: "options",
      options: sortTypeOptions,
      default: "simple",
      displayOptions: { show: op("sort") },
    },
    {
      displayName: "Fields To Sort By",
      name: "sortFieldsUi",
      type: "fixedCollection",
      typeOptions: { multipleValues: true },
      placeholder: "Add Field To Sort By",
      default: {},
      displayOptions: { show: { ...op("sort"), type: ["simple"] } },
      options: [
        {
          displayName: "",
          name: "sortField",
          values: [
            { displayName: "Field Name", name: "fieldName", type: "string", required: true, default: "" },
            {
              displayName: "Order",
              name: "order",
              type: "options",
              options: sortOrderOptions,
              default: "ascending",
            },
          ],
        },
      ],
    },
    { displayName: "Code", name: "code", type: "string", typeOptions: { alwaysOpenEditWindow: true, editor: "code", rows: 10 }, default: "", resolve: "never", displayOptions: { show: { ...op("sort"), type: ["code"] } } },
    { displayName: "Max Items", name: "maxItems", type: "number", typeOptions: { minValue: 1 }, default: 1, displayOptions: { show: op("limit") } },
    {
      displayName: "Keep",
      name: "keep",
      type: "options",
      options: limitKeepOptions,
      default: "firstItems",
      displayOptions: { show: op("limit") },
    },
    {
      displayName: "Fields to Summarize",
      name: "fieldsToSummarize",
      type: "fixedCollection",
      placeholder: "Add Field",
      default: { values: [{ aggregation: "count", field: "" }] },
      typeOptions: { multipleValues: true },
      displayOptions: { show: op("summarize") },
      options: [
        {
          displayName: "",
          name: "values",
          values: [
            { displayName: "Aggregation", name: "aggregation", type: "options", default: "count", options: ["append", "average", "concatenate", "count", "countUnique", "max", "min", "sum"].map((value) => ({ name: value, value })) },
            { displayName: "Field", name: "field", type: "string", default: "" },
            { displayName: "Include Empty Values", name: "includeEmpty", type: "boolean", default: false },
            { displayName: "Separator", name: "separateBy", type: "string", default: "," },
            { displayName: "Custom Separator", name: "customSeparator", type: "string", default: "" },
          ],
        },
      ],
    },
    { displayName: "Fields to Split By", name: "fieldsToSplitBy", type: "string", default: "", displayOptions: { show: op("summarize") } },
    {
      displayName: "Options",
      name: "options",
      type: "collection",
      placeholder: "Add Field",
      default: {},
      options: [
        { displayName: "Disable Dot Notation", name: "disableDotNotation", type: "boolean", default: false },
        { displayName: "Destination Field Name", name: "destinationFieldName", type: "string", default: "", displayOptions: { show: { "/operation": ["splitOutItems"] } } },
        { displayName: "Include Binary", name: "includeBinary", type: "boolean", default: false, displayOptions: { show: { "/operation": ["splitOutItems"] } } },
        { displayName: "Merge Lists", name: "mergeLists", type: "boolean", default: false, displayOptions: { show: { "/operation": [aggregate] } } },
        { displayName: "Include Binaries", name: "includeBinaries", type: "boolean", default: false, displayOptions: { show: { "/operation": [aggregate] } } },
        { displayName: "Keep Only Unique Binaries", name: "keepOnlyUnique", type: "boolean", default: false, displayOptions: { show: { "/operation": [aggregate], includeBinaries: [true] } } },
        { displayName: "Keep Missing And Null Values", name: "keepMissing", type: "boolean", default: false, displayOptions: { show: { "/operation": [aggregate] } } },
        { displayName: "Remove Other Fields", name: "removeOtherFields", type: "boolean", default: false, displayOptions: { show: { "/operation": ["removeDuplicates"] } } },
        { displayName: "Continue if Field Not Found", name: "continueIfFieldNotFound", type: "boolean", default: false, displayOptions: { show: { "/operation": ["summarize"] } } },
        {
          displayName: "Output Format",
          name: "outputFormat",
          type: "options",
          default: "separateItems",
          options: summarizeOutputFormatOptions,
          displayOptions: { show: { "/operation": ["summarize"] } },
        },
        { displayName: "Ignore items without valid fields to group by", name: "skipEmptySplitFields", type: "boolean", default: false, displayOptions: { show: { "/operation": ["summarize"] } } },
      ],
    },
  ] as const satisfies readonly ParameterDescription[];
}
