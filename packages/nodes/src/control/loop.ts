import { defineNode, NodeOperationError, type ExecuteContext, type Item } from "@bos/node-sdk";
import { runBatchStep } from "../flow/loop/batch-state";

type Context = ExecuteContext<Record<string, unknown>>;

/** A dot path (`order.lines`) read from an item's json. */
function readPath(json: Record<string, unknown>, path: string): unknown {
  let value: unknown = json;
  for (const key of path.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** `field` mode: one item per element of each input item's array field (objects as is, others as `{ value }`). */
export function itemsOfField(items: readonly Item[], field: string, nodeName: string): Item[] {
  return items.flatMap((item, itemIndex) => {
    const value = readPath(item.json, field);
    if (!Array.isArray(value)) {
      throw new NodeOperationError(`Loop "${nodeName}" iterates the field '${field}', but item ${itemIndex} has ${value === undefined ? "no such field" : `a ${typeof value} there`}`, {
        itemIndex,
        description: "Point 'Field' at an array in every item (dot notation for nested fields), or loop over the items.",
      });
    }
    return value.map((element): Item => ({
      json: element !== null && typeof element === "object" && !Array.isArray(element) ? (element as Record<string, unknown>) : { value: element },
      pairedItem: { item: itemIndex },
    }));
  });
}

/**
 * Loop (`bos.loop`): iterates the input items, or the elements of an array field of each item, in
 * batches of `batchSize`. Each run emits the next batch on "loop"; wire the loop body back into the
 * Loop's input. When nothing is left, "done" gets every item that came back from the body, in order.
 * Loop Over Items (v3) underneath, with its state kept in the node state. `maxIterations` (default
 * 1000) guards against runaway loops: the batch that would exceed it fails the node with an error
 * naming the node and the limit. Exported to n8n: Loop Over Items v3.
 */
export const loopNode = defineNode({
  description: {
    type: "bos.loop",
    versions: [1],
    displayName: "Loop",
    group: ["organization"],
    description: "Repeat a part of the workflow for each item (or each element of a list), in batches",
    defaults: { name: "Loop", color: "#007755" },
    inputs: 1,
    outputs: 2,
    outputNames: ["done", "loop"],
    allowsLoop: true,
    sideEffects: "none",
    parameters: [
      {
        displayName: "Iterate Over",
        name: "source",
        type: "options",
        default: "items",
        noDataExpression: true,
        options: [
          { name: "Items", value: "items", description: "Each input item" },
          { name: "A List Field", value: "field", description: "Each element of an array field of the input items" },
        ],
        description: "What the loop goes through",
      },
      {
        displayName: "Field",
        name: "field",
        type: "string",
        default: "",
        required: true,
        placeholder: "order.lines",
        description: "The array field to iterate (dot notation for nested fields)",
        displayOptions: { show: { source: ["field"] } },
      },
      { displayName: "Batch Size", name: "batchSize", type: "number", default: 1, typeOptions: { minValue: 1 }, description: "How many items each iteration gets" },
      {
        displayName: "Max Iterations",
        name: "maxIterations",
        type: "number",
        default: 1000,
        typeOptions: { minValue: 1 },
        description: "The most iterations allowed; the loop fails beyond it (a guard against runaway loops)",
      },
    ],
  },
  async execute(ctx) {
    const maxIterations = Number(ctx.getNodeParameter("maxIterations", 0));
    const firstRun = ctx.getNodeState() === undefined;
    let loopCtx: Context = ctx;
    if (firstRun && ctx.getNodeParameter("source", 0) === "field") {
      const items = itemsOfField(ctx.getInputItems(), String(ctx.getNodeParameter("field", 0)), ctx.node.name);
      loopCtx = { ...ctx, getInputItems: () => items };
    }
    const step = runBatchStep(loopCtx, { batchSize: Number(ctx.getNodeParameter("batchSize", 0)), reset: false, collectProcessed: true });
    const iteration = (ctx.getNodeState<{ currentRunIndex: number }>()?.currentRunIndex ?? 0) + 1;
    if (step.batch.length > 0 && Number.isFinite(maxIterations) && iteration > maxIterations) {
      throw new NodeOperationError(`Loop "${ctx.node.name}" reached its limit of ${maxIterations} iterations (maxIterations)`, {
        description: "Raise 'Max Iterations', use a larger 'Batch Size', or check that the loop body does not feed the loop forever.",
      });
    }
    return [step.done, step.batch];
  },
});
