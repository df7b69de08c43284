import type { ParameterDescription } from "@bos/workflow-schema";

const numberInputOptions = [2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => ({ name: String(n), value: n }));

const show = (conditions: Record<string, readonly unknown[]>) => ({ show: conditions });

const clashHandling = {
  displayName: "Clash Handling",
  name: "clashHandling",
  type: "fixedCollection",
  default: { values: { resolveClash: "preferLast", mergeMode: "deepMerge", overrideEmpty: false } },
  options: [
    {
      name: "values",
      displayName: "Values",
      values: [
        {
          displayName: "When Field Values Clash",
          name: "resolveClash",
          type: "options",
          default: "",
          // n8n loads these per number of inputs (preferInput1..N, preferLast, addSuffix).
          typeOptions: { loadOptionsMethod: "getResolveClashOptions", loadOptionsDependsOn: ["numberInputs"] },
          options: [
            { name: "Always Add Input Number to Field Names", value: "addSuffix" },
            { name: "Prefer Input 1 Version", value: "preferInput1" },
            { name: "Prefer Input 2 Version", value: "preferLast" },
          ],
        },
        {
          displayName: "Merging Nested Fields",
          name: "mergeMode",
          type: "options",
          default: "deepMerge",
          options: [
            { name: "Deep Merge", value: "deepMerge", description: "Merge at every level of nesting" },
            { name: "Shallow Merge", value: "shallowMerge", description: "Merge at the top level only (all nested fields will come from the same input)" },
          ],
          displayOptions: { hide: { resolveClash: ["addSuffix"] } },
        },
        {
          displayName: "Minimize Empty Fields",
          name: "overrideEmpty",
          type: "boolean",
          default: false,
          description: "Whether to override the preferred input version for a field if it is empty and the other version isn't. Here 'empty' means undefined, null or an empty string.",
          displayOptions: { hide: { resolveClash: ["addSuffix"] } },
        },
      ],
    },
  ],
} as const satisfies ParameterDescription;

/** Merge v3 parameters (modes append, combine by fields / position / all, SQL, choose branch). */
export const mergeParameters = [
  {
    displayName: "Mode",
    name: "mode",
    type: "options",
    noDataExpression: true,
    default: "append",
    options: [
      { name: "Append", value: "append", description: "Output items of each input, one after the other" },
      { name: "Combine", value: "combine", description: "Merge matching items together" },
      { name: "SQL Query", value: "combineBySql", description: "Write a query to do the merge" },
      { name: "Choose Branch", value: "chooseBranch", description: "Output data from a specific branch, without modifying it" },
    ],
    description: "How input data should be merged",
  },
  {
    displayName: "Combine By",
    name: "combineBy",
    type: "options",
    noDataExpression: true,
    default: "combineByFields",
    options: [
      { name: "Matching Fields", value: "combineByFields", description: "Combine items with the same field values" },
      { name: "Position", value: "combineByPosition", description: "Combine items based on their order" },
      { name: "All Possible Combinations", value: "combineAll", description: "Every pairing of every two items (cross join)" },
    ],
    displayOptions: show({ mode: ["combine"] }),
  },
  {
    displayName: "Number of Inputs",
    name: "numberInputs",
    type: "options",
    noDataExpression: true,
    default: 2,
    options: numberInputOptions,
    description: "The number of data inputs you want to merge. The node waits for all connected inputs to be executed.",
    displayOptions: { hide: { combineBy: ["combineByFields", "combineAll"] } },
  },
  {
    displayName: "Output Type",
    name: "joinMode",
    type: "options",
    default: "keepMatches",
    description: "How to select the items to send to output",
    options: [
      { name: "Keep Matches", value: "keepMatches", description: "Items that match, merged together (inner join)" },
      { name: "Keep Non-Matches", value: "keepNonMatches", description: "Items that don't match" },
      { name: "Keep Everything", value: "keepEverything", description: "Items that match merged together, plus items that don't match (outer join)" },
      { name: "Enrich Input 1", value: "enrichInput1", description: "All of input 1, with data from input 2 added in (left join)" },
      { name: "Enrich Input 2", value: "enrichInput2", description: "All of input 2, with data from input 1 added in (right join)" },
    ],
    displayOptions: show({ mode: ["combine"], combineBy: ["combineByFields"] }),
  },
  {
    displayName: "Match Fields with Different Names",
    name: "advanced",
    type: "boolean",
    default: false,
    description: "Whether name(s) of field to match are different in input 1 and input 2 enable this option",
    displayOptions: show({ mode: ["combine"], combineBy: ["combineByFields"] }),
  },
  {
    displayName: "Fields to Match",
    name: "fieldsToMatchString",
    type: "string",
    default: "",
    placeholder: "e.g. id, name",
    description: "Specify the fields to use for matching input items",
    displayOptions: show({ mode: ["combine"], combineBy: ["combineByFields"], advanced: [false] }),
  },
  {
    displayName: "Fields to Match",
    name: "mergeByFields",
    type: "fixedCollection",
    placeholder: "Add Fields to Match",
    default: { values: [{ field1: "", field2: "" }] },
    typeOptions: { multipleValues: true },
    description: "Specify the fields to use for matching input items",
    displayOptions: show({ mode: ["combine"], combineBy: ["combineByFields"], advanced: [true] }),
    options: [
      {
        name: "values",
        displayName: "Values",
        values: [
          { displayName: "Input 1 Field", name: "field1", type: "string", default: "", placeholder: "e.g. id" },
          { displayName: "Input 2 Field", name: "field2", type: "string", default: "", placeholder: "e.g. id" },
        ],
      },
    ],
  },
  {
    displayName: "Output Data From",
    name: "outputDataFrom",
    type: "options",
    default: "both",
    options: [
      { name: "Both Inputs Merged Together", value: "both" },
      { name: "Input 1", value: "input1" },
      { name: "Input 2", value: "input2" },
    ],
    displayOptions: show({ mode: ["combine"], combineBy: ["combineByFields"], joinMode: ["keepMatches", "keepNonMatches"] }),
  },
  {
    displayName: "Query",
    name: "query",
    type: "string",
    default: "SELECT * FROM input1 LEFT JOIN input2 ON input1.name = input2.id",
    noDataExpression: true,
    description: "Input data available as tables with corresponding number, e.g. input1, input2",
    typeOptions: { rows: 5, editor: "sqlEditor" },
    displayOptions: show({ mode: ["combineBySql"] }),
  },
  {
    displayName: "Output Type",
    name: "chooseBranchMode",
    type: "options",
    default: "waitForAll",
    options: [{ name: "Wait for All Inputs to Arrive", value: "waitForAll" }],
    displayOptions: show({ mode: ["chooseBranch"] }),
  },
  {
    displayName: "Output",
    name: "output",
    type: "options",
    default: "specifiedInput",
    options: [
      { name: "Data of Specified Input", value: "specifiedInput" },
      { name: "A Single, Empty Item", value: "empty" },
    ],
    displayOptions: show({ mode: ["chooseBranch"], chooseBranchMode: ["waitForAll"] }),
  },
  {
    displayName: "Use Data of Input",
    name: "useDataOfInput",
    type: "options",
    default: 1,
    options: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => ({ name: `Input ${n}`, value: n })),
    description: "The number of the input to use data of",
    typeOptions: { minValue: 1, loadOptionsMethod: "getInputs", loadOptionsDependsOn: ["numberInputs"] },
    displayOptions: show({ mode: ["chooseBranch"], output: ["specifiedInput"] }),
  },
  {
    displayName: "Options",
    name: "options",
    type: "collection",
    placeholder: "Add Option",
    default: {},
    displayOptions: show({ mode: ["combine", "combineBySql"] }),
    options: [
      clashHandling,
      { displayName: "Disable Dot Notation", name: "disableDotNotation", type: "boolean", default: false, description: "Whether to disallow referencing child fields using `parent.child` in the field name" },
      {
        displayName: "Fuzzy Compare",
        name: "fuzzyCompare",
        type: "boolean",
        default: false,
        description: "Whether to tolerate small type differences when comparing fields. E.g. the number 3 and the string '3' are treated as the same.",
      },
      {
        displayName: "Include Any Unpaired Items",
        name: "includeUnpaired",
        type: "boolean",
        default: false,
        description: "Whether unpaired items should be included in the result when there are differing numbers of items among the inputs",
      },
      {
        displayName: "Multiple Matches",
        name: "multipleMatches",
        type: "options",
        default: "all",
        options: [
          { name: "Include All Matches", value: "all", description: "Output multiple items if there are multiple matches" },
          { name: "Include First Match Only", value: "first", description: "Only ever output a single item per match" },
        ],
      },
    ],
  },
] as const satisfies readonly ParameterDescription[];
