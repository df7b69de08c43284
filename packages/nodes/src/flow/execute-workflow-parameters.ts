import type { ParameterDescription } from "@bos/workflow-schema";

const onSource = (sources: readonly string[]) => ({ show: { source: sources } }) as const;

/** Execute Workflow v1-1.3 parameters. `workflowId` is a string in v1 and a resource locator later. */
export const executeWorkflowParameters = [
  { displayName: "Operation", name: "operation", type: "hidden", default: "call_workflow" },
  {
    displayName: "Source",
    name: "source",
    type: "options",
    default: "database",
    options: [
      { name: "Database", value: "database", description: "Load the workflow from the database by ID" },
      { name: "Local File", value: "localFile", description: "Load the workflow from a locally saved file" },
      { name: "Parameter", value: "parameter", description: "Load the workflow from a parameter" },
      { name: "URL", value: "url", description: "Load the workflow from an URL" },
    ],
    description: "Where to get the workflow to execute from",
  },
  {
    displayName: "Workflow",
    name: "workflowId",
    type: "workflowSelector",
    default: { __rl: true, mode: "list", value: "" },
    required: true,
    description: "The workflow to execute: from the list, by ID, or by URL (a plain ID string in v1)",
    displayOptions: onSource(["database"]),
  },
  { displayName: "Workflow Path", name: "workflowPath", type: "string", default: "", placeholder: "/data/workflow.json", required: true, description: "The path to local JSON workflow file to execute", displayOptions: onSource(["localFile"]) },
  {
    displayName: "Workflow JSON",
    name: "workflowJson",
    type: "json",
    typeOptions: { rows: 10 },
    default: "\n\n\n",
    required: true,
    description: "The workflow JSON code to execute",
    displayOptions: onSource(["parameter"]),
  },
  { displayName: "Workflow URL", name: "workflowUrl", type: "string", default: "", placeholder: "https://example.com/workflow.json", required: true, description: "The URL from which to load the workflow from", displayOptions: onSource(["url"]) },
  {
    displayName: "Workflow Inputs",
    name: "workflowInputs",
    type: "resourceMapper",
    default: { mappingMode: "defineBelow", value: null },
    noDataExpression: true,
    description: "The values to pass to the sub-workflow's typed inputs (v1.2+)",
    typeOptions: { resourceMapper: { resourceMapperMethod: "loadSubWorkflowInputs", mode: "add", fieldWords: { singular: "input", plural: "inputs" } } },
  },
  {
    displayName: "Mode",
    name: "mode",
    type: "options",
    noDataExpression: true,
    default: "once",
    options: [
      { name: "Run once with all items", value: "once", description: "Pass all items into a single execution of the sub-workflow" },
      { name: "Run once for each item", value: "each", description: "Call the sub-workflow individually for each item" },
    ],
  },
  {
    displayName: "Options",
    name: "options",
    type: "collection",
    default: {},
    placeholder: "Add option",
    options: [
      {
        displayName: "Wait For Sub-Workflow Completion",
        name: "waitForSubWorkflow",
        type: "boolean",
        default: true,
        description: "Whether the main workflow should wait for the sub-workflow to complete its execution before proceeding",
      },
    ],
  },
] as const satisfies readonly ParameterDescription[];
