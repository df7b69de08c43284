import type { Item } from "@bos/node-sdk";
import type { WorkflowGraph } from "../graph/workflow-graph";
import { InvalidTryRegionError } from "../errors";
import type { RunState, TaskError, TryFrame } from "../types";
import { connectionInputItems } from "./connection-input";
import { scheduleChildren, type SchedulingContext } from "./schedule-children";

/** The design's Try/Catch node type and the node that closes its region. */
export const TRY_CATCH_TYPE = "bos.tryCatch";
export const TRY_END_TYPE = "bos.tryEnd";

/** Output indexes of a Try/Catch node. */
const TRY_OUTPUT = 0;
const CATCH_OUTPUT = 1;
const FINALLY_OUTPUT = 2;

/** The protected region of one Try/Catch node (region mode) and its catch branch. */
export interface TryRegion {
  node: string;
  /** What the "try" output reaches, up to and including the matching Try End(s). */
  body: ReadonlySet<string>;
  /** What the "catch" output reaches, up to and including a matching Try End. */
  catchBody: ReadonlySet<string>;
  /** The Try End nodes that close this region. */
  ends: ReadonlySet<string>;
}

/** Whether a node is a Try/Catch that protects a region of this workflow (not a sub-workflow). */
export function isRegionTryCatch(graph: WorkflowGraph, name: string): boolean {
  const node = graph.nodes.get(name);
  return node !== undefined && node.type === TRY_CATCH_TYPE && !node.disabled && node.parameters?.mode !== "subWorkflow";
}

function isTryEnd(graph: WorkflowGraph, name: string): boolean {
  const node = graph.nodes.get(name);
  return node !== undefined && node.type === TRY_END_TYPE && !node.disabled;
}

/**
 * What one output of a Try/Catch reaches, up to the matching Try End: a nested Try/Catch opens a
 * region (one level deeper for everything it reaches) and a Try End closes the innermost open one;
 * the Try End at our level is included and ends the walk there.
 */
export function regionFrom(graph: WorkflowGraph, tryCatch: string, output: number): { body: Set<string>; ends: Set<string> } {
  const body = new Set<string>();
  const ends = new Set<string>();
  const seen = new Set<string>();
  const queue: Array<{ node: string; depth: number }> = (graph.children.get(tryCatch)?.[output] ?? []).map((t) => ({ node: t.node, depth: 0 }));
  while (queue.length > 0) {
    const { node, depth } = queue.shift() as { node: string; depth: number };
    const key = `${depth}:${node}`;
    if (seen.has(key) || node === tryCatch || depth > graph.nodes.size) continue;
    seen.add(key);
    body.add(node);
    let next = depth;
    if (isTryEnd(graph, node)) {
      if (depth === 0) {
        ends.add(node);
        continue;
      }
      next = depth - 1;
    } else if (isRegionTryCatch(graph, node)) {
      next = depth + 1;
    }
    for (const targets of graph.children.get(node) ?? []) for (const t of targets) queue.push({ node: t.node, depth: next });
  }
  return { body, ends };
}

const regionsCache = new WeakMap<WorkflowGraph, ReadonlyMap<string, TryRegion>>();

/**
 * Every Try/Catch region of the workflow, by Try/Catch node (cached per graph). Throws
 * InvalidTryRegionError for a Try End that no Try/Catch's "try" output reaches (it would close nothing).
 */
export function tryRegionsOf(graph: WorkflowGraph): ReadonlyMap<string, TryRegion> {
  const cached = regionsCache.get(graph);
  if (cached) return cached;
  const regions = new Map<string, TryRegion>();
  const closed = new Set<string>();
  for (const name of graph.nodes.keys()) {
    if (!isRegionTryCatch(graph, name)) continue;
    const tried = regionFrom(graph, name, TRY_OUTPUT);
    const caught = regionFrom(graph, name, CATCH_OUTPUT);
    for (const end of tried.ends) closed.add(end);
    regions.set(name, { node: name, body: tried.body, catchBody: caught.body, ends: tried.ends });
  }
  for (const name of graph.nodes.keys()) {
    if (isTryEnd(graph, name) && !closed.has(name)) throw new InvalidTryRegionError(name);
  }
  regionsCache.set(graph, regions);
  return regions;
}

/** The item a caught error becomes on the catch branch. */
export function caughtErrorItem(error: TaskError | undefined, node: string, input: readonly Item[]): Item {
  const details: Record<string, unknown> = { message: error?.message ?? "Unknown error", node: error?.node ?? node, name: error?.name ?? "Error" };
  if (error?.code) details.code = error.code;
  return { json: { error: details, input: input.map((item) => item.json) } };
}

/**
 * The region stack of one execution: Try/Catch frames opened by region-mode Try/Catch runs, kept in the
 * run state (`tryFrames`) so a resumed run still catches. Driven by the execution in the sequential
 * order: `opened` after a Try/Catch run, `applied` after every node run, `catchFailure` when a node run
 * fails the run.
 */
export class TryRegionStack {
  constructor(
    private readonly regions: ReadonlyMap<string, TryRegion>,
    private readonly scheduling: SchedulingContext,
    private readonly state: RunState,
  ) {}

  private get frames(): TryFrame[] {
    return (this.state.tryFrames ??= []);
  }

  /** After a node run was recorded and its children scheduled: opens frames, tracks outputs, runs finally branches. */
  applied(node: string, runIndex: number, outputs: Item[][] | undefined, parameters: Readonly<Record<string, unknown>>): void {
    if (this.regions.has(node) && outputs) {
      this.frames.push({ node, runIndex, phase: "try", finally: parameters.finally === true, last: outputs[TRY_OUTPUT] ?? [] });
    } else if (outputs) {
      const produced = outputs.find((items) => items.length > 0);
      for (const frame of this.frames) if (produced && this.bodyOf(frame).has(node)) frame.last = produced;
    }
    this.closeFinished();
  }

  /**
   * A node run failed the run: when a frame in its try phase holds the node, the rest of its region is
   * dropped and the error goes to its catch branch (true). Returns the region's nodes, for the caller to
   * stop work on them; undefined when nothing catches the error.
   */
  catchFailure(node: string, inputs: ReadonlyArray<Item[] | null>, error: TaskError | undefined): ReadonlySet<string> | undefined {
    const frames = this.frames;
    let index = frames.length - 1;
    for (; index >= 0; index--) {
      const frame = frames[index] as TryFrame;
      if (frame.phase === "try" && this.bodyOf(frame).has(node)) break;
    }
    if (index < 0) return undefined;
    const frame = frames[index] as TryFrame;
    frames.length = index + 1;
    const region = this.regions.get(frame.node) as TryRegion;
    const { stack, waiting } = this.state;
    for (let i = stack.length - 1; i >= 0; i--) if (region.body.has((stack[i] as { node: string }).node)) stack.splice(i, 1);
    for (const name of Object.keys(waiting)) if (region.body.has(name)) delete waiting[name];
    const caught = caughtErrorItem(error, node, connectionInputItems(inputs, "v1") ?? []);
    frame.phase = "catch";
    frame.last = [caught];
    scheduleChildren(this.scheduling, frame.node, [[], [caught]], frame.runIndex);
    this.closeFinished();
    return region.body;
  }

  private bodyOf(frame: TryFrame): ReadonlySet<string> {
    const region = this.regions.get(frame.node) as TryRegion;
    return frame.phase === "try" ? region.body : region.catchBody;
  }

  /** Frames whose current phase has nothing left to run end here; those with a finally branch run it. */
  private closeFinished(): void {
    const frames = this.frames;
    for (let i = frames.length - 1; i >= 0; i--) {
      const frame = frames[i] as TryFrame;
      const body = this.bodyOf(frame);
      const pending = this.state.stack.some((entry) => body.has(entry.node)) || Object.keys(this.state.waiting).some((name) => body.has(name));
      if (pending) continue;
      frames.splice(i, 1);
      if (frame.finally) {
        const items = frame.last.length > 0 ? frame.last : [{ json: {} }];
        const outputs: Item[][] = [[], []];
        outputs[FINALLY_OUTPUT] = items;
        scheduleChildren(this.scheduling, frame.node, outputs, frame.runIndex);
      }
    }
    if (frames.length === 0) delete this.state.tryFrames;
  }
}
