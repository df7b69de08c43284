import { defineNode, NodeOperationError, type ExecuteContext, type ExecuteWorkflowOptions, type Item } from "@bos/node-sdk";
import type { SubworkflowReference } from "@bos/workflow-schema";
import { parseInlineWorkflow, subworkflowReference, workflowIdFrom } from "../flow/execute-workflow";

type Context = ExecuteContext<Record<string, unknown>>;

/** Region mode has no effects of its own: what runs in the region are nodes of this workflow. */
const NO_SUBWORKFLOW: SubworkflowReference = { kind: "inline", workflow: { nodes: [], connections: {} } };

/** The outputs of a Try/Catch node: try, catch, and finally when `finally` is on. */
export function tryCatchOutputNames(parameters: Readonly<Record<string, unknown>>): string[] {
  return parameters.finally === true ? ["try", "catch", "finally"] : ["try", "catch"];
}

/** The one item a caught error becomes (what the catch branch receives; the engine builds the same in region mode). */
export function caughtErrorItem(error: unknown, node: string, input: readonly Item[]): Item {
  const e = error instanceof Error ? error : new Error(String(error));
  const { code, node: failing } = e as { code?: unknown; node?: unknown };
  return {
    json: {
      error: { message: e.message, node: typeof failing === "string" ? failing : node, name: e.name, ...(typeof code === "string" ? { code } : {}) },
      input: input.map((item) => item.json),
    },
  };
}

function sourceOf(ctx: Context): ExecuteWorkflowOptions["source"] {
  if (ctx.getNodeParameter("source", 0) === "parameter") return parseInlineWorkflow(ctx.getNodeParameter("workflowJson", 0), ctx.node.name, 0);
  const id = workflowIdFrom(ctx.getNodeParameter("workflowId", 0));
  if (id === "") throw new NodeOperationError(`Try/Catch "${ctx.node.name}" protects a sub-workflow but names none`, { description: "Set 'Workflow ID', or paste the workflow in 'Workflow JSON'." });
  return { kind: "id", id };
}

/**
 * Try/Catch (`bos.tryCatch`): a protected part of the workflow. Outputs "try", "catch" and, with
 * `finally` on, "finally".
 *
 * - `mode: region` (default): the node passes its input to "try"; the region is what the "try" output
 *   reaches, up to the matching Try End (`bos.tryEnd`) or the end of the branch. The engine catches any
 *   node error inside the region (after that node's own retries and onError), drops the rest of the
 *   region and sends one item `{ error: { message, node, name, code }, input: [<the failing node's
 *   input json>] }` to "catch"; "finally" runs once the try (or the catch) branch has finished, with
 *   the try region's last output (or the catch branch's).
 * - `mode: subWorkflow`: runs a sub-workflow (by id or inline JSON, like Execute Workflow) with the
 *   input; its output goes to "try", or its error, as the item above, to "catch"; "finally" gets the
 *   same items as whichever of them ran.
 *
 * Exported to n8n: a No Operation node opening the region, its nodes with onError continueErrorOutput.
 */
export const tryCatchNode = defineNode({
  description: {
    type: "bos.tryCatch",
    versions: [1],
    displayName: "Try/Catch",
    group: ["organization"],
    description: "Protect part of the workflow: catch any error inside it and handle it on the catch branch",
    defaults: { name: "Try/Catch", color: "#aa3322" },
    inputs: 1,
    outputs: (p) => tryCatchOutputNames(p).length,
    outputNames: tryCatchOutputNames,
    sideEffects: { subworkflow: (p) => (p.mode === "subWorkflow" ? subworkflowReference(p) : NO_SUBWORKFLOW) },
    parameters: [
      {
        displayName: "Protect",
        name: "mode",
        type: "options",
        default: "region",
        noDataExpression: true,
        options: [
          { name: "The Nodes After 'try'", value: "region", description: "Everything the try output reaches, up to a Try End" },
          { name: "A Sub-workflow", value: "subWorkflow", description: "Run a workflow and catch its errors" },
        ],
        description: "What the Try/Catch protects",
      },
      { displayName: "Finally Branch", name: "finally", type: "boolean", default: false, noDataExpression: true, description: "Whether to add a 'finally' output that runs whether or not an error was caught" },
      {
        displayName: "Source",
        name: "source",
        type: "options",
        default: "database",
        options: [
          { name: "Stored Workflow", value: "database", description: "A workflow by its ID" },
          { name: "Workflow JSON", value: "parameter", description: "A workflow pasted as JSON" },
        ],
        description: "Where the protected sub-workflow comes from",
        displayOptions: { show: { mode: ["subWorkflow"] } },
      },
      { displayName: "Workflow ID", name: "workflowId", type: "string", default: "", required: true, description: "The ID of the workflow to run", displayOptions: { show: { mode: ["subWorkflow"], source: ["database"] } } },
      { displayName: "Workflow JSON", name: "workflowJson", type: "json", default: "", required: true, description: "The workflow to run, as exported JSON", displayOptions: { show: { mode: ["subWorkflow"], source: ["parameter"] } } },
    ],
  },
  async execute(ctx) {
    const input = ctx.getInputItems().map((item, i): Item => ({ ...item, pairedItem: { item: i } }));
    const withFinally = ctx.getNodeParameter("finally", 0) === true;
    if (ctx.getNodeParameter("mode", 0) !== "subWorkflow") return withFinally ? [input, [], []] : [input, []];
    let tried: Item[];
    try {
      const result = await ctx.executeWorkflow({ source: sourceOf(ctx), items: ctx.getInputItems(), wait: true });
      tried = result.outputs[0] ?? [];
    } catch (error) {
      const caught = [caughtErrorItem(error, ctx.node.name, ctx.getInputItems())];
      return withFinally ? [[], caught, caught] : [[], caught];
    }
    return withFinally ? [tried, [], tried] : [tried, []];
  },
});

/**
 * Try End (`bos.tryEnd`): closes the region of the Try/Catch whose "try" output reaches it (regions
 * nest: each Try End closes the innermost open one). It passes its input through; what follows it is
 * outside the region. A Try End no Try/Catch reaches makes the workflow invalid.
 */
export const tryEndNode = defineNode({
  description: {
    type: "bos.tryEnd",
    versions: [1],
    displayName: "Try End",
    group: ["organization"],
    description: "Close the protected region of a Try/Catch",
    defaults: { name: "Try End", color: "#aa3322" },
    inputs: 1,
    outputs: 1,
    sideEffects: "none",
    parameters: [],
  },
  async execute(ctx) {
    return [ctx.getInputItems().map((item, i): Item => ({ ...item, pairedItem: { item: i } }))];
  },
});
