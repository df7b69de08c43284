import type { ParameterDescription } from "@bos/workflow-schema";

/** Parameters Edit Fields 3.x versions share (include other fields, JSON mode, options). */

/** What Edit Fields 3.0-3.2 and 3.3+ describe alike, besides their parameters. */
export const editFieldsV3Traits = {
  displayName: "Edit Fields (Set)",
  group: ["input"],
  description: "Modify, add, or remove item fields",
  defaults: { name: "Edit Fields" },
  inputs: 1,
  outputs: 1,
  sideEffects: "none",
} as const;

export const setModeParameter = {
  displayName: "Mode",
  name: "mode",
  type: "options",
  noDataExpression: true,
  options: [
    { name: "Manual Mapping", value: "manual", description: "Edit item fields one by one" },
    { name: "JSON", value: "raw", description: "Customize item output with JSON" },
  ],
  default: "manual",
} as const satisfies ParameterDescription;

export const duplicateItemParameters = [
  {
    displayName: "Duplicate Item",
    name: "duplicateItem",
    type: "boolean",
    default: false,
    description: "Test mode only: output each item this many extra times",
  },
  {
    displayName: "Duplicate Item Count",
    name: "duplicateCount",
    type: "number",
    default: 0,
    typeOptions: { minValue: 0 },
    description: "How many times the item should be duplicated, mainly used for testing and debugging",
    displayOptions: { show: { duplicateItem: [true] } },
  },
] as const satisfies readonly ParameterDescription[];

export const jsonOutputParameter = {
  displayName: "JSON",
  name: "jsonOutput",
  type: "json",
  typeOptions: { rows: 5 },
  default: '{\n  "my_field_1": "value",\n  "my_field_2": 1\n}\n',
  description: "The output item as a JSON object; {{ expressions }} inside it are resolved per item",
  displayOptions: { show: { mode: ["raw"] } },
} as const satisfies ParameterDescription;

export const includeFieldsParameter = {
  displayName: "Fields to Include",
  name: "includeFields",
  type: "string",
  default: "",
  placeholder: "e.g. fieldToInclude1,fieldToInclude2",
  description: "Comma-separated list of the field names you want to include in the output. You can drag the selected fields from the input panel.",
  displayOptions: { show: { include: ["selected"] } },
} as const satisfies ParameterDescription;

export const excludeFieldsParameter = {
  displayName: "Fields to Exclude",
  name: "excludeFields",
  type: "string",
  default: "",
  placeholder: "e.g. fieldToExclude1,fieldToExclude2",
  description: "Comma-separated list of the field names you want to exclude from the output. You can drag the selected fields from the input panel.",
  displayOptions: { show: { include: ["except"] } },
} as const satisfies ParameterDescription;

export const setOptionsParameter = {
  displayName: "Options",
  name: "options",
  type: "collection",
  placeholder: "Add option",
  default: {},
  options: [
    {
      displayName: "Include Binary File",
      name: "includeBinary",
      type: "boolean",
      default: true,
      description: "Whether binary data should be included if present in the input item",
      displayOptions: { hide: { "@version": [{ _cnd: { gte: 3.4 } }] } },
    },
    {
      displayName: "Strip Binary Data",
      name: "stripBinary",
      type: "boolean",
      default: true,
      description: 'Whether binary data should be stripped from the input item. Only applies when "Include Other Input Fields" is enabled.',
      displayOptions: { show: { "@version": [{ _cnd: { gte: 3.4 } }] } },
    },
    {
      displayName: "Ignore Type Conversion Errors",
      name: "ignoreConversionErrors",
      type: "boolean",
      default: false,
      description: "Whether to ignore field type errors and apply a less strict type conversion",
      displayOptions: { show: { "/mode": ["manual"] } },
    },
    {
      displayName: "Support Dot Notation",
      name: "dotNotation",
      type: "boolean",
      default: false,
      description: "By default, dot-notation is used in property names. This means that \"a.b\" will set the property \"b\" underneath \"a\" so { \"a\": { \"b\": value} }. If that is not intended this can be deactivated, it will then set { \"a.b\": value } instead.",
    },
  ],
} as const satisfies ParameterDescription;
