import type { ParameterDescription } from "@bos/workflow-schema";
import { legacyStringComparisons } from "./conditions/legacy-conditions";

const outputIndexOptions = [0, 1, 2, 3].map((n) => ({ name: String(n), value: n }));

const operationsByType = {
  boolean: [
    { name: "Equal", value: "equal" },
    { name: "Not Equal", value: "notEqual" },
  ],
  dateTime: [
    { name: "Occurred After", value: "after" },
    { name: "Occurred Before", value: "before" },
  ],
  number: [
    { name: "Smaller", value: "smaller" },
    { name: "Smaller Equal", value: "smallerEqual" },
    { name: "Equal", value: "equal" },
    { name: "Not Equal", value: "notEqual" },
    { name: "Larger", value: "larger" },
    { name: "Larger Equal", value: "largerEqual" },
  ],
  string: legacyStringComparisons,
} as const;

type DataType = keyof typeof operationsByType;

const valueTypes = { boolean: "boolean", dateTime: "dateTime", number: "number", string: "string" } as const;
const valueDefaults = { boolean: false, dateTime: "", number: 0, string: "" } as const;
const operationDefaults = { boolean: "equal", dateTime: "after", number: "smaller", string: "equal" } as const;
const groupNames = { boolean: "Boolean", dateTime: "Dates", number: "Numbers", string: "Strings" } as const;

function rulesFor(dataType: DataType, version: 1 | 2): ParameterDescription {
  const target: ParameterDescription =
    version === 1
      ? { displayName: "Output", name: "output", type: "options", options: outputIndexOptions, default: 0, description: "The index of output to which to send data to if rule matches" }
      : { displayName: "Output Key", name: "outputKey", type: "string", default: "", description: "The label of output to which to send data to if rule matches" };
  return {
    displayName: "Routing Rules",
    name: "rules",
    placeholder: "Add Routing Rule",
    type: "fixedCollection",
    typeOptions: { multipleValues: true, sortable: true },
    default: {},
    displayOptions: { show: { dataType: [dataType], mode: ["rules"] } },
    options: [
      {
        name: "rules",
        displayName: groupNames[dataType],
        values: [
          { displayName: "Operation", name: "operation", type: "options", options: operationsByType[dataType], default: operationDefaults[dataType], description: "Operation to decide where the the data should be mapped to" },
          { displayName: "Value 2", name: "value2", type: valueTypes[dataType], default: valueDefaults[dataType], description: "The value to compare with the first one" },
          target,
        ],
      },
    ],
  };
}

function value1For(dataType: DataType): ParameterDescription {
  return {
    displayName: "Value 1",
    name: "value1",
    type: valueTypes[dataType],
    default: valueDefaults[dataType],
    description: "The value to compare with the second one",
    displayOptions: { show: { dataType: [dataType], mode: ["rules"] } },
  };
}

/**
 * Switch v1 / v2 parameters: `mode` rules (a `dataType`, one `value1`, `rules.rules[{operation, value2,
 * output | outputKey}]`, `fallbackOutput` -1 for none) or expression (`output`, plus `outputsAmount` in v2).
 */
export function legacySwitchParameters(version: 1 | 2): ParameterDescription[] {
  const dataTypes: DataType[] = ["boolean", "dateTime", "number", "string"];
  return [
    {
      displayName: "Mode",
      name: "mode",
      type: "options",
      default: "rules",
      options: [
        { name: "Expression", value: "expression", description: "Expression decides how to route data" },
        { name: "Rules", value: "rules", description: "Rules decide how to route data" },
      ],
      description: "How data should be routed",
    },
    version === 1
      ? { displayName: "Output", name: "output", type: "number", typeOptions: { minValue: 0, maxValue: 3 }, default: 0, description: "The index of output to which to send data to", displayOptions: { show: { mode: ["expression"] } } }
      : { displayName: "Output", name: "output", type: "string", default: "", description: "The index of output to which to send data to", displayOptions: { show: { mode: ["expression"] } } },
    ...(version === 2
      ? [{ displayName: "Outputs Amount", name: "outputsAmount", type: "number", default: 4, description: "Amount of outputs to create", displayOptions: { show: { mode: ["expression"] } } } as const]
      : []),
    {
      displayName: "Data Type",
      name: "dataType",
      type: "options",
      default: "number",
      options: [
        { name: "Boolean", value: "boolean" },
        { name: "Date & Time", value: "dateTime" },
        { name: "Number", value: "number" },
        { name: "String", value: "string" },
      ],
      description: "The type of data to route on",
      displayOptions: { show: { mode: ["rules"] } },
    },
    ...dataTypes.flatMap((dataType) => [value1For(dataType), rulesFor(dataType, version)]),
    {
      displayName: "Fallback Output",
      name: "fallbackOutput",
      type: "options",
      default: -1,
      options: [{ name: "None", value: -1 }, ...outputIndexOptions],
      description: "The output to which to route all items which do not match any of the rules",
      // v2 offers every rule's index (loaded at runtime); v1's four outputs are listed.
      ...(version === 2 ? { typeOptions: { loadOptionsMethod: "getFallbackOutputOptions", loadOptionsDependsOn: ["rules.rules"] } } : {}),
      displayOptions: { show: { mode: ["rules"] } },
    },
  ];
}
