import type { ParameterDescription } from "@bos/workflow-schema";

/** `batchSize`, with n8n's default per version (10 before v3, 1 in v3). */
export function batchSizeParameter(defaultSize: number) {
  return {
    displayName: "Batch Size",
    name: "batchSize",
    type: "number",
    typeOptions: { minValue: 1 },
    default: defaultSize,
    description: "The number of items to return with each call",
  } as const satisfies ParameterDescription;
}

export const batchOptionsParameter = {
  displayName: "Options",
  name: "options",
  type: "collection",
  placeholder: "Add option",
  default: {},
  options: [
    {
      displayName: "Reset",
      name: "reset",
      type: "boolean",
      default: false,
      description:
        "Whether the node starts again from the beginning of the input items. This will treat incoming data as a new set rather than continuing with the previous items.",
    },
  ],
} as const satisfies ParameterDescription;
