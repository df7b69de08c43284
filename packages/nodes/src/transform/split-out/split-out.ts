import { defineNode, type Item } from "@bos/node-sdk";
import { parseFieldList } from "../shared/field-path";
import { splitOutFieldList, splitOutItem } from "./split-out-items";

/** Which other fields Split Out (and Item Lists' split operation) copies into the new items. */
export const splitOutIncludeOptions = [
  { name: "No Other Fields", value: "noOtherFields" },
  { name: "All Other Fields", value: "allOtherFields" },
  { name: "Selected Other Fields", value: "selectedOtherFields" },
] as const;

/** Split Out 1: turns a list inside each item into separate items. */
export const splitOutNode = defineNode({
  description: {
    type: "n8n-nodes-base.splitOut",
    versions: [1],
    displayName: "Split Out",
    group: ["transform"],
    description: "Turn a list inside item(s) into separate items",
    defaults: { name: "Split Out" },
    inputs: 1,
    outputs: 1,
    sideEffects: "none",
    parameters: [
      {
        displayName: "Fields To Split Out",
        name: "fieldToSplitOut",
        type: "string",
        default: "",
        required: true,
        placeholder: "Drag fields from the left or type their names",
        description: "The name of the input fields to break out into separate items. Separate multiple field names by commas. For binary data, use $binary.",
      },
      {
        displayName: "Include",
        name: "include",
        type: "options",
        options: splitOutIncludeOptions,
        default: "noOtherFields",
        description: "Whether to copy any other fields into the new items",
      },
      {
        displayName: "Fields To Include",
        name: "fieldsToInclude",
        type: "string",
        placeholder: "e.g. email, name",
        description: "Fields in the input items to aggregate together",
        default: "",
        displayOptions: { show: { include: ["selectedOtherFields"] } },
      },
      {
        displayName: "Options",
        name: "options",
        type: "collection",
        placeholder: "Add Field",
        default: {},
        options: [
          { displayName: "Disable Dot Notation", name: "disableDotNotation", type: "boolean", default: false, description: "Whether to disallow referencing child fields using `parent.child` in the field name" },
          { displayName: "Destination Field Name", name: "destinationFieldName", type: "string", default: "", description: "The field in the output under which to put the split field contents" },
          { displayName: "Include Binary", name: "includeBinary", type: "boolean", default: false, description: "Whether to include the binary data in the new items" },
        ],
      },
    ],
  },
  async execute(ctx) {
    const output: Item[] = [];
    ctx.getInputItems().forEach((item, itemIndex) => {
      const options = ctx.getNodeParameter("options", itemIndex);
      const include = ctx.getNodeParameter("include", itemIndex);
      output.push(
        ...splitOutItem(
          item,
          itemIndex,
          {
            fieldsToSplitOut: splitOutFieldList(ctx.getNodeParameter("fieldToSplitOut", itemIndex)),
            include,
            fieldsToInclude: include === "selectedOtherFields" ? parseFieldList(ctx.getNodeParameter("fieldsToInclude", itemIndex)) : [],
            destinationFields: parseFieldList(options.destinationFieldName),
            disableDotNotation: options.disableDotNotation,
            includeBinary: options.includeBinary,
          },
          ctx.logger,
        ),
      );
    });
    return [output];
  },
});
