import { defineNode, NodeOperationError } from "@bos/node-sdk";
import { compareOptionsParameter, compareParameters } from "./remove-duplicates-parameters";
import { removeInputDuplicates } from "./remove-input-duplicates";

const INPUT_ITEMS = { operation: ["removeDuplicateInputItems"] } as const;
const HISTORY = { operation: ["removeItemsSeenInPreviousExecutions"] } as const;

/**
 * Remove Duplicates 2. Only "remove items repeated within current input" runs here: the operations
 * over previous executions need a per-workflow deduplication store, which this engine does not have
 * yet, so they fail with an error that says so.
 */
export const removeDuplicatesNode = defineNode({
  description: {
    type: "n8n-nodes-base.removeDuplicates",
    versions: [2],
    displayName: "Remove Duplicates",
    group: ["transform"],
    description: "Delete items with matching field values",
    defaults: { name: "Remove Duplicates" },
    inputs: 1,
    outputs: 1,
    sideEffects: "none",
    parameters: [
      {
        displayName: "Operation",
        name: "operation",
        type: "options",
        noDataExpression: true,
        options: [
          { name: "Remove Items Repeated Within Current Input", value: "removeDuplicateInputItems", description: "Remove duplicates from incoming items" },
          { name: "Remove Items Processed in Previous Executions", value: "removeItemsSeenInPreviousExecutions", description: "Deduplicate items already seen in previous executions" },
          { name: "Clear Deduplication History", value: "clearDeduplicationHistory", description: "Wipe the store of previous items" },
        ],
        default: "removeDuplicateInputItems",
      },
      ...compareParameters(INPUT_ITEMS),
      {
        displayName: "Keep Items Where",
        name: "logic",
        type: "options",
        noDataExpression: true,
        options: [
          { name: "Value Is New", value: "removeItemsWithAlreadySeenKeyValues" },
          { name: "Value Is Higher than Any Previous Value", value: "removeItemsUpToStoredIncrementalKey" },
          { name: "Value Is a Date Later than Any Previous Date", value: "removeItemsUpToStoredDate" },
        ],
        default: "removeItemsWithAlreadySeenKeyValues",
        description: "How to select input items to remove by comparing them with key values previously processed",
        displayOptions: { show: HISTORY },
      },
      {
        displayName: "Value to Dedupe On",
        name: "dedupeValue",
        type: "string",
        default: "",
        description: "Use an input field (or a combination of fields) that has a unique ID value",
        displayOptions: { show: HISTORY },
      },
      {
        displayName: "Mode",
        name: "mode",
        type: "options",
        default: "cleanDatabase",
        options: [{ name: "Clean Database", value: "cleanDatabase", description: "Clear all values stored for a key in the database" }],
        displayOptions: { show: { operation: ["clearDeduplicationHistory"] } },
      },
      { ...compareOptionsParameter, displayOptions: { show: { ...INPUT_ITEMS, compare: ["allFieldsExcept", "selectedFields"] } } },
    ],
  },
  async execute(ctx) {
    const operation = ctx.getNodeParameter("operation", 0);
    if (operation !== "removeDuplicateInputItems") {
      throw new NodeOperationError(`Remove Duplicates' operation '${operation}' needs a deduplication store that persists between executions, which this engine does not have yet`, {
        description: "Use 'Remove Items Repeated Within Current Input' (operation: removeDuplicateInputItems), or keep the history yourself (for example in a database) until this capability exists.",
      });
    }
    return [removeInputDuplicates(ctx)];
  },
});
