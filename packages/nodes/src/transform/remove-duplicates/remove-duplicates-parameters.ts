import type { ParameterDescription } from "@bos/workflow-schema";

/** Remove Duplicates' comparison parameters (the same in 1, 1.1 and 2's "input items" operation). */
export function compareParameters(show: Readonly<Record<string, readonly unknown[]>> = {}) {
  return [
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
      description: "The fields of the input items to compare to see if they are the same",
      displayOptions: { show },
    },
    {
      displayName: "Fields To Exclude",
      name: "fieldsToExclude",
      type: "string",
      placeholder: "e.g. email, name",
      default: "",
      description: "Fields in the input to exclude from the comparison",
      displayOptions: { show: { ...show, compare: ["allFieldsExcept"] } },
    },
    {
      displayName: "Fields To Compare",
      name: "fieldsToCompare",
      type: "string",
      placeholder: "e.g. email, name",
      default: "",
      description: "Fields in the input to add to the comparison",
      displayOptions: { show: { ...show, compare: ["selectedFields"] } },
    },
  ] as const satisfies readonly ParameterDescription[];
}

export const compareOptionsParameter = {
  displayName: "Options",
  name: "options",
  type: "collection",
  placeholder: "Add Field",
  default: {},
  displayOptions: { show: { compare: ["allFieldsExcept", "selectedFields"] } },
  options: [
    { displayName: "Disable Dot Notation", name: "disableDotNotation", type: "boolean", default: false, description: "Whether to disallow referencing child fields using `parent.child` in the field name" },
    { displayName: "Remove Other Fields", name: "removeOtherFields", type: "boolean", default: false, description: "Whether to remove any fields that are not being compared. If disabled, will keep the values from the first of the duplicates." },
  ],
} as const satisfies ParameterDescription;
