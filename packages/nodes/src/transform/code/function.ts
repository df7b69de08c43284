import { CodeExecutionError, defineNode, type Item } from "@bos/node-sdk";
import { normalizeItems } from "./normalize-code-result";
import { runCodeForAllItems } from "./run-user-code";

/**
 * Function (legacy, v1): JavaScript that gets `items` (the input items) and returns items. It runs
 * as a run-once-for-all-items Code call with `items` bound to `$input.all()` on the code's first line,
 * so line numbers in errors stay the user's.
 */
export const functionNode = defineNode({
  description: {
    type: "n8n-nodes-base.function",
    versions: [1],
    displayName: "Function",
    group: ["transform"],
    description: "Run custom function code which gets executed once and allows you to add, remove, change and replace items",
    defaults: { name: "Function", color: "#FF9922" },
    inputs: 1,
    outputs: 1,
    hidden: true,
    sideEffects: "none",
    parameters: [
      {
        displayName: "JavaScript Code",
        name: "functionCode",
        type: "string",
        typeOptions: { alwaysOpenEditWindow: true, codeAutocomplete: "function", editor: "code", rows: 10 },
        default: "// Code here will run only once, no matter how many input items there are.\n// Loop over inputs and add a new field called 'myNewField' to the JSON of each one\nfor (item of items) {\n  item.json.myNewField = 1;\n}\n\nreturn items;",
        description: "The JavaScript code to execute",
        noDataExpression: true,
        resolve: "never",
      },
    ],
  },
  async execute(ctx) {
    const code = `var items = $input.all(); ${ctx.getNodeParameter("functionCode", 0)}`;
    return [await runCodeForAllItems(ctx, code, normalizeFunctionResult)];
  },
});

/** The Function node's own checks: an array of items, each with an object `json` (bare objects are wrapped first). */
export function normalizeFunctionResult(value: unknown): Item[] {
  if (value === undefined || value === null) throw new CodeExecutionError("No data got returned. Always return an Array of items!");
  if (typeof value !== "object") throw new CodeExecutionError("Always an Array of items has to be returned!");
  const list = normalizeItems(value as Record<string, unknown> | Array<Record<string, unknown>>);
  return list.map((entry) => {
    if (entry === null || typeof entry !== "object") throw new CodeExecutionError("Always an Array of items has to be returned!");
    if (entry.json === undefined) throw new CodeExecutionError('All returned items have to contain a property named "json"!');
    if (entry.json === null || typeof entry.json !== "object" || Array.isArray(entry.json)) throw new CodeExecutionError("The json-property has to be an object!");
    if (entry.binary !== undefined && (entry.binary === null || typeof entry.binary !== "object" || Array.isArray(entry.binary))) {
      throw new CodeExecutionError("The binary-property has to be an object!");
    }
    const item: Item = { json: entry.json as Record<string, unknown> };
    if (entry.binary !== undefined) item.binary = entry.binary as Item["binary"];
    if (entry.pairedItem !== undefined) item.pairedItem = entry.pairedItem as Item["pairedItem"];
    return item;
  });
}
