import type { PairedItem, TaskSource } from "@bos/node-sdk";
import type { NodeRunRecord } from "./types";
import type { WorkflowGraph } from "./workflow-graph";

/**
 * `$('X').item`: walks pairedItem links backwards from an input item of the current node, through each
 * node run's `source` records (and `sourceOverwrite`), to the item of X that produced it. Runs on the
 * host over the recorded run metadata: no item data is copied for it, only the answer.
 */

/** Where the matching item lives: run, output and index in X's run data. */
export type ItemLocation = readonly [run: number, output: number, index: number];
/** A location, null when n8n finds no match (the expression then sees undefined), or a failure. */
export type PairedLookup = ItemLocation | null | { m: string; d: string };

export interface PairedItemContext {
  runsOf(node: string): ReadonlyArray<NodeRunRecord | undefined> | undefined;
  graph: WorkflowGraph;
  /** The node whose expressions or code are being evaluated. */
  currentNode: string;
  /** Code nodes get n8n's "for code" wording. */
  isCodeNode: boolean;
}

class PairedItemFailure {
  constructor(
    readonly message: string,
    readonly description: string,
  ) {}
}

const MAX_STEPS = 100_000;

/** The lookup for items 0..itemCount-1 of the current node's main input (fed by `source`). */
export function resolvePairedItems(
  ctx: PairedItemContext,
  target: string,
  source: TaskSource | null | undefined,
  itemCount: number,
): PairedLookup[] {
  const out: PairedLookup[] = new Array<PairedLookup>(itemCount);
  if (!ctx.graph.ancestors(ctx.currentNode).has(target) || !source) {
    out.fill(toWire(noPath(ctx, target)));
    return out;
  }
  const walker = new PairedItemWalker(ctx, target);
  for (let i = 0; i < itemCount; i++) {
    try {
      out[i] = walker.walk(source, i);
    } catch (error) {
      if (!(error instanceof PairedItemFailure)) throw error;
      out[i] = toWire(error);
    }
  }
  return out;
}

function toWire(failure: PairedItemFailure): { m: string; d: string } {
  return { m: failure.message, d: failure.description };
}

function noPath(ctx: PairedItemContext, target: string): PairedItemFailure {
  return new PairedItemFailure(
    "No path back to referenced node",
    `'${target}' is not connected upstream of '${ctx.currentNode}', so there is no matching item. Use $('${target}').first() or .all() instead, or connect the nodes.`,
  );
}

function cantGet(description: string): PairedItemFailure {
  return new PairedItemFailure("Can't get data for expression", description);
}

class PairedItemWalker {
  private readonly memo = new Map<string, ItemLocation | null>();
  private steps = 0;

  constructor(
    private readonly ctx: PairedItemContext,
    private readonly target: string,
  ) {}

  /** The location in `target` of item `index` of the output `source` points at. */
  walk(source: TaskSource, index: number): ItemLocation | null {
    if (++this.steps > MAX_STEPS) throw cantGet("The paired-item chain is too long to follow.");
    const node = source.previousNode;
    const run = source.previousNodeRun ?? 0;
    const output = source.previousNodeOutput ?? 0;
    const record = this.ctx.runsOf(node)?.[run];
    if (!record) {
      throw cantGet(`Some intermediate nodes between '${this.target}' and '${this.ctx.currentNode}' have not executed yet (run ${run} of '${node}').`);
    }
    const items = record.outputs[output];
    if (!items) throw cantGet(`Item points to output ${output} of '${node}', which does not exist.`);
    if (index >= items.length) {
      throw cantGet(`Paired item data of '${node}' is invalid: item ${index} does not exist in output ${output} of run ${run}.`);
    }
    if (node === this.target) return [run, output, index];

    const key = `${node}\u0000${run}\u0000${output}\u0000${index}`;
    if (this.memo.has(key)) return this.memo.get(key) ?? null;
    const result = this.step(record, node, index, items[index]?.pairedItem);
    this.memo.set(key, result);
    return result;
  }

  private step(record: NodeRunRecord, node: string, index: number, paired: PairedItem | PairedItem[] | number | undefined): ItemLocation | null {
    if (paired === undefined) {
      throw new PairedItemFailure(
        "Paired item data unavailable: info for expression missing from previous node",
        `Node '${node}' did not say which input item produced its item ${index} (pairedItem is missing). ` +
          `Make '${node}' return pairedItem, or use $('${this.target}').first(), .last() or .all()[index] instead of .item.`,
      );
    }
    if (Array.isArray(paired)) return this.stepMany(record, index, paired);
    const link = typeof paired === "number" ? { item: paired } : paired;
    const input = link.input ?? 0;
    if (!link.sourceOverwrite && input >= record.source.length) {
      if (record.source.length === 0) throw noPath(this.ctx, this.target);
      throw cantGet(`In node '${node}', output item ${index} points to input ${input}, a branch that doesn't exist.`);
    }
    const next = link.sourceOverwrite ?? record.source[input];
    if (!next) throw cantGet(`Could not resolve item ${index} of '${node}': probably no pairedItem exists.`);
    return this.walk(next, link.item);
  }

  private stepMany(record: NodeRunRecord, index: number, links: PairedItem[]): ItemLocation | null {
    const results: ItemLocation[] = [];
    for (const raw of links) {
      const link = typeof raw === "number" ? { item: raw as number } : raw;
      const next = link.sourceOverwrite ?? record.source[link.input ?? 0];
      if (!next) continue;
      try {
        const found = this.walk(next, link.item);
        if (found) results.push(found);
      } catch (error) {
        if (!(error instanceof PairedItemFailure)) throw error;
      }
    }
    const first = results[0];
    if (!first) return null;
    if (results.every((r) => r[0] === first[0] && r[1] === first[1] && r[2] === first[2])) return first;
    const what = this.ctx.isCodeNode ? "code" : "expression";
    throw new PairedItemFailure(
      `Multiple matching items for ${what} [item ${index}]`,
      `An item of '${this.ctx.currentNode}' was made from several items of '${this.target}', so .item cannot pick one. ` +
        `Use $('${this.target}').first(), .last() or .all()[index] instead, or reference a node with a one-to-one link.`,
    );
  }
}

