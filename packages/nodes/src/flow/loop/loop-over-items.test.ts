import type { Item, TaskSource } from "@bos/node-sdk";
import { createTestContext, jsonOf } from "../../testing/test-context";
import { loopOverItemsNode } from "./loop-over-items";
import { splitInBatchesV1Node } from "./split-in-batches-v1";
import { splitInBatchesV2Node } from "./split-in-batches-v2";
import type { AnyNodeType } from "@bos/node-sdk";

const seedSource: TaskSource = { previousNode: "Seed", previousNodeOutput: 0, previousNodeRun: 0 };

/** Runs a batching node several times with shared state, the way the engine does around a loop. */
function loopRunner(node: AnyNodeType, parameters: Record<string, unknown>) {
  const nodeState = { value: undefined as unknown };
  let runIndex = 0;
  return async (items: Item[], source: TaskSource = seedSource): Promise<Item[][]> => {
    const ctx = { ...createTestContext(node, { parameters, items, nodeState, runIndex: runIndex++ }), inputSources: [source] };
    const result = await node.execute(ctx);
    if (!Array.isArray(result)) throw new Error("expected outputs");
    return result;
  };
}

/** What the case's "Tag Batch" node does to a batch: adds run, position, upper-case word, seed index. */
function tagBatch(batch: Item[], run: number): Item[] {
  return batch.map((item, posInBatch) => {
    const link = item.pairedItem as { item: number };
    return { json: { ...item.json, run, posInBatch, upper: String(item.json.word).toUpperCase(), fromSeed: link.item }, pairedItem: { item: posInBatch } };
  });
}

describe("Loop Over Items v3", () => {
  const seed: Item[] = ["a", "b", "c", "d", "e"].map((word, i) => ({ json: { i, word } }));

  it("emits batches on loop and every processed item on done at the end (case loop-over-items-batch-2)", async () => {
    const run = loopRunner(loopOverItemsNode, { batchSize: 2, options: {} });
    const first = await run(seed);
    expect(jsonOf(first)).toEqual([[], [seed[0]?.json, seed[1]?.json]]);
    const second = await run(tagBatch(first[1]!, 0), { previousNode: "Tag Batch", previousNodeRun: 0 });
    expect(jsonOf(second)).toEqual([[], [seed[2]?.json, seed[3]?.json]]);
    const third = await run(tagBatch(second[1]!, 1), { previousNode: "Tag Batch", previousNodeRun: 1 });
    expect(jsonOf(third)).toEqual([[], [seed[4]?.json]]);
    const last = await run(tagBatch(third[1]!, 2), { previousNode: "Tag Batch", previousNodeRun: 2 });
    expect(jsonOf(last)).toEqual([
      [
        { i: 0, word: "a", run: 0, posInBatch: 0, upper: "A", fromSeed: 0 },
        { i: 1, word: "b", run: 0, posInBatch: 1, upper: "B", fromSeed: 1 },
        { i: 2, word: "c", run: 1, posInBatch: 0, upper: "C", fromSeed: 2 },
        { i: 3, word: "d", run: 1, posInBatch: 1, upper: "D", fromSeed: 3 },
        { i: 4, word: "e", run: 2, posInBatch: 0, upper: "E", fromSeed: 4 },
      ],
      [],
    ]);
  });

  it("links batch items and done items to the first run's input items through sourceOverwrite", async () => {
    const run = loopRunner(loopOverItemsNode, { batchSize: 2 });
    const first = await run(seed);
    const second = await run(tagBatch(first[1]!, 0), { previousNode: "Tag Batch" });
    expect(second[1]?.map((item) => item.pairedItem)).toEqual([
      { item: 2, sourceOverwrite: seedSource },
      { item: 3, sourceOverwrite: seedSource },
    ]);
    const third = await run(tagBatch(second[1]!, 1), { previousNode: "Tag Batch" });
    const done = await run(tagBatch(third[1]!, 2), { previousNode: "Tag Batch" });
    expect(done[0]?.map((item) => (item.pairedItem as { item: number }).item)).toEqual([0, 1, 2, 3, 4]);
    expect((done[0]?.[4]?.pairedItem as { sourceOverwrite?: TaskSource }).sourceOverwrite).toEqual(seedSource);
  });

  it("starts over with options.reset", async () => {
    const run = loopRunner(loopOverItemsNode, { batchSize: 3, options: { reset: true } });
    await run(seed);
    const again = await run(seed.slice(0, 2));
    expect(jsonOf(again)).toEqual([[], [seed[0]?.json, seed[1]?.json]]);
  });

  it("treats a batch size below 1 as 1", async () => {
    const run = loopRunner(loopOverItemsNode, { batchSize: 0 });
    expect((await run(seed))[1]).toHaveLength(1);
  });
});

describe("Split In Batches v1 and v2", () => {
  const rows: Item[] = [1, 2, 3].map((n) => ({ json: { n } }));

  it("v2 puts loop on output 0 and done on output 1", async () => {
    const run = loopRunner(splitInBatchesV2Node, { batchSize: 2 });
    const first = await run(rows);
    expect(jsonOf(first)).toEqual([[{ n: 1 }, { n: 2 }], []]);
    const second = await run(first[0]!);
    expect(jsonOf(second)).toEqual([[{ n: 3 }], []]);
    const done = await run(second[0]!);
    expect(jsonOf(done)).toEqual([[], [{ n: 1 }, { n: 2 }, { n: 3 }]]);
  });

  it("v1 has one output that runs dry, with noItemsLeft in its state", async () => {
    const nodeState = { value: undefined as unknown };
    const run = async (items: Item[]) => (await (splitInBatchesV1Node as AnyNodeType).execute(createTestContext(splitInBatchesV1Node, { typeVersion: 1, parameters: { batchSize: 2 }, items, nodeState }))) as Item[][];
    expect(jsonOf(await run(rows))).toEqual([[{ n: 1 }, { n: 2 }]]);
    expect((nodeState.value as { noItemsLeft: boolean }).noItemsLeft).toBe(false);
    expect(jsonOf(await run([]))).toEqual([[{ n: 3 }]]);
    expect((nodeState.value as { noItemsLeft: boolean }).noItemsLeft).toBe(true);
    expect(jsonOf(await run([]))).toEqual([[]]);
  });
});
