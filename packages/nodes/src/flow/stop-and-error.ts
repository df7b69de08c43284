import { defineNode, NodeOperationError } from "@bos/node-sdk";

/**
 * Stop and Error (`n8n-nodes-base.stopAndError` v1): always fails with a NodeOperationError built
 * from the first item's parameters: `errorMessage`, or `errorObject` (JSON text or an object) whose
 * `message` / `description` / `error.message` becomes the message and which is kept as the description.
 */
export const stopAndErrorNode = defineNode({
  description: {
    type: "n8n-nodes-base.stopAndError",
    versions: [1],
    displayName: "Stop and Error",
    group: ["input"],
    description: "Throw an error in the workflow",
    defaults: { name: "Stop and Error", color: "#ff0000" },
    inputs: 1,
    outputs: 0,
    sideEffects: "none",
    parameters: [
      {
        displayName: "Error Type",
        name: "errorType",
        type: "options",
        noDataExpression: true,
        default: "errorMessage",
        description: "Type of error to throw",
        options: [
          { name: "Error Message", value: "errorMessage" },
          { name: "Error Object", value: "errorObject" },
        ],
      },
      { displayName: "Error Message", name: "errorMessage", type: "string", default: "", required: true, displayOptions: { show: { errorType: ["errorMessage"] } } },
      {
        displayName: "Error Object",
        name: "errorObject",
        type: "json",
        default: "",
        required: true,
        description: "Object containing error properties",
        placeholder: '{ "code": "404", "description": "The resource could not be fetched" }',
        typeOptions: { alwaysOpenEditWindow: true },
        displayOptions: { show: { errorType: ["errorObject"] } },
      },
    ],
  },
  async execute(ctx) {
    if (ctx.getNodeParameter("errorType", 0) === "errorObject") {
      throw errorFromObject(ctx.getNodeParameter("errorObject", 0));
    }
    throw new NodeOperationError(String(ctx.getNodeParameter("errorMessage", 0)), { itemIndex: 0 });
  },
});

function errorFromObject(raw: unknown): NodeOperationError {
  let value: unknown = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch (cause) {
      return new NodeOperationError("The 'Error Object' parameter is not valid JSON", {
        itemIndex: 0,
        description: "Write it as a JSON object, e.g. { \"code\": 404, \"message\": \"Not found\" }, or use an expression returning an object.",
        cause,
      });
    }
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return new NodeOperationError("The 'Error Object' parameter must be a JSON object", { itemIndex: 0, description: `Got ${JSON.stringify(value)}.` });
  }
  const record = value as Record<string, unknown>;
  const nested = record.error !== null && typeof record.error === "object" ? (record.error as Record<string, unknown>).message : undefined;
  const message = [record.message, record.description, nested].find((candidate) => typeof candidate === "string" && candidate !== "");
  return new NodeOperationError(typeof message === "string" ? message : JSON.stringify(record), { itemIndex: 0, description: JSON.stringify(record) });
}
