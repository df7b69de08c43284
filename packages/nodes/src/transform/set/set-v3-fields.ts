import { defineNode } from "@bos/node-sdk";
import { convertAssignment, parseJsonObjectParameter, type SetInclude } from "./compose-set-item";
import { executeEditFieldsV3 } from "./run-edit-fields";
import {
  duplicateItemParameters,
  editFieldsV3Traits,
  excludeFieldsParameter,
  includeFieldsParameter,
  jsonOutputParameter,
  setModeParameter,
  setOptionsParameter,
} from "./set-parameters";

const VALUE_TYPES = ["stringValue", "numberValue", "booleanValue", "arrayValue", "objectValue"] as const;
type ValueType = (typeof VALUE_TYPES)[number];

/**
 * Edit Fields (Set) 3.0 to 3.2: fields as `fields.values[{name, type: "stringValue", stringValue}]`
 * and `include: none | all | selected | except` (no includeOtherFields switch).
 */
export const setV3FieldsNode = defineNode({
  description: {
    type: "n8n-nodes-base.set",
    versions: [3, 3.1, 3.2],
    ...editFieldsV3Traits,
    parameters: [
      setModeParameter,
      ...duplicateItemParameters,
      {
        displayName: "Fields to Set",
        name: "fields",
        placeholder: "Add Field",
        type: "fixedCollection",
        description: "Edit existing fields or add new ones to modify the output data",
        typeOptions: { multipleValues: true, sortable: true },
        default: {},
        displayOptions: { show: { mode: ["manual"] } },
        options: [
          {
            name: "values",
            displayName: "Values",
            values: [
              { displayName: "Name", name: "name", type: "string", default: "", placeholder: "e.g. fieldName", description: "Name of the field to set the value of. Supports dot-notation. Example: data.person[0].name." },
              {
                displayName: "Type",
                name: "type",
                type: "options",
                description: "The field value type",
                options: [
                  { name: "String", value: "stringValue" },
                  { name: "Number", value: "numberValue" },
                  { name: "Boolean", value: "booleanValue" },
                  { name: "Array", value: "arrayValue" },
                  { name: "Object", value: "objectValue" },
                ],
                default: "stringValue",
              },
              { displayName: "Value", name: "stringValue", type: "string", default: "", displayOptions: { show: { type: ["stringValue"] } } },
              { displayName: "Value", name: "numberValue", type: "string", default: "", displayOptions: { show: { type: ["numberValue"] } } },
              {
                displayName: "Value",
                name: "booleanValue",
                type: "options",
                default: "true",
                options: [
                  { name: "True", value: "true" },
                  { name: "False", value: "false" },
                ],
                displayOptions: { show: { type: ["booleanValue"] } },
              },
              { displayName: "Value", name: "arrayValue", type: "string", default: "", placeholder: "e.g. [ arrayItem1, arrayItem2, arrayItem3 ]", displayOptions: { show: { type: ["arrayValue"] } } },
              { displayName: "Value", name: "objectValue", type: "json", default: "={}", typeOptions: { rows: 2 }, displayOptions: { show: { type: ["objectValue"] } } },
            ],
          },
        ],
      },
      jsonOutputParameter,
      {
        displayName: "Include in Output",
        name: "include",
        type: "options",
        description: "How to select the fields you want to include in your output items",
        default: "none",
        options: [
          { name: "No Input Fields", value: "none" },
          { name: "All Input Fields", value: "all", description: "Also include all unchanged fields from the input" },
          { name: "Selected Input Fields", value: "selected", description: "Also include the fields listed in the parameter “Fields to Include”" },
          { name: "All Input Fields Except", value: "except", description: "Exclude the fields listed in the parameter “Fields to Exclude”" },
        ],
      },
      includeFieldsParameter,
      excludeFieldsParameter,
      setOptionsParameter,
    ],
  },
  async execute(ctx) {
    const version = ctx.node.typeVersion;
    return [
      executeEditFieldsV3(ctx, {
        readInclude: (itemIndex) => ctx.getNodeParameter("include", itemIndex) as SetInclude,
        readManualFields: (item, itemIndex, options) => {
          const entries = (ctx.getNodeParameter("fields", itemIndex).values ?? []) as Array<Record<string, unknown>>;
          return entries.map((entry) => {
            const name = String(entry.name ?? "");
            const valueType: ValueType = VALUE_TYPES.includes(entry.type as ValueType) ? (entry.type as ValueType) : "stringValue";
            let value = entry[valueType];
            if (valueType === "objectValue" && typeof value === "string") value = parseJsonObjectParameter(value, itemIndex, name);
            const converted = convertAssignment(name, valueType.replace("Value", ""), value, {
              itemIndex,
              ignoreConversionErrors: options.ignoreConversionErrors === true,
              version,
              inputItem: item,
            });
            return [name, converted] as const;
          });
        },
        keepsBinary: (_include, options) => options.includeBinary !== false,
      }),
    ];
  },
});
