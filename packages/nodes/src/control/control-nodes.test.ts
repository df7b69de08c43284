import { NodeOperationError, NodeRegistry, type AnyNodeType, type NodeResult } from "@bos/node-sdk";
import { validateWorkflow } from "@bos/workflow-schema";
import { createTestContext, jsonOf, runNodeForTest } from "../testing/test-context";
import { triggerNodes } from "../triggers";
import { conditionNode } from "./condition";
import { controlNodes } from "./index";
import { joinNode } from "./join";
import { loopNode } from "./loop";
import { parallelNode } from "./parallel";
import { tryCatchNode, tryEndNode } from "./try-catch";
import { waitNode } from "./wait";

const items = (...values: number[]) => values.map((v) => ({ json: { v } }));

describe("bos.condition", () => {
  it("sends items whose conditions pass to 'true' and the others to 'false', as If v2.2 does", async () => {
    const condition = (v: number) => ({
      conditions: { options: { caseSensitive: true, leftValue: "", typeValidation: "strict", version: 2 }, combinator: "and", conditions: [{ leftValue: v, rightValue: 2, operator: { type: "number", operation: "gt" } }] },
    });
    const out = await runNodeForTest(conditionNode, { items: items(1, 3, 5), perItemParameters: [1, 3, 5].map(condition) });
    expect(jsonOf(out)).toEqual([[{ v: 3 }, { v: 5 }], [{ v: 1 }]]);
    expect(conditionNode.description.outputNames).toEqual(["true", "false"]);
  });
});

describe("bos.parallel and bos.join", () => {
  it("forks every input item to each branch, linked to its input item", async () => {
    const out = await runNodeForTest(parallelNode, { parameters: { branches: 3 }, items: items(1, 2) });
    expect(jsonOf(out)).toEqual([
      [{ v: 1 }, { v: 2 }],
      [{ v: 1 }, { v: 2 }],
      [{ v: 1 }, { v: 2 }],
    ]);
    expect(out[2]?.[1]?.pairedItem).toEqual({ item: 1 });
  });

  it("declares one output per branch and refuses a branch count outside 2..32", async () => {
    const outputs = parallelNode.description.outputs as (p: Record<string, unknown>) => number;
    expect(outputs({ branches: 5 })).toBe(5);
    await expect(runNodeForTest(parallelNode, { parameters: { branches: 40 } })).rejects.toThrow('Parallel node "Parallel" needs between 2 and 32 branches, not 40');
  });

  it("appends every branch's items, branch 1 first", async () => {
    const out = await runNodeForTest(joinNode, { parameters: { inputs: 2 }, inputs: [items(1), items(2, 3)] });
    expect(jsonOf(out)).toEqual([[{ v: 1 }, { v: 2 }, { v: 3 }]]);
    expect(out[0]?.[2]?.pairedItem).toEqual({ item: 1, input: 1 });
  });

  it("emits one item per branch with that branch's items", async () => {
    const out = await runNodeForTest(joinNode, { parameters: { inputs: 3, output: "byBranch" }, inputs: [items(1), [], items(2, 3)] });
    expect(jsonOf(out)).toEqual([
      [
        { branch: 0, items: [{ v: 1 }] },
        { branch: 1, items: [] },
        { branch: 2, items: [{ v: 2 }, { v: 3 }] },
      ],
    ]);
  });
});

describe("bos.loop", () => {
  it("iterates the elements of an array field in batches, then emits what came back on 'done'", async () => {
    const state = { value: undefined as unknown };
    const first = await runNodeForTest(loopNode, { parameters: { source: "field", field: "order.lines", batchSize: 2 }, items: [{ json: { order: { lines: [{ sku: "a" }, { sku: "b" }, 7] } } }], nodeState: state });
    expect(jsonOf(first)).toEqual([[], [{ sku: "a" }, { sku: "b" }]]);
    const second = await runNodeForTest(loopNode, { parameters: { source: "field", field: "order.lines", batchSize: 2 }, items: [{ json: { sku: "A" } }, { json: { sku: "B" } }], nodeState: state, runIndex: 1 });
    expect(jsonOf(second)).toEqual([[], [{ value: 7 }]]);
    const third = await runNodeForTest(loopNode, { parameters: { source: "field", field: "order.lines", batchSize: 2 }, items: [{ json: { value: 70 } }], nodeState: state, runIndex: 2 });
    expect(jsonOf(third)).toEqual([[{ sku: "A" }, { sku: "B" }, { value: 70 }], []]);
  });

  it("says which item lacks the array field", async () => {
    await expect(runNodeForTest(loopNode, { parameters: { source: "field", field: "lines" }, items: [{ json: { lines: [] } }, { json: { lines: "x" } }] })).rejects.toThrow(
      "Loop \"Loop\" iterates the field 'lines', but item 1 has a string there",
    );
  });

  it("fails with the node and the limit when an iteration would exceed maxIterations", async () => {
    const state = { value: undefined as unknown };
    const run = (runIndex: number) => runNodeForTest(loopNode, { name: "Pages", parameters: { maxIterations: 2 }, items: runIndex === 0 ? items(1, 2, 3) : items(0), nodeState: state, runIndex });
    await run(0);
    await run(1);
    const error = await run(2).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeOperationError);
    expect((error as Error).message).toBe('Loop "Pages" reached its limit of 2 iterations (maxIterations)');
  });
});

describe("bos.wait", () => {
  const node: AnyNodeType = waitNode;
  const run = (parameters: Record<string, unknown>): Promise<NodeResult> => Promise.resolve(node.execute(createTestContext(node, { parameters, items: items(1) })));

  it("suspends for a duration, until a time, for a webhook or for an event", async () => {
    const before = Date.now();
    const duration = await run({ mode: "duration", amount: 250, unit: "milliseconds" });
    expect(duration).toMatchObject({ kind: "wait", wait: { kind: "until" }, outputs: [[{ json: { v: 1 } }]] });
    const until = (duration as { wait: { until: Date } }).wait.until.getTime();
    expect(until - before).toBeGreaterThanOrEqual(250);
    expect(await run({ mode: "until", dateTime: "2999-01-01T00:00:00Z" })).toMatchObject({ kind: "wait", wait: { kind: "until", until: new Date("2999-01-01T00:00:00Z") } });
    expect(await run({ mode: "webhook" })).toMatchObject({ kind: "wait", wait: { kind: "webhook" } });
    expect(await run({ mode: "event", eventType: "order.paid", timeoutSeconds: 60 })).toMatchObject({ kind: "wait", wait: { kind: "event", eventType: "order.paid" } });
  });

  it("continues at once for a time already past and refuses an event wait without a type", async () => {
    expect(await run({ mode: "until", dateTime: "2001-01-01T00:00:00Z" })).toEqual([[{ json: { v: 1 }, pairedItem: { item: 0 } }]]);
    await expect(run({ mode: "event", eventType: " " })).rejects.toThrow("has no 'Event Type'");
  });
});

describe("bos.tryCatch and bos.tryEnd", () => {
  it("region mode passes the input to 'try' and declares 'finally' only when asked", async () => {
    expect(jsonOf(await runNodeForTest(tryCatchNode, { items: items(1) }))).toEqual([[{ v: 1 }], []]);
    expect(jsonOf(await runNodeForTest(tryCatchNode, { parameters: { finally: true }, items: items(1) }))).toEqual([[{ v: 1 }], [], []]);
    expect(jsonOf(await runNodeForTest(tryEndNode, { items: items(4) }))).toEqual([[{ v: 4 }]]);
  });

  it("sub-workflow mode routes the sub-workflow's output to 'try', or its error to 'catch', and both to 'finally'", async () => {
    const parameters = { mode: "subWorkflow", source: "database", workflowId: "wf-1", finally: true };
    const ok = await runNodeForTest(tryCatchNode, { parameters, items: items(1), executeWorkflow: async () => ({ outputs: [[{ json: { done: true } }]] }) });
    expect(jsonOf(ok)).toEqual([[{ done: true }], [], [{ done: true }]]);
    const failed = await runNodeForTest(tryCatchNode, {
      name: "Guard",
      parameters,
      items: items(1),
      executeWorkflow: async () => {
        throw Object.assign(new NodeOperationError("card declined"), { node: "Charge" });
      },
    });
    const caught = { error: { message: "card declined", node: "Charge", name: "NodeOperationError", code: "WF_NODE_OPERATION" }, input: [{ v: 1 }] };
    expect(jsonOf(failed)).toEqual([[], [caught], [caught]]);
  });
});

describe("control node descriptions", () => {
  it("validate like any other node in a workflow", () => {
    const registry = new NodeRegistry().register(...triggerNodes, ...controlNodes);
    const doc = {
      name: "control",
      nodes: [
        { name: "Start", type: "n8n-nodes-base.manualTrigger", typeVersion: 1, position: [0, 0] as [number, number], parameters: {} },
        ...controlNodes.map((node, i) => ({ name: node.description.displayName, type: node.description.type, typeVersion: 1, position: [200 * (i + 1), 0] as [number, number], parameters: {} })),
      ],
      connections: {},
    };
    const issues = validateWorkflow(doc, registry).issues.filter((issue) => issue.severity === "error");
    expect(issues).toEqual([]);
  });
});
