import type { ExecutionMode, Item } from "@bos/node-sdk";
import type { WorkflowDocument } from "@bos/workflow-schema";
import { DebugSessionError } from "../errors";
import { buildWorkflowGraph } from "../graph/workflow-graph";
import type { BeforeNodeRunEvent, RunHooks, RunResult, RunState, SandboxProvider } from "../types";
import type { WorkflowEngine } from "../workflow-engine";
import { firstMatchingItem } from "./breakpoint-condition";
import type { Breakpoint, DebugPause, DebugReport, DebugSessionState, PauseReason } from "./debug-types";

/** What a debug session runs on. */
export interface DebugSessionDeps {
  engine: WorkflowEngine;
  /** Sandboxes for breakpoint conditions (the engine's pool fits). */
  sandboxPool: SandboxProvider;
  /** Host hooks, called for the node runs that actually happen (not for the one a pause stops before). */
  hooks?: RunHooks;
}

export interface StartDebugOptions {
  breakpoints?: Breakpoint[];
  /** Default `manual` (pinned data honoured); `dry-run` debugs a dry run. */
  mode?: ExecutionMode;
  executionId?: string;
  startNode?: string;
  triggerItems?: Item[];
  pinData?: Record<string, unknown[]>;
  vars?: Record<string, string>;
}

/** Thrown from beforeNodeRun to stop the run before a node; carries the state with that node on the stack. */
class PauseSignal extends Error {
  constructor(
    readonly state: RunState,
    readonly pause: DebugPause,
  ) {
    super(`paused before ${pause.node}`);
  }
}

type StopRule = { kind: "breakpoints" } | { kind: "step" } | { kind: "run-to"; node: string };

/**
 * A step-debugging session over the engine: the run stops before a node with a breakpoint (or whose
 * conditional breakpoint holds for its input) and reports the node, its input and every output so far;
 * `step` runs one node, `continue` runs to the next breakpoint, `runTo` to a named node. The session is
 * sequential (concurrent branches are run one at a time, in the sequential order) so every stop is
 * well-defined. Its `state` is plain JSON: a host may persist it and `restore` it in another process.
 *
 * @example
 * const session = await DebugSession.start({ engine, sandboxPool }, doc, { breakpoints: [{ node: "Send" }] });
 * session.report().pause?.input; // Send's input
 * await session.step();          // Send runs; paused before the next node
 * await session.continue();      // to the end (or the next breakpoint)
 */
export class DebugSession {
  private constructor(
    private readonly deps: DebugSessionDeps,
    private readonly doc: WorkflowDocument,
    private current: DebugSessionState,
  ) {}

  /** Starts a session: runs the workflow until the first breakpoint (or to the end). */
  static async start(deps: DebugSessionDeps, doc: WorkflowDocument, options: StartDebugOptions = {}): Promise<DebugSession> {
    const breakpoints = options.breakpoints ?? [];
    const debugDoc = sequential(doc);
    const graph = buildWorkflowGraph(debugDoc);
    for (const bp of breakpoints) assertNode(graph.nodes, bp.node, "set a breakpoint on");
    const session = new DebugSession(deps, debugDoc, {
      version: 1,
      kind: "debug-session",
      status: "paused",
      breakpoints: breakpoints.map((bp) => ({ ...bp })),
      runState: undefined as unknown as RunState,
    });
    await session.leg({ kind: "breakpoints" }, false, (hooks) =>
      deps.engine.run(debugDoc, {
        mode: options.mode ?? "manual",
        executionId: options.executionId,
        startNode: options.startNode,
        triggerItems: options.triggerItems,
        pinData: options.pinData,
        vars: options.vars,
        hooks,
      }),
    );
    return session;
  }

  /** A session from its saved state (e.g. after the host restarted), on the same workflow. */
  static restore(deps: DebugSessionDeps, doc: WorkflowDocument, state: unknown): DebugSession {
    const s = state as Partial<DebugSessionState> | null;
    if (!s || typeof s !== "object" || s.kind !== "debug-session" || s.version !== 1 || !s.runState || !Array.isArray(s.breakpoints)) {
      throw new DebugSessionError("The saved debug session cannot be restored: it is not a debug session state", "Pass the state exactly as DebugSession.state returned it.");
    }
    return new DebugSession(deps, sequential(doc), structuredClone(s as DebugSessionState));
  }

  /** A copy of the session's state, to persist. */
  get state(): DebugSessionState {
    return structuredClone(this.current);
  }

  get status(): DebugSessionState["status"] {
    return this.current.status;
  }

  /** The node, its input and every output so far. */
  report(): DebugReport {
    const { current } = this;
    const report: DebugReport = {
      executionId: current.runState.executionId,
      status: current.status,
      runData: current.runState.runData,
      breakpoints: current.breakpoints,
    };
    if (current.pause) report.pause = current.pause;
    if (current.runState.lastNodeExecuted !== undefined) report.lastNodeExecuted = current.runState.lastNodeExecuted;
    if (current.error) report.error = current.error;
    if (current.simulatedEffects) report.simulatedEffects = current.simulatedEffects;
    return report;
  }

  /** Runs the node it is paused at, then pauses before the next node run. */
  step(): Promise<DebugReport> {
    return this.resume({ kind: "step" });
  }

  /** Runs until the next breakpoint, or to the end. */
  continue(): Promise<DebugReport> {
    return this.resume({ kind: "breakpoints" });
  }

  /** Runs until just before `node` runs (or a breakpoint comes first, or the run ends). */
  runTo(node: string): Promise<DebugReport> {
    assertNode(buildWorkflowGraph(this.doc).nodes, node, "run to");
    return this.resume({ kind: "run-to", node });
  }

  /** Adds (or replaces) the breakpoint on a node. */
  setBreakpoint(breakpoint: Breakpoint): DebugReport {
    assertNode(buildWorkflowGraph(this.doc).nodes, breakpoint.node, "set a breakpoint on");
    this.current.breakpoints = [...this.current.breakpoints.filter((bp) => bp.node !== breakpoint.node), { ...breakpoint }];
    return this.report();
  }

  /** Removes the breakpoint on a node (every breakpoint without a node). */
  clearBreakpoint(node?: string): DebugReport {
    this.current.breakpoints = node === undefined ? [] : this.current.breakpoints.filter((bp) => bp.node !== node);
    return this.report();
  }

  /** Ends the session without running anything more. */
  abort(): DebugReport {
    this.assertResumable("abort");
    this.current.status = "aborted";
    delete this.current.pause;
    return this.report();
  }

  private assertResumable(command: string): void {
    const { status } = this.current;
    if (status !== "paused" && status !== "waiting") {
      throw new DebugSessionError(`Cannot ${command}: the debug session has ended (${status})`, "Start a new debug session.");
    }
  }

  private async resume(rule: StopRule): Promise<DebugReport> {
    this.assertResumable(rule.kind === "breakpoints" ? "continue" : rule.kind === "step" ? "step" : "run to a node");
    const state = structuredClone(this.current.runState);
    const { engine } = this.deps;
    if (state.suspension) return this.leg(rule, false, (hooks) => engine.resume(this.doc, state, { hooks }));
    // The node it paused at is on top of the stack: it runs first, without stopping again.
    return this.leg(rule, true, (hooks) => engine.run(this.doc, { resumeState: state, hooks }));
  }

  /** Runs until the rule stops it (a PauseSignal from beforeNodeRun) or the run ends. */
  private async leg(rule: StopRule, skipFirst: boolean, run: (hooks: RunHooks) => Promise<RunResult>): Promise<DebugReport> {
    let skip = skipFirst;
    let first = true;
    const host = this.deps.hooks;
    const hooks: RunHooks = {
      beforeNodeRun: async (event) => {
        const isFirst = first;
        first = false;
        if (!(skip && isFirst)) {
          const pause = await this.shouldPause(rule, event);
          if (pause) throw new PauseSignal(event.snapshot(), pause);
        }
        skip = false;
        await host?.beforeNodeRun?.(event);
      },
      afterNodeRun: host?.afterNodeRun ? (event) => host.afterNodeRun?.(event) : undefined,
    };
    try {
      const result = await run(hooks);
      this.current.runState = result.state;
      this.current.status = result.status;
      delete this.current.pause;
      if (result.error) this.current.error = result.error;
      else delete this.current.error;
      if (result.simulatedEffects) this.current.simulatedEffects = result.simulatedEffects;
    } catch (error) {
      if (!(error instanceof PauseSignal)) throw error;
      this.current.runState = error.state;
      this.current.status = "paused";
      this.current.pause = error.pause;
      delete this.current.error;
    }
    return this.report();
  }

  private async shouldPause(rule: StopRule, event: BeforeNodeRunEvent): Promise<DebugPause | undefined> {
    const node = event.node.name;
    const at = (reason: PauseReason, state: RunState, matchedItem?: number): DebugPause => {
      const entry = state.stack[0];
      const pause: DebugPause = { node, runIndex: event.runIndex, reason, input: entry?.node === node ? entry.inputs : [] };
      if (matchedItem !== undefined) pause.matchedItem = matchedItem;
      return pause;
    };
    if (rule.kind === "step") return at("step", event.snapshot({ runData: false }));
    if (rule.kind === "run-to" && rule.node === node) return at("run-to", event.snapshot({ runData: false }));
    const breakpoint = this.current.breakpoints.find((bp) => bp.node === node);
    if (!breakpoint) return undefined;
    if (breakpoint.condition === undefined || breakpoint.condition.trim() === "") return at("breakpoint", event.snapshot({ runData: false }));
    const state = event.snapshot();
    const entry = state.stack[0];
    if (!entry || entry.node !== node) return undefined;
    const matched = await firstMatchingItem(this.deps.sandboxPool, this.doc, state, entry, event.runIndex, breakpoint.condition);
    return matched === undefined ? undefined : at("breakpoint", state, matched);
  }
}

/** Debug sessions run branches one at a time, so every stop is before exactly one node. */
function sequential(doc: WorkflowDocument): WorkflowDocument {
  return { ...doc, settings: { ...(doc.settings ?? {}), parallelBranches: 1 } as WorkflowDocument["settings"] };
}

function assertNode(nodes: ReadonlyMap<string, unknown>, node: string, what: string): void {
  if (!nodes.has(node)) throw new DebugSessionError(`Cannot ${what} node "${node}": the workflow has no node of that name`, "Pass the exact name of a node of this workflow.", node);
}

