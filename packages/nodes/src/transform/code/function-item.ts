import { CodeExecutionError, defineNode, type Item } from "@bos/node-sdk";
import { runCodeForEachItem } from "./run-user-code";

/**
 * Function Item (legacy, v1): JavaScript run once per item with `item` bound to that item's json; it
 * returns the new json. Runs as a run-once-for-each-item Code call with `item` bound on the code's first
 * line, so line numbers in errors stay the user's.
 */
export const functionItemNode = defineNode({
  description: {
    type: "n8n-nodes-base.functionItem",
    versions: [1],
    displayName: "Function Item",
    group: ["transform"],
    description: "Run custom function code which gets executed once per item",
    defaults: { name: "Function Item", color: "#ddbb33" },
    inputs: 1,
    outputs: 1,
    hidden: true,
    sideEffects: "none",
    parameters: [
      {
        displayName: "JavaScript Code",
        name: "functionCode",
        type: "string",
        typeOptions: { alwaysOpenEditWindow: true, codeAutocomplete: "functionItem", editor: "code", rows: 10 },
        default: "// Code here will run once per input item.\n// Add a new field called 'myNewField' to the JSON of the item\nitem.myNewField = 1;\n\nreturn item;",
        description: "The JavaScript code to execute for each item",
        noDataExpression: true,
        resolve: "never",
      },
    ],
  },
  async execute(ctx) {
    const code = `var item = $input.item.json; ${ctx.getNodeParameter("functionCode", 0)}`;
    const inputs = ctx.getInputItems();
    return [
      await runCodeForEachItem(ctx, code, (value, itemIndex): Item => {
        if (value === undefined) throw new CodeExecutionError("No data got returned. Always an object has to be returned!", { itemIndex });
        if (value === null || typeof value !== "object" || Array.isArray(value)) {
          throw new CodeExecutionError("The returned data has to be an object (the item's JSON)!", { itemIndex });
        }
        const binary = inputs[itemIndex]?.binary;
        return { json: value as Record<string, unknown>, ...(binary ? { binary } : {}), pairedItem: { item: itemIndex } };
      }),
    ];
  },
});
