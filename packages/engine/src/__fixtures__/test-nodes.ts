import { NodeOperationError, NodeRegistry, type AnyNodeType, type ExecuteContext, type Item, type NodeResult } from "@bos/node-sdk";
import type { NodeDescription, WorkflowDocument } from "@bos/workflow-schema";

/** Small node types that exercise engine semantics without the real built-in nodes. */

function node(description: Partial<NodeDescription> & Pick<NodeDescription, "type">, execute: (ctx: ExecuteContext) => Promise<NodeResult>): AnyNodeType {
  return {
    description: {
      versions: [1],
      displayName: description.type,
      group: ["test"],
      description: "test node",
      defaults: { name: description.type },
      inputs: 1,
      outputs: 1,
      parameters: [],
      sideEffects: "none",
      ...description,
    },
    execute,
  };
}

const str = (name: string, def: unknown = "") => ({ name, displayName: name, type: "string" as const, default: def });

/** Attempts per `executionId:node`, for retry tests. */
export const attempts = new Map<string, number>();

export const testNodes: AnyNodeType[] = [
  node({ type: "test.trigger", inputs: 0, trigger: "manual" }, async (ctx) => [ctx.getInputItems()]),
  node({ type: "test.subTrigger", inputs: 0, trigger: "executeWorkflow" }, async (ctx) => [ctx.getInputItems()]),
  node({ type: "test.noop" }, async (ctx) => [ctx.getInputItems()]),
  node({ type: "test.set", parameters: [str("field", "value"), str("value")] }, async (ctx) => [
    ctx.getInputItems().map((item, i) => ({ json: { ...item.json, [ctx.getNodeParameter("field", i) as string]: ctx.getNodeParameter("value", i) } })),
  ]),
  node({ type: "test.seed", parameters: [{ name: "items", displayName: "items", type: "json", default: [] }] }, async (ctx) => [
    (ctx.getNodeParameter("items", 0) as Array<Record<string, unknown>>).map((json) => ({ json })),
  ]),
  node({ type: "test.if", outputs: 2, parameters: [str("field", "ok")] }, async (ctx) => {
    const yes: Item[] = [];
    const no: Item[] = [];
    ctx.getInputItems().forEach((item, i) => (item.json[ctx.getNodeParameter("field", i) as string] ? yes : no).push({ json: item.json, pairedItem: { item: i } }));
    return [yes, no];
  }),
  node(
    {
      type: "test.merge",
      inputs: (p) => (typeof p.inputs === "number" ? p.inputs : 2),
      requiredInputs: (p) => (p.required as number | number[] | undefined) ?? 1,
      parameters: [{ name: "required", displayName: "required", type: "json", default: 1 }],
    },
    async (ctx) => [ctx.inputs.flatMap((items, input) => items.map((item, i) => ({ json: item.json, pairedItem: { item: i, input } })))],
  ),
  node({ type: "test.strictMerge", inputs: 2 }, async (ctx) => [ctx.inputs.flat()]),
  node({ type: "test.fail", parameters: [str("message", "boom")] }, async (ctx) => {
    const key = `${ctx.execution.id}:${ctx.node.name}`;
    attempts.set(key, (attempts.get(key) ?? 0) + 1);
    throw new NodeOperationError(ctx.getNodeParameter("message", 0) as string);
  }),
  node({ type: "test.flaky", parameters: [{ name: "failures", displayName: "failures", type: "number", default: 1 }] }, async (ctx) => {
    const key = `${ctx.execution.id}:${ctx.node.name}`;
    const n = (attempts.get(key) ?? 0) + 1;
    attempts.set(key, n);
    if (n <= (ctx.getNodeParameter("failures", 0) as number)) throw new NodeOperationError(`failure ${n}`);
    return [ctx.getInputItems().map((item) => ({ json: { ...item.json, attempts: n } }))];
  }),
  node({ type: "test.errorItems" }, async (ctx) => [
    ctx.getInputItems().map((item, i) => (item.json.bad ? { json: { error: `bad item ${i}` }, pairedItem: { item: i } } : { json: { ...item.json, good: true }, pairedItem: { item: i } })),
  ]),
  node({ type: "test.drop", outputs: 2 }, async (ctx) => [[], ctx.getInputItems()]),
  node({ type: "test.readParam", parameters: [str("value"), str("unused")] }, async (ctx) => [
    ctx.getInputItems().map((_, i) => ({ json: { value: ctx.getNodeParameter("value", i) } })),
  ]),
  node({ type: "test.wait" }, async (ctx) => ({ kind: "wait", wait: { kind: "webhook" }, outputs: [ctx.getInputItems()] })),
  node({ type: "test.sleep", parameters: [{ name: "ms", displayName: "ms", type: "number", default: 50 }] }, async (ctx) => {
    await ctx.sleep(ctx.getNodeParameter("ms", 0) as number);
    return [ctx.getInputItems()];
  }),
  // A timed suspension (as Wait does): `{kind: "until"}` ms from now.
  node({ type: "test.delay", parameters: [{ name: "ms", displayName: "ms", type: "number", default: 50 }] }, async (ctx) => ({
    kind: "wait",
    wait: { kind: "until", until: new Date(Date.now() + (ctx.getNodeParameter("ms", 0) as number)) },
    outputs: [ctx.getInputItems()],
  })),
  node({ type: "test.state" }, async (ctx) => {
    const count = (ctx.getNodeState<number>() ?? 0) + 1;
    ctx.setNodeState(count);
    return [ctx.getInputItems().map((item) => ({ json: { ...item.json, count } }))];
  }),
  // Loop Over Items in miniature: emits one item per run on output 1 until none are left, then all on output 0.
  node({ type: "test.loop", outputs: 2, allowsLoop: true }, async (ctx) => {
    const state: { pending: Item[]; done: Item[] } = ctx.getNodeState() ?? { pending: ctx.getInputItems().map((i) => ({ json: i.json })), done: [] };
    if (ctx.runIndex > 0) state.done.push(...ctx.getInputItems().map((i) => ({ json: i.json })));
    const next = state.pending.shift();
    ctx.setNodeState(state);
    return next ? [[], [next]] : [state.done, []];
  }),
  node({ type: "test.call", parameters: [str("workflowId"), { name: "workflow", displayName: "workflow", type: "json", default: null }] }, async (ctx) => {
    const workflow = ctx.getNodeParameter("workflow", 0) as WorkflowDocument | null;
    const id = ctx.getNodeParameter("workflowId", 0) as string;
    const result = await ctx.executeWorkflow({ source: workflow ? { kind: "inline", workflow } : { kind: "id", id }, items: ctx.getInputItems(), wait: true });
    return [result.outputs[0] ?? []];
  }),
  node({ type: "test.log" }, async (ctx) => {
    ctx.logger.info("hello", { extra: 1 });
    return [ctx.getInputItems()];
  }),
  node({ type: "test.key" }, async (ctx) => [[{ json: { key: ctx.idempotencyKey() } }]]),
  node({ type: "test.respond" }, async (ctx) => ({
    kind: "outputs",
    outputs: [ctx.getInputItems()],
    metadata: { webhookResponse: { statusCode: 201, headers: {}, body: { kind: "empty" } } },
  })),
  // Stands in for the Code node so the legacy table (functionItem -> code v2, mode runOnceForEachItem) can be tested.
  node({ type: "n8n-nodes-base.code", versions: [2], parameters: [str("mode", "runOnceForAllItems")] }, async (ctx) => [
    ctx.getInputItems().map((item, i) => ({ json: { ...item.json, mode: ctx.getNodeParameter("mode", i), type: ctx.node.type } })),
  ]),
  { ...node({ type: "test.http", sideEffects: "always" }, async (ctx) => [ctx.getInputItems().map((item) => ({ json: { ...item.json, sent: true } }))]), simulate: async (ctx: ExecuteContext) => [ctx.getInputItems().map((item) => ({ json: { ...item.json, simulated: true } }))] },
  node({ type: "test.write", sideEffects: "always" }, async (ctx) => [ctx.getInputItems()]),
  node({ type: "test.lazy", parameters: [{ ...str("template"), resolve: "lazy" }] }, async (ctx) => {
    const raw = ctx.getNodeParameter("template", 0) as string;
    return [await Promise.all(ctx.getInputItems().map(async (_, i) => ({ json: { raw, value: await ctx.evaluateExpression(raw, i) } })))];
  }),
];

export function testRegistry(): NodeRegistry {
  return new NodeRegistry().register(...testNodes);
}
