import type { ParameterDescription } from "@bos/workflow-schema";
import { compareLegacy, legacyDateValue, type LegacyDataType } from "./legacy-compare";

const SINGLE_VALUE_OPERATIONS = ["isEmpty", "isNotEmpty"];

const numberOperations = [
  { name: "Smaller", value: "smaller" },
  { name: "Smaller or Equal", value: "smallerEqual" },
  { name: "Equal", value: "equal" },
  { name: "Not Equal", value: "notEqual" },
  { name: "Larger", value: "larger" },
  { name: "Larger or Equal", value: "largerEqual" },
  { name: "Is Empty", value: "isEmpty" },
  { name: "Is Not Empty", value: "isNotEmpty" },
] as const;

/** The string comparisons of the legacy If, Filter and Switch (1-2) nodes; If and Filter add the emptiness checks. */
export const legacyStringComparisons = [
  { name: "Contains", value: "contains" },
  { name: "Not Contains", value: "notContains" },
  { name: "Ends With", value: "endsWith" },
  { name: "Not Ends With", value: "notEndsWith" },
  { name: "Equal", value: "equal" },
  { name: "Not Equal", value: "notEqual" },
  { name: "Regex Match", value: "regex" },
  { name: "Regex Not Match", value: "notRegex" },
  { name: "Starts With", value: "startsWith" },
  { name: "Not Starts With", value: "notStartsWith" },
] as const;

const stringOperations = [...legacyStringComparisons, { name: "Is Empty", value: "isEmpty" }, { name: "Is Not Empty", value: "isNotEmpty" }] as const;

const hideForSingleValue = { hide: { operation: SINGLE_VALUE_OPERATIONS } } as const;

/** If v1 / Filter v1 `conditions`: one multiple-value group per data type. */
export const legacyConditionsParameter = {
  displayName: "Conditions",
  name: "conditions",
  placeholder: "Add Condition",
  type: "fixedCollection",
  typeOptions: { multipleValues: true, sortable: true },
  description: "The type of values to compare",
  default: {},
  options: [
    {
      name: "boolean",
      displayName: "Boolean",
      values: [
        { displayName: "Value 1", name: "value1", type: "boolean", default: false, description: "The value to compare with the second one" },
        {
          displayName: "Operation",
          name: "operation",
          type: "options",
          default: "equal",
          options: [
            { name: "Equal", value: "equal" },
            { name: "Not Equal", value: "notEqual" },
          ],
        },
        { displayName: "Value 2", name: "value2", type: "boolean", default: false, description: "The value to compare with the first one" },
      ],
    },
    {
      name: "dateTime",
      displayName: "Date & Time",
      values: [
        { displayName: "Value 1", name: "value1", type: "dateTime", default: "" },
        {
          displayName: "Operation",
          name: "operation",
          type: "options",
          default: "after",
          options: [
            { name: "Occurred After", value: "after" },
            { name: "Occurred Before", value: "before" },
          ],
        },
        { displayName: "Value 2", name: "value2", type: "dateTime", default: "" },
      ],
    },
    {
      name: "number",
      displayName: "Number",
      values: [
        { displayName: "Value 1", name: "value1", type: "number", default: 0 },
        { displayName: "Operation", name: "operation", type: "options", default: "smaller", options: numberOperations },
        { displayName: "Value 2", name: "value2", type: "number", default: 0, displayOptions: hideForSingleValue },
      ],
    },
    {
      name: "string",
      displayName: "String",
      values: [
        { displayName: "Value 1", name: "value1", type: "string", default: "" },
        { displayName: "Operation", name: "operation", type: "options", default: "equal", options: stringOperations },
        { displayName: "Value 2", name: "value2", type: "string", default: "", displayOptions: hideForSingleValue },
      ],
    },
  ],
} as const satisfies ParameterDescription;

/** The data types in the order n8n checks them. */
const DATA_TYPES: readonly LegacyDataType[] = ["boolean", "dateTime", "number", "string"];

interface LegacyCondition {
  value1?: unknown;
  operation?: string;
  value2?: unknown;
}

/**
 * Evaluates the legacy lists for one item: `all` needs every condition of every type (an empty set
 * passes), `any` needs one (an empty set fails). A missing operation takes the description's default.
 */
export function evaluateLegacyConditions(conditions: Readonly<Record<string, unknown>> | undefined, combine: "all" | "any"): boolean {
  const defaults: Record<LegacyDataType, string> = { boolean: "equal", dateTime: "after", number: "smaller", string: "equal" };
  for (const dataType of DATA_TYPES) {
    const list = conditions?.[dataType];
    if (!Array.isArray(list)) continue;
    for (const raw of list as LegacyCondition[]) {
      const operation = raw.operation ?? defaults[dataType];
      let value1 = raw.value1 ?? legacyDefault(dataType);
      let value2 = raw.value2 ?? legacyDefault(dataType);
      if (dataType === "dateTime") {
        value1 = legacyDateValue(value1);
        value2 = legacyDateValue(value2);
      }
      const pass = compareLegacy(operation, value1, value2);
      if (combine === "any" && pass) return true;
      if (combine === "all" && !pass) return false;
    }
  }
  return combine === "all";
}

function legacyDefault(dataType: LegacyDataType): unknown {
  return dataType === "boolean" ? false : dataType === "number" ? 0 : "";
}
