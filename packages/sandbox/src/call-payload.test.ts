import type { Item } from "@bos/node-sdk";
import { buildCallPayload, encodeRunOutputs, runKey, type PayloadState } from "./call-payload";
import { scanReferences } from "./references";
import { ShippedRuns } from "./shipped-runs";
import type { EvaluationScope, NodeRunRecord } from "./types";
import { WorkflowGraph } from "./workflow-graph";

const items = (n: number, tag: string): Item[] => Array.from({ length: n }, (_, i) => ({ json: { tag, i }, pairedItem: { item: i } }));

function state(runs: Record<string, NodeRunRecord[]>, budget = 1e9): PayloadState {
  return {
    runs: new Map(Object.entries(runs)),
    shipped: new ShippedRuns(),
    shippedBudget: budget,
    graph: new WorkflowGraph({
      A: { main: [[{ node: "B", type: "main", index: 0 }]] },
      B: { main: [[{ node: "C", type: "main", index: 0 }], [{ node: "C", type: "main", index: 0 }]] },
    }),
    isCodeNode: () => false,
  };
}

const run = (node: string, runIndex: number, outputs: Item[][], previous?: string): NodeRunRecord => ({
  node,
  runIndex,
  source: previous ? [{ previousNode: previous }] : [],
  outputs,
});

describe("buildCallPayload", () => {
  const aItems = items(3, "a");
  const bItems = items(3, "b");
  const runs = { A: [run("A", 0, [aItems]), run("A", 1, [items(3, "a1")])], B: [run("B", 0, [bItems], "A")] };
  const scope: EvaluationScope = { node: "C", runIndex: 0, inputs: [bItems], source: [{ previousNode: "B" }] };

  it("sends run counts and data only of the nodes the text names, and only their last run", () => {
    const s = state(runs);
    const { meta } = buildCallPayload(s, { ...scope, inputs: [items(3, "other")] }, scanReferences(["={{ $('A').first().json.tag }}"]), 3, 0);
    expect(meta.runCounts).toEqual({ A: 2 });
    expect(meta.newRuns).toEqual([["A", 1]]);
    expect(meta.defaultOut).toEqual({ A: 0 });
  });

  it("sends every run when the text passes a run index, and every node for a computed name", () => {
    expect(buildCallPayload(state(runs), scope, scanReferences(["={{ $('A').all(0, 0).length }}"]), 3, 0).meta.newRuns).toEqual([
      ["A", 0],
      ["A", 1],
      ["B", 0],
    ]);
    const dynamic = buildCallPayload(state(runs), scope, scanReferences(["={{ $(name).first() }}"]), 3, 0).meta;
    expect(dynamic.runCounts).toEqual({ A: 2, B: 1 });
  });

  it("reuses the upstream run for input 0 when the inputs are its very items, and ships it once", () => {
    const s = state(runs);
    const first = buildCallPayload(s, scope, scanReferences(["={{ $input.item.json.tag }}"]), 3, 0);
    expect(first.meta.inputFrom).toEqual(["B", 0, 0]);
    expect(first.runTexts).toEqual([encodeRunOutputs([bItems])]);
    const second = buildCallPayload(s, scope, scanReferences(["={{ $input.item.json.tag }}"]), 3, 0);
    expect(second.meta.newRuns).toEqual([]);
    expect(buildCallPayload(state(runs), { ...scope, inputs: [bItems.slice(1)] }, scanReferences(["={{ 1 }}"]), 2, 0).meta.inputFrom).toBeNull();
  });

  it("prefers a one-off json copy for a run the isolate does not hold yet", () => {
    const { meta } = buildCallPayload(state(runs), scope, scanReferences(["={{ $json.tag }}"]), 3, 0, true);
    expect(meta.inputFrom).toBeNull();
    expect(meta.newRuns).toEqual([]);
  });

  it("answers paired items on the host and ships the runs they point at", () => {
    const { meta } = buildCallPayload(state(runs), scope, scanReferences(["={{ $('A').item.json.tag }}"]), 3, 0);
    expect(meta.paired.A).toEqual([
      [0, 0, 0],
      [0, 0, 1],
      [0, 0, 2],
    ]);
    expect(meta.newRuns).toEqual(expect.arrayContaining([["A", 0], ["A", 1]]));
  });

  it("drops the least recently used runs the call does not need once over budget", () => {
    const size = encodeRunOutputs([aItems]).length;
    const s = state(runs, size * 1.5);
    buildCallPayload(s, { ...scope, inputs: [[]] }, scanReferences(["={{ $('A').all(0, 0) }}"]), 1, 0);
    const { meta } = buildCallPayload(s, scope, scanReferences(["={{ $('B').first() }}"]), 1, 0);
    expect(meta.dropRuns).toEqual([
      ["A", 0],
      ["A", 1],
    ]);
    expect(s.shipped.has(runKey("B", 0))).toBe(true);
    expect(s.shipped.has(runKey("A", 0))).toBe(false);
  });
});
