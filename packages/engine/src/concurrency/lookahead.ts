import type { WorkflowGraph } from "../graph/workflow-graph";
import type { NodeRunOutcome } from "../node-run/run-node";
import { scheduleChildren, type SchedulingContext } from "../scheduling/schedule-children";
import type { RunState, StackEntry } from "../types";
import { privateRegion, reachableFrom } from "./branch-plan";

/** How a run that went ahead ended: its outcome, or what it threw (a hook, an abort). */
export type AheadSettled = { ok: true; outcome: NodeRunOutcome; nodeState: { set: boolean; value: unknown } } | { ok: false; error: unknown };

/** One node run started ahead of its turn in the sequential order. */
export interface AheadRun {
  node: string;
  runIndex: number;
  entry: StackEntry;
  settled: Promise<AheadSettled>;
}

/** What the lookahead needs from its execution. */
export interface LookaheadHost {
  graph: WorkflowGraph;
  state: RunState;
  /** Most node runs in flight at once, the execution's own included. */
  limit: number;
  /** Whether this entry would run (it has input items, or is a trigger). */
  runnable(entry: StackEntry): boolean;
  /** False while runs may not go ahead (replaying recorded runs). */
  mayRunAhead(): boolean;
  /** Runs one entry ahead of its turn (beforeNodeRun included), with the branch's node states and signal. */
  start(entry: StackEntry, runIndex: number, nodeStates: Record<string, unknown>, signal: AbortSignal): Promise<NodeRunOutcome>;
}

/**
 * A branch: a stack entry that sits behind the execution's current node in the sequential order,
 * run ahead of its turn together with what it reaches privately (its private region, see
 * `privateRegion`). Its runs go one at a time, in the order the sequential scheduler would start them;
 * the execution takes them, in its own order, when their turn comes.
 */
class Branch {
  readonly stack: StackEntry[];
  readonly runs: AheadRun[] = [];
  readonly states: Record<string, unknown>;
  readonly controller = new AbortController();
  readonly scheduling: SchedulingContext;
  private readonly base = new Map<string, number>();
  private readonly started = new Map<string, number>();
  busy = false;
  stopped = false;

  constructor(
    readonly root: StackEntry,
    readonly region: ReadonlySet<string>,
    host: LookaheadHost,
  ) {
    this.stack = [root];
    this.states = {};
    for (const node of region) {
      this.base.set(node, host.state.runData[node]?.length ?? 0);
      if (node in host.state.nodeStates) this.states[node] = host.state.nodeStates[node];
    }
    this.scheduling = { graph: host.graph, order: "v1", state: { stack: this.stack, waiting: {}, runData: host.state.runData } };
  }

  /** The run index the sequential run will give this node's next run (the region's nodes are the branch's alone). */
  nextRunIndex(node: string): number {
    const started = this.started.get(node) ?? 0;
    this.started.set(node, started + 1);
    return (this.base.get(node) ?? 0) + started;
  }
}

/**
 * Runs independent branches concurrently (issue 7) while the execution applies every outcome in the
 * sequential (v1) order: the execution asks `take()` for the run of the entry whose turn has come and
 * applies it as if it had just run it, so run data, `executionIndex` order, scheduling, node states and
 * afterNodeRun calls are those of the sequential run. Only runs that cannot depend on earlier work go
 * ahead: nodes no earlier entry (the current node's subtree, the stack entries before it) can reach, and
 * not multi-input nodes, whose inputs the sequential scheduler collects.
 */
export class Lookahead {
  private readonly branches: Branch[] = [];
  private readonly roots = new WeakSet<StackEntry>();
  private readonly pending = new Set<Promise<AheadSettled>>();
  private inFlight = 0;
  private closed = false;
  /** The entry the execution runs now: its subtree comes before everything on the stack. */
  private current?: StackEntry;

  constructor(
    private readonly host: LookaheadHost,
    private readonly signal: AbortSignal,
  ) {
    // One listener for every branch: canceling the execution aborts whatever went ahead.
    signal.addEventListener("abort", () => this.abortAll(signal.reason), { once: true });
  }

  private abortAll(reason: unknown): void {
    for (const branch of this.branches) branch.controller.abort(reason);
  }

  /** The run started ahead for this entry, if any; the caller now owns it. */
  take(entry: StackEntry, runIndex: number): AheadRun | undefined {
    for (const branch of this.branches) {
      const index = branch.runs.findIndex((run) => run.node === entry.node && run.runIndex === runIndex && sameInputs(run.entry, entry));
      if (index < 0) continue;
      const [run] = branch.runs.splice(index, 1);
      return run;
    }
    return undefined;
  }

  /**
   * The execution runs this entry itself (no run went ahead for it, e.g. its branch was held back by the
   * limit): the branch that would have run it stops here, so no node runs twice. Whatever it had not
   * handed over yet would come later in the sequential order, so it is dropped. The entry becomes the
   * current one at once, so no branch starts it while the execution prepares its run (beforeNodeRun).
   */
  claim(entry: StackEntry): void {
    this.current = entry;
    for (const branch of this.branches) {
      if (!branch.region.has(entry.node)) continue;
      branch.stopped = true;
      branch.stack.length = 0;
      branch.runs.length = 0;
      if (branch.busy) branch.controller.abort(new Error("branch claimed by the execution"));
    }
  }

  /** Counts one of the execution's own node runs against the limit while it is in flight. */
  async own<T>(run: Promise<T>): Promise<T> {
    this.inFlight++;
    try {
      return await run;
    } finally {
      this.inFlight--;
      this.pump();
    }
  }

  /**
   * Starts what may go ahead now, up to the limit: the next run of each branch (earlier branches first),
   * then new branches for stack entries behind `current` (the node the execution is running now).
   */
  pump(current: StackEntry | undefined = this.current): void {
    this.current = current;
    if (this.closed || !this.host.mayRunAhead()) return;
    for (let i = 0; i < this.branches.length; i++) {
      const branch = this.branches[i] as Branch;
      if (branch.stopped && !branch.busy && branch.runs.length === 0) {
        this.branches.splice(i--, 1);
        continue;
      }
      if (!branch.busy && !branch.stopped && this.inFlight < this.host.limit) this.startNext(branch);
    }
    if (this.inFlight >= this.host.limit) return;
    const { graph } = this.host;
    const earlier: Array<ReadonlySet<string>> = current ? [reachableFrom(graph, current.node)] : [];
    const taken = (node: string) => earlier.some((reach) => reach.has(node)) || this.branches.some((b) => b.region.has(node));
    for (const entry of this.host.state.stack) {
      if (this.inFlight >= this.host.limit) return;
      if (!this.roots.has(entry) && this.host.runnable(entry) && !taken(entry.node)) {
        const region = privateRegion(graph, entry.node, taken);
        const branch = new Branch(entry, region, this.host);
        if (this.signal.aborted) branch.controller.abort(this.signal.reason);
        this.roots.add(entry);
        this.branches.push(branch);
        this.startNext(branch);
      }
      earlier.push(reachableFrom(graph, entry.node));
    }
  }

  /** Stops the branches that may run any of these nodes (a Try/Catch region that failed). */
  discard(nodes: ReadonlySet<string>): void {
    for (let i = 0; i < this.branches.length; i++) {
      const branch = this.branches[i] as Branch;
      if (![...branch.region].some((node) => nodes.has(node))) continue;
      branch.stopped = true;
      branch.controller.abort(new Error("branch discarded"));
      this.branches.splice(i--, 1);
    }
  }

  /** Stops every branch; with `wait`, resolves once no run started ahead is still in flight. */
  async close(wait: boolean): Promise<void> {
    this.closed = true;
    for (const branch of this.branches) {
      branch.stopped = true;
      branch.controller.abort(new Error("execution ended"));
    }
    this.branches.length = 0;
    if (wait) await Promise.all(this.pending);
  }

  private startNext(branch: Branch): void {
    for (;;) {
      const entry = branch.stack.shift();
      if (!entry) {
        branch.stopped = true;
        return;
      }
      if (!branch.region.has(entry.node)) continue;
      if (!this.host.runnable(entry)) continue;
      this.launch(branch, entry, branch.nextRunIndex(entry.node));
      return;
    }
  }

  private launch(branch: Branch, entry: StackEntry, runIndex: number): void {
    branch.busy = true;
    this.inFlight++;
    const settled: Promise<AheadSettled> = this.host.start(entry, runIndex, branch.states, branch.controller.signal).then(
      (outcome) => {
        const nodeState = { set: entry.node in branch.states, value: branch.states[entry.node] };
        if (outcome.kind === "done" && outcome.outputs && !outcome.stop) {
          // Only the children inside the region are followed; the sequential scheduler feeds the others.
          scheduleChildren(branch.scheduling, entry.node, outcome.outputs, runIndex);
        } else if (outcome.kind !== "skipped") {
          branch.stopped = true;
        }
        return { ok: true as const, outcome, nodeState };
      },
      (error: unknown) => {
        branch.stopped = true;
        return { ok: false as const, error };
      },
    );
    branch.runs.push({ node: entry.node, runIndex, entry, settled });
    this.pending.add(settled);
    void settled.then(() => {
      this.pending.delete(settled);
      this.inFlight--;
      branch.busy = false;
      this.pump();
    });
  }
}

function sameInputs(a: StackEntry, b: StackEntry): boolean {
  if (a === b) return true;
  if (a.inputs.length !== b.inputs.length) return false;
  return a.inputs.every((input, i) => input === b.inputs[i]);
}
