import { defineNode } from "@bos/node-sdk";
import { convertAssignment, type SetInclude, type SetOptions } from "./compose-set-item";
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

/**
 * Edit Fields (Set) 3.3 and 3.4: typed assignments (`assignments.assignments`) or a JSON object
 * (`jsonOutput`), optionally on top of the input item's other fields. 3.4 replaced "Include Binary
 * File" with "Strip Binary Data"; that choice is the only difference between the two.
 */
export const setNode = defineNode({
  description: {
    type: "n8n-nodes-base.set",
    versions: [3.3, 3.4],
    ...editFieldsV3Traits,
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
    const version = ctx.node.typeVersion;
    return [
      executeEditFieldsV3(ctx, {
        readInclude: (itemIndex) => (ctx.getNodeParameter("includeOtherFields", itemIndex) ? ctx.getNodeParameter("include", itemIndex) : "none"),
        readManualFields: (item, itemIndex, options) => {
          // One conversion context per item, shared by its assignments.
          const context = { itemIndex, ignoreConversionErrors: options.ignoreConversionErrors === true, version, inputItem: item };
          return (ctx.getNodeParameter("assignments", itemIndex)?.assignments ?? []).map((assignment) => [
            assignment.name,
            convertAssignment(assignment.name, assignment.type ?? "string", assignment.value, context),
          ]);
        },
        keepsBinary: (include, options) => keepsBinary(version, include, options),
      }),
    ];
  },
});

/** 3.4: binary stays unless stripped or no other field is kept; before 3.4: unless includeBinary is off. */
function keepsBinary(version: number, include: SetInclude, options: SetOptions): boolean {
  if (version >= 3.4) return include !== "none" && options.stripBinary !== true;
  return options.includeBinary !== false;
}
