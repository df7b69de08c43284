import type { Item } from "@bos/node-sdk";
import { workflow } from "../__fixtures__/workflow";
import { buildWorkflowGraph } from "../graph/workflow-graph";
import type { RunData } from "../types";
import { incomingConnectionIsEmpty, scheduleChildren, taskSource, type ExecutionOrder, type SchedulingContext } from "./schedule-children";

const item: Item = { json: {} };

function context(order: ExecutionOrder, edges: string[], positions: Record<string, [number, number]> = {}): SchedulingContext {
  const names = new Set(edges.flatMap((e) => e.split("->").map((s) => (s.trim().split(":")[0] as string))));
  const nodes = Object.fromEntries([...names].map((n) => [n, { type: "t", position: positions[n] ?? [0, 0] }]));
  return { graph: buildWorkflowGraph(workflow(nodes, edges)), order, state: { stack: [], waiting: {}, runData: {} } };
}

describe("scheduleChildren", () => {
  it("v1: puts children of non-empty outputs on the front of the stack, top-left first", () => {
    const ctx = context("v1", ["P -> Low", "P -> High", "P:1 -> Skipped", "P -> Left"], { Low: [0, 100], High: [0, -100], Left: [-50, 100] });
    ctx.state.stack.push({ node: "Earlier", inputs: [[item]], source: [] });
    scheduleChildren(ctx, "P", [[item], []], 0);
    expect(ctx.state.stack.map((e) => e.node)).toEqual(["High", "Left", "Low", "Earlier"]);
  });

  it("v0: appends children in connection order and feeds inputs above 0 from empty outputs", () => {
    const ctx = context("v0", ["P -> B", "P -> A", "P:1 -> C:1", "P:1 -> D"]);
    ctx.state.stack.push({ node: "Earlier", inputs: [[item]], source: [] });
    scheduleChildren(ctx, "P", [[item], []], 0);
    expect(ctx.state.stack.map((e) => e.node)).toEqual(["Earlier", "B", "A"]);
    // C's input 1 is its only connection, so it counts as a two-input node and waits for input 0.
    expect(ctx.state.waiting.C?.[0]?.inputs).toEqual([null, []]);
  });

  it("parks a multi-input node in waiting until every input arrived", () => {
    const ctx = context("v1", ["A -> M", "B -> M:1"]);
    scheduleChildren(ctx, "B", [[item]], 0);
    expect(ctx.state.stack).toEqual([]);
    expect(ctx.state.waiting.M).toEqual([{ inputs: [null, [item]], source: [null, { previousNode: "B" }] }]);
    scheduleChildren(ctx, "A", [[item]], 0);
    expect(ctx.state.waiting.M).toBeUndefined();
    expect(ctx.state.stack).toEqual([{ node: "M", inputs: [[item], [item]], source: [{ previousNode: "A" }, { previousNode: "B" }] }]);
  });

  it("opens a second waiting entry when an input arrives twice", () => {
    const ctx = context("v1", ["A -> M", "B -> M:1"]);
    scheduleChildren(ctx, "A", [[item]], 0);
    scheduleChildren(ctx, "A", [[item]], 1);
    expect(ctx.state.waiting.M?.map((w) => w.source[0])).toEqual([{ previousNode: "A" }, { previousNode: "A", previousNodeRun: 1 }]);
  });
});

describe("taskSource and incomingConnectionIsEmpty", () => {
  it("leaves out zero output and run indexes as n8n writes them", () => {
    expect(taskSource("A", 0, 0)).toEqual({ previousNode: "A" });
    expect(taskSource("A", 2, 1)).toEqual({ previousNode: "A", previousNodeOutput: 2, previousNodeRun: 1 });
  });

  it("says whether any source delivered items in that run", () => {
    const runData: RunData = { A: [{ startTime: 0, executionTime: 0, executionIndex: 0, executionStatus: "success", source: [], data: { main: [[], [item]] } }] };
    expect(incomingConnectionIsEmpty(runData, [{ node: "A", outputIndex: 0 }], 0)).toBe(true);
    expect(incomingConnectionIsEmpty(runData, [{ node: "A", outputIndex: 1 }], 0)).toBe(false);
    expect(incomingConnectionIsEmpty(runData, [{ node: "A", outputIndex: 1 }], 1)).toBe(true);
  });
});
