import { defineNode } from "@bos/node-sdk";
import { composeSetItem, convertAssignment, parseJsonObjectParameter, type SetInclude, type SetOptions } from "./compose-set-item";
import { runEditFields } from "./run-edit-fields";
import {
  duplicateItemParameters,
  excludeFieldsParameter,
  includeFieldsParameter,
  jsonOutputParameter,
  setModeParameter,
  setOptionsParameter,
} from "./set-parameters";

/**
 * Edit Fields (Set) 3.3 and 3.4: typed assignments (`assignments.assignments`) or a JSON object
 * (`jsonOutput`), optionally on top of the input item's other fields. 3.4 replaced "Include Binary
 * File" with "Strip Binary Data"; that choice is the only difference between the two.
 */
export const setNode = defineNode({
  description: {
    type: "n8n-nodes-base.set",
    versions: [3.3, 3.4],
    displayName: "Edit Fields (Set)",
    group: ["input"],
    description: "Modify, add, or remove item fields",
    defaults: { name: "Edit Fields" },
    inputs: 1,
    outputs: 1,
    sideEffects: "none",
    parameters: [
      setModeParameter,
      ...duplicateItemParameters,
      {
        displayName: "Fields to Set",
        name: "assignments",
        type: "assignmentCollection",
        default: {},
        displayOptions: { show: { mode: ["manual"] } },
      },
      jsonOutputParameter,
      {
        displayName: "Include Other Input Fields",
        name: "includeOtherFields",
        type: "boolean",
        default: false,
        description: "Whether to pass to the output all the input fields (along with the fields set in 'Fields to Set')",
      },
      {
        displayName: "Input Fields to Include",
        name: "include",
        type: "options",
        description: "How to select the fields you want to include in your output items",
        default: "all",
        options: [
          { name: "All", value: "all", description: "Also include all unchanged fields from the input" },
          { name: "Selected", value: "selected", description: "Also include the fields listed in the parameter “Fields to Include”" },
          { name: "All Except", value: "except", description: "Exclude the fields listed in the parameter “Fields to Exclude”" },
        ],
        displayOptions: { show: { includeOtherFields: [true] } },
      },
      includeFieldsParameter,
      excludeFieldsParameter,
      setOptionsParameter,
    ],
  },
  async execute(ctx) {
    const items = ctx.getInputItems();
    const version = ctx.node.typeVersion;
    const mode = ctx.getNodeParameter("mode", 0);
    const duplicates = ctx.getNodeParameter("duplicateItem", 0) && ctx.execution.mode === "manual" ? Math.max(0, Number(ctx.getNodeParameter("duplicateCount", 0)) || 0) : 0;
    const output = runEditFields(items, ctx.continueOnFail(), mode === "raw" ? "raw" : "manual", (item, itemIndex) => {
      const options = ctx.getNodeParameter("options", itemIndex) as SetOptions;
      const include: SetInclude = ctx.getNodeParameter("includeOtherFields", itemIndex) ? ctx.getNodeParameter("include", itemIndex) : "none";
      let fields: Array<readonly [string, unknown]>;
      if (mode === "raw") {
        fields = Object.entries(parseJsonObjectParameter(ctx.getNodeParameter("jsonOutput", itemIndex), itemIndex));
      } else {
        const assignments = ctx.getNodeParameter("assignments", itemIndex)?.assignments ?? [];
        fields = assignments.map((assignment) => [
          assignment.name,
          convertAssignment(assignment.name, assignment.type ?? "string", assignment.value, {
            itemIndex,
            ignoreConversionErrors: options.ignoreConversionErrors === true,
            version,
            inputItem: item,
          }),
        ]);
      }
      return composeSetItem(item, itemIndex, fields, {
        include,
        includeFields: include === "selected" ? ctx.getNodeParameter("includeFields", itemIndex) : undefined,
        excludeFields: include === "except" ? ctx.getNodeParameter("excludeFields", itemIndex) : undefined,
        dotNotation: options.dotNotation !== false,
        keepBinary: keepsBinary(version, include, options),
      });
    }, duplicates);
    return [output];
  },
});

/** 3.4: binary stays unless stripped or no other field is kept; before 3.4: unless includeBinary is off. */
function keepsBinary(version: number, include: SetInclude, options: SetOptions): boolean {
  if (version >= 3.4) return include !== "none" && options.stripBinary !== true;
  return options.includeBinary !== false;
}
