import { defineNode, NodeOperationError, type Item } from "@bos/node-sdk";
import { triggerItems } from "./trigger-input";

const INPUT_TYPES = [
  { name: "Allow Any Type", value: "any" },
  { name: "String", value: "string" },
  { name: "Number", value: "number" },
  { name: "Boolean", value: "boolean" },
  { name: "Array", value: "array" },
  { name: "Object", value: "object" },
] as const;

/** The declared inputs: `workflowInputs.values[].name`, or the keys of the JSON example. */
export function declaredInputNames(inputSource: string, workflowInputs: unknown, jsonExample: unknown): string[] {
  if (inputSource === "jsonExample") {
    let example: unknown = jsonExample;
    if (typeof jsonExample === "string") {
      try {
        example = JSON.parse(jsonExample);
      } catch (cause) {
        throw new NodeOperationError("The 'Input JSON Example' is not valid JSON", { cause, description: 'Write an object whose keys are the inputs, e.g. { "customerId": 1 }.' });
      }
    }
    if (example === null || typeof example !== "object" || Array.isArray(example)) {
      throw new NodeOperationError("The 'Input JSON Example' must be a JSON object", { description: 'Its keys are the inputs, e.g. { "customerId": 1 }.' });
    }
    return Object.keys(example);
  }
  const values = (workflowInputs as { values?: unknown } | undefined)?.values;
  if (!Array.isArray(values)) return [];
  return values.map((value) => String((value as { name?: unknown }).name ?? "")).filter((name) => name !== "");
}

/**
 * Execute Workflow Trigger v1.1 ("When Executed by Another Workflow"): starts a sub-workflow with
 * the caller's items. `passthrough` emits them as they are; `workflowInputs` / `jsonExample` keep
 * only the declared fields, a missing one as null (the caller converts the types); with no
 * declared fields everything passes through.
 */
export const executeWorkflowTriggerNode = defineNode({
  description: {
    type: "n8n-nodes-base.executeWorkflowTrigger",
    versions: [1.1],
    displayName: "Execute Workflow Trigger",
    group: ["trigger"],
    description: "Helpers for calling other n8n workflows. Used for designing modular, microservice-like workflows.",
    defaults: { name: "When Executed by Another Workflow", color: "#ff6d5a" },
    inputs: 0,
    outputs: 1,
    trigger: "executeWorkflow",
    sideEffects: "none",
    parameters: [
      {
        displayName: "Input data mode",
        name: "inputSource",
        type: "options",
        noDataExpression: true,
        default: "workflowInputs",
        options: [
          { name: "Define using fields below", value: "workflowInputs", description: "Provide input fields via UI" },
          { name: "Define using JSON example", value: "jsonExample", description: "Generate a schema from an example JSON object" },
          { name: "Accept all data", value: "passthrough", description: "Use all incoming data from the parent workflow" },
        ],
      },
      {
        displayName: "Input Schema",
        name: "jsonExample",
        type: "json",
        default: '{\n  "aField": "a string",\n  "aNumber": 123,\n  "thisFieldAcceptsAnyType": null,\n  "anArray": []\n}',
        noDataExpression: true,
        displayOptions: { show: { inputSource: ["jsonExample"] } },
      },
      {
        displayName: "Workflow Input Schema",
        name: "workflowInputs",
        placeholder: "Add field",
        type: "fixedCollection",
        description: "Define expected input fields. If no inputs are provided, all data from the calling workflow will be passed through.",
        typeOptions: { multipleValues: true, sortable: true, minRequiredFields: 1 },
        displayOptions: { show: { inputSource: ["workflowInputs"] } },
        default: {},
        options: [
          {
            name: "values",
            displayName: "Values",
            values: [
              { displayName: "Name", name: "name", type: "string", default: "", placeholder: "e.g. fieldName", description: "A unique name for this workflow input, used to reference it from another workflows", required: true, noDataExpression: true },
              { displayName: "Type", name: "type", type: "options", description: "Expected data type for this input value. Determines how this field's values are stored, validated, and displayed.", options: INPUT_TYPES, required: true, default: "string", noDataExpression: true },
            ],
          },
        ],
      },
    ],
  },
  async execute(ctx) {
    const items = triggerItems(ctx);
    const inputSource = ctx.getNodeParameter("inputSource", 0);
    if (inputSource === "passthrough") return [items];
    const names = declaredInputNames(inputSource, ctx.getNodeParameter("workflowInputs", 0), ctx.getNodeParameter("jsonExample", 0));
    if (names.length === 0) return [items];
    const shaped: Item[] = items.map((item) => {
      const json: Record<string, unknown> = {};
      for (const name of names) json[name] = Object.prototype.hasOwnProperty.call(item.json, name) ? item.json[name] : null;
      return { ...item, json };
    });
    return [shaped];
  },
});

/** Execute Workflow Trigger v1: every caller item passes through (`events: "worklfow_call"`, sic). */
export const executeWorkflowTriggerV1Node = defineNode({
  description: {
    type: "n8n-nodes-base.executeWorkflowTrigger",
    versions: [1],
    displayName: "Execute Workflow Trigger",
    group: ["trigger"],
    description: "Helpers for calling other n8n workflows. Used for designing modular, microservice-like workflows.",
    defaults: { name: "Execute Workflow Trigger", color: "#ff6d5a" },
    inputs: 0,
    outputs: 1,
    trigger: "executeWorkflow",
    sideEffects: "none",
    parameters: [
      { displayName: "When an ‘execute workflow’ node calls this workflow, the execution starts here.", name: "notice", type: "notice", default: "" },
      { displayName: "Events", name: "events", type: "hidden", default: "worklfow_call" },
    ],
  },
  async execute(ctx) {
    return [triggerItems(ctx)];
  },
});
