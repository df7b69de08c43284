import { defineNode, NodeOperationError } from "@bos/node-sdk";
import { runCodeForAllItems, runCodeForEachItem } from "./run-user-code";

const ALL_ITEMS_TEMPLATE = `// Loop over input items and add a new field called 'myNewField' to the JSON of each one
for (const item of $input.all()) {
  item.json.myNewField = 1;
}

return $input.all();`;

/**
 * Code 1 and 2: JavaScript run in the execution's sandbox once for all items or once per item, its
 * return value normalised into items as n8n does. Python is not supported.
 */
export const codeNode = defineNode({
  description: {
    type: "n8n-nodes-base.code",
    versions: [1, 2],
    displayName: "Code",
    group: ["transform"],
    description: "Run custom JavaScript or Python code",
    defaults: { name: "Code" },
    inputs: 1,
    outputs: 1,
    sideEffects: "none",
    parameters: [
      {
        displayName: "Mode",
        name: "mode",
        type: "options",
        noDataExpression: true,
        options: [
          { name: "Run Once for All Items", value: "runOnceForAllItems", description: "Run this code only once, no matter how many input items there are" },
          { name: "Run Once for Each Item", value: "runOnceForEachItem", description: "Run this code as many times as there are input items" },
        ],
        default: "runOnceForAllItems",
      },
      {
        displayName: "Language",
        name: "language",
        type: "options",
        noDataExpression: true,
        displayOptions: { show: { "@version": [2] } },
        options: [
          { name: "JavaScript", value: "javaScript" },
          { name: "Python (Beta)", value: "python" },
          { name: "Python (Native)", value: "pythonNative" },
        ],
        default: "javaScript",
      },
      {
        displayName: "JavaScript",
        name: "jsCode",
        type: "string",
        typeOptions: { editor: "codeNodeEditor", editorLanguage: "javaScript" },
        default: ALL_ITEMS_TEMPLATE,
        description: "JavaScript code to execute.<br><br>Tip: You can use luxon vars like <code>$today</code> for dates and <code>$jmespath</code> for querying JSON structures.",
        noDataExpression: true,
        resolve: "never",
        displayOptions: { show: { language: ["javaScript"] } },
      },
      {
        displayName: "Python",
        name: "pythonCode",
        type: "string",
        typeOptions: { editor: "codeNodeEditor", editorLanguage: "python" },
        default: "",
        description: "Python code to execute (not supported by this engine)",
        noDataExpression: true,
        resolve: "never",
        displayOptions: { show: { language: ["python", "pythonNative"] } },
      },
      {
        displayName: "Type <code>$</code> for a list of special vars/methods. Debug by using <code>console.log()</code> statements.",
        name: "notice",
        type: "notice",
        default: "",
      },
    ],
  },
  async execute(ctx) {
    const language = ctx.node.typeVersion >= 2 ? ctx.getNodeParameter("language", 0) : "javaScript";
    if (language !== "javaScript") {
      throw new NodeOperationError(`The Code node's ${language === "pythonNative" ? "native Python" : "Python"} language is not supported by this engine`, {
        description: "Rewrite the code in JavaScript (language: javaScript, parameter jsCode); Python support is not available.",
      });
    }
    const code = ctx.getNodeParameter("jsCode", 0);
    if (ctx.getNodeParameter("mode", 0) === "runOnceForEachItem") return [await runCodeForEachItem(ctx, code)];
    return [await runCodeForAllItems(ctx, code)];
  },
});
