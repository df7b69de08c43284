import { defineNode, NodeError, NodeOperationError, type ExecuteContext, type ExecuteWorkflowOptions, type Item, type PairedItem } from "@bos/node-sdk";
import { WorkflowDocumentSchema, type SubworkflowReference } from "@bos/workflow-schema";
import { executeWorkflowParameters } from "./execute-workflow-parameters";

type Context = ExecuteContext<Record<string, unknown>>;

/** A workflow id from a plain string (v1) or a resource locator (`{__rl, mode: list|id|url, value}`). */
export function workflowIdFrom(value: unknown): string {
  const raw = value !== null && typeof value === "object" ? (value as { value?: unknown; mode?: unknown }).value : value;
  const text = raw === undefined || raw === null ? "" : String(raw).trim();
  const fromUrl = /\/workflow\/([0-9A-Za-z_-]+)/.exec(text);
  return fromUrl?.[1] ?? text;
}

/** Parses an inline `workflowJson` (text or object) into a workflow document, or says what is wrong. */
export function parseInlineWorkflow(value: unknown, nodeName: string, itemIndex: number): ExecuteWorkflowOptions["source"] {
  let data: unknown = value;
  if (typeof value === "string") {
    try {
      data = JSON.parse(value);
    } catch (cause) {
      throw new NodeOperationError("The workflow JSON in 'Workflow JSON' is not valid JSON", {
        itemIndex,
        cause,
        description: "Paste a whole exported workflow: an object with nodes and connections.",
      });
    }
  }
  const withName = data !== null && typeof data === "object" && !Array.isArray(data) ? { name: `${nodeName} (inline sub-workflow)`, ...(data as object) } : data;
  const parsed = WorkflowDocumentSchema.safeParse(withName);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new NodeOperationError("The workflow in 'Workflow JSON' is not a valid workflow", {
      itemIndex,
      description: issue ? `${issue.path.join(".") || "(root)"}: ${issue.message}` : "It needs nodes and connections.",
    });
  }
  return { kind: "inline", workflow: parsed.data };
}

function sourceFor(ctx: Context, itemIndex: number): ExecuteWorkflowOptions["source"] {
  const source = ctx.getNodeParameter("source", itemIndex, "database");
  switch (source) {
    case "database": {
      const id = workflowIdFrom(ctx.getNodeParameter("workflowId", itemIndex));
      if (id === "") {
        throw new NodeOperationError("No sub-workflow selected", { itemIndex, description: "Choose the workflow to call in 'Workflow' (from the list, by ID or by URL)." });
      }
      return { kind: "id", id };
    }
    case "parameter":
      return parseInlineWorkflow(ctx.getNodeParameter("workflowJson", itemIndex), ctx.node.name, itemIndex);
    case "localFile":
    case "url":
      throw new NodeOperationError(`Loading a sub-workflow from ${source === "url" ? "a URL" : "a local file"} is not supported`, {
        itemIndex,
        description: "Store the workflow and select it (source: Database), or paste its JSON (source: Parameter).",
      });
    default:
      throw new NodeOperationError(`Unknown sub-workflow source '${String(source)}'`, { itemIndex, description: "Use database or parameter." });
  }
}

/**
 * The sub-workflow named by the parameters, for side-effect checks without running the node: a literal id
 * (string or resource locator) or inline JSON. Undefined when an expression or another source decides.
 */
export function subworkflowReference(parameters: Readonly<Record<string, unknown>>): SubworkflowReference | undefined {
  const source = parameters["source"] ?? "database";
  const isExpression = (value: unknown) => typeof value === "string" && value.startsWith("=");
  if (source === "database") {
    const raw = parameters["workflowId"];
    const value = raw !== null && typeof raw === "object" ? (raw as { value?: unknown }).value : raw;
    if (isExpression(value)) return undefined;
    const id = workflowIdFrom(raw);
    return id === "" ? undefined : { kind: "id", id };
  }
  if (source === "parameter") {
    const json = parameters["workflowJson"];
    if (isExpression(json)) return undefined;
    try {
      const parsed = parseInlineWorkflow(json, "sub-workflow", 0);
      return parsed.kind === "inline" ? { kind: "inline", workflow: parsed.workflow } : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * v1.2+: the mapped `workflowInputs.value` fields are laid over the item (the sub-workflow's Execute
 * Workflow Trigger then keeps only its declared inputs).
 */
function inputItemFor(ctx: Context, item: Item, itemIndex: number): Item {
  const mapped = ctx.getNodeParameter("workflowInputs.value", itemIndex, null);
  if (mapped === null || typeof mapped !== "object" || Array.isArray(mapped)) return { ...item, pairedItem: { item: itemIndex } };
  return { ...item, json: { ...item.json, ...(mapped as Record<string, unknown>) }, pairedItem: { item: itemIndex } };
}

function linked(items: Item[], pairedItem: PairedItem | PairedItem[]): Item[] {
  return items.map((item) => ({ ...item, pairedItem }));
}

function failureItem(error: unknown, itemIndex: number): Item {
  return { json: { error: error instanceof Error ? error.message : String(error) }, pairedItem: { item: itemIndex } };
}

async function runOnce(ctx: Context, items: Item[], wait: boolean): Promise<Item[][]> {
  const result = await ctx.executeWorkflow({ source: sourceFor(ctx, 0), items: items.map((item, i) => inputItemFor(ctx, item, i)), wait });
  if (!wait) return [items.map((item, i) => ({ ...item, pairedItem: { item: i } }))];
  const everyInput = items.map((_, item) => ({ item }));
  const outputs = result.outputs.length > 0 ? result.outputs : [[]];
  return outputs.map((output) => output.map((item, index) => ({ ...item, pairedItem: output.length === items.length ? { item: index } : everyInput })));
}

async function runEach(ctx: Context, items: Item[], wait: boolean): Promise<Item[][]> {
  const outputs: Item[][] = [[]];
  for (const [itemIndex, item] of items.entries()) {
    try {
      const result = await ctx.executeWorkflow({ source: sourceFor(ctx, itemIndex), items: [inputItemFor(ctx, item, itemIndex)], wait });
      if (!wait) {
        outputs[0]?.push({ ...item, pairedItem: { item: itemIndex } });
        continue;
      }
      result.outputs.forEach((output, outputIndex) => {
        outputs[outputIndex] ??= [];
        outputs[outputIndex]?.push(...linked(output, { item: itemIndex }));
      });
    } catch (error) {
      if (!ctx.continueOnFail()) throw error instanceof NodeError ? error : new NodeOperationError(error instanceof Error ? error.message : String(error), { itemIndex, cause: error });
      outputs[0]?.push(failureItem(error, itemIndex));
    }
  }
  return outputs;
}

/**
 * Execute Workflow / "Execute Sub-workflow" (`n8n-nodes-base.executeWorkflow` v1-1.3): runs another
 * workflow through ctx.executeWorkflow, by id (`source: database`; a string in v1, a resource
 * locator later) or inline JSON (`source: parameter`). `mode: once` sends all items in one call;
 * `each` calls once per item. The output is the sub-workflow's last node's output, linked back to
 * the caller's items (item i to item i when the counts match, else to every input item). With
 * `options.waitForSubWorkflow: false` the call is fire-and-forget and the input passes through.
 * Side effects: those of the sub-workflow (`{ subworkflow }`: the engine loads it and checks its nodes).
 */
export const executeWorkflowNode = defineNode({
  description: {
    type: "n8n-nodes-base.executeWorkflow",
    versions: [1, 1.1, 1.2, 1.3],
    displayName: "Execute Sub-workflow",
    group: ["transform"],
    description: "Execute another workflow",
    defaults: { name: "Execute Workflow", color: "#ff6d5a" },
    inputs: 1,
    outputs: 1,
    sideEffects: { subworkflow: subworkflowReference },
    parameters: executeWorkflowParameters,
  },
  async execute(ctx) {
    const items = ctx.getInputItems();
    const options = ctx.getNodeParameter("options", 0) ?? {};
    const wait = options.waitForSubWorkflow !== false;
    if (ctx.getNodeParameter("mode", 0) === "each") return runEach(ctx, items, wait);
    try {
      return await runOnce(ctx, items, wait);
    } catch (error) {
      if (!ctx.continueOnFail()) throw error;
      return [[failureItem(error, 0)]];
    }
  },
});
