import type { ExecuteContext, Item, PairedItem, TaskSource } from "@bos/node-sdk";

/**
 * The node state of Loop Over Items / Split In Batches, kept across its runs in one execution (and
 * persisted with it). Field names follow n8n's node context, so `$node["Loop"].context.noItemsLeft`
 * style reads see the same keys.
 */
export interface BatchState {
  /** Items not emitted yet, with their index in the first run's input. */
  items: Array<{ item: Item; index: number }>;
  /** Items that came back from the loop body (v2/v3), emitted on "done" at the end. */
  processedItems: Item[];
  /** First-run indexes of the batch emitted last, to link returning items to the original items. */
  lastBatch: number[];
  currentRunIndex: number;
  noItemsLeft: boolean;
  done: boolean;
  /** Where the first run's input came from: every emitted item's `pairedItem.sourceOverwrite`. */
  sourceData: TaskSource | null;
}

export interface BatchStep {
  /** The next batch ("loop" output); empty when nothing is left. */
  batch: Item[];
  /** Every processed item, once no batch is left (v2/v3 "done" output); else empty. */
  done: Item[];
}

function linkTo(index: number, source: TaskSource | null): PairedItem {
  return source ? { item: index, sourceOverwrite: source } : { item: index };
}

/** Rewrites a returning item's links (into the last batch) to links into the first run's input. */
function relink(item: Item, position: number, state: BatchState): Item {
  const original = (batchPosition: number) => state.lastBatch[batchPosition] ?? state.lastBatch[0] ?? 0;
  const links = item.pairedItem === undefined ? [position] : Array.isArray(item.pairedItem) ? item.pairedItem : [item.pairedItem];
  const mapped = links.map((link) => linkTo(original(typeof link === "number" ? link : link.item), state.sourceData));
  return { ...item, pairedItem: mapped.length === 1 ? mapped[0] : mapped };
}

function isBatchState(value: unknown): value is BatchState {
  return value !== null && typeof value === "object" && Array.isArray((value as BatchState).items);
}

/**
 * One run of the batching node. First run (no state, or `reset`): store the input, emit the first
 * `batchSize` items. Later runs: the input is what the loop body returned; keep it as processed
 * (when `collectProcessed`), emit the next batch, or, when none is left, mark done and hand back
 * everything processed. Emitted items link to the first run's input items.
 */
export function runBatchStep(ctx: ExecuteContext<Record<string, unknown>>, options: { batchSize: number; reset: boolean; collectProcessed: boolean }): BatchStep {
  const batchSize = Math.max(1, Math.floor(options.batchSize) || 1);
  const input = ctx.getInputItems();
  const previous = ctx.getNodeState<unknown>();
  let state: BatchState;
  if (!isBatchState(previous) || options.reset) {
    state = {
      items: input.map((item, index) => ({ item, index })),
      processedItems: [],
      lastBatch: [],
      currentRunIndex: 0,
      noItemsLeft: false,
      done: false,
      sourceData: ctx.inputSources?.[0] ?? null,
    };
  } else {
    state = { ...previous, currentRunIndex: previous.currentRunIndex + 1 };
    if (options.collectProcessed) state.processedItems = [...state.processedItems, ...input.map((item, position) => relink(item, position, state))];
  }
  const next = state.items.slice(0, batchSize);
  state.items = state.items.slice(batchSize);
  state.lastBatch = next.map(({ index }) => index);
  state.noItemsLeft = state.items.length === 0;
  state.done = next.length === 0;
  ctx.setNodeState(state);
  const batch = next.map(({ item, index }) => ({ ...item, pairedItem: linkTo(index, state.sourceData) }));
  return { batch, done: state.done ? state.processedItems : [] };
}
