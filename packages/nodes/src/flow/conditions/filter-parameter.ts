import type { ParameterDescription } from "@bos/workflow-schema";

/**
 * The `conditions` filter parameter of If v2, Filter v2 and Switch v3 rules. Its default is what n8n
 * stores for a fresh node; the options' `version` is filled in per node version.
 */
export function filterConditionsParameter(version: number) {
  return {
    displayName: "Conditions",
    name: "conditions",
    placeholder: "Add Condition",
    type: "filter",
    default: {
      options: { caseSensitive: true, leftValue: "", typeValidation: "strict", version },
      conditions: [{ leftValue: "", rightValue: "", operator: { type: "string", operation: "equals" } }],
      combinator: "and",
    },
    typeOptions: { filter: { caseSensitive: "={{!$parameter.options.ignoreCase}}", version } },
  } as const satisfies ParameterDescription;
}

/** The top-level "Convert types where required" switch (If 2.1+, Filter 2.1+, Switch 3.1+). */
export const looseTypeValidationParameter = {
  displayName: "Convert types where required",
  name: "looseTypeValidation",
  type: "boolean",
  default: false,
  description:
    "If the type of an expression doesn't match the type of the comparison, n8n will try to cast the expression to the required type. E.g. for booleans \"false\" or 0 will be cast to false",
} as const satisfies ParameterDescription;

/** The "Ignore Case" option of If v2, Filter v2 and Switch v3. */
export const ignoreCaseOption = { displayName: "Ignore Case", name: "ignoreCase", type: "boolean", default: true, description: "Whether to ignore letter case when evaluating conditions" } as const satisfies ParameterDescription;

/** The "Less Strict Type Validation" option of If v2, Filter v2 and Switch v3 (the per-node switch predates the top-level one). */
export const lessStrictTypeValidationOption = {
  displayName: "Less Strict Type Validation",
  name: "looseTypeValidation",
  type: "boolean",
  default: true,
  description: "Whether to try casting value types based on the selected operator",
} as const satisfies ParameterDescription;

/** Which filter `version` n8n writes for a node version, used when a stored filter has none. */
export function filterVersionFor(nodeVersion: number, table: ReadonlyArray<readonly [number, number]>): number {
  let version = 1;
  for (const [fromNodeVersion, filterVersion] of table) if (nodeVersion >= fromNodeVersion) version = filterVersion;
  return version;
}
