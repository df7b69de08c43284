import type { ExecuteWorkflowOptions, ExecutionInfo, HttpClient, Item, NodeLogger, WorkflowInfo } from "@bos/node-sdk";
import type { ExecutionSandbox } from "@bos/sandbox";
import type { NodeDescription, WorkflowNode } from "@bos/workflow-schema";
import { Lookahead, type AheadRun } from "./concurrency/lookahead";
import { ExecutionCanceledError, ExecutionTimeoutError } from "./errors";
import { delegatesSideEffects, hasSideEffects, requiredInputs } from "./graph/port-counts";
import type { WorkflowGraph } from "./graph/workflow-graph";
import { idempotencyKeyOf } from "./node-run/execute-context";
import { runNode, type NodeRunOutcome, type NodeRunServices, type ResolvedNode, type SubworkflowCallResult } from "./node-run/run-node";
import { toTaskError } from "./node-run/task-error";
import { deserializeWait, serializeWait, snapshotState } from "./run-state";
import { connectionInputItems } from "./scheduling/connection-input";
import { pickWaitingNode } from "./scheduling/pick-waiting-node";
import { scheduleChildren, type ExecutionOrder, type SchedulingContext } from "./scheduling/schedule-children";
import { TryRegionStack, tryRegionsOf } from "./scheduling/try-regions";
import type { CredentialsProvider, RecordedNodeRun, RunHooks, RunResult, RunState, RunStatus, StackEntry, TaskData, TaskError } from "./types";

/** What one execution is built from (the engine assembles it). */
export interface ExecutionSetup {
  graph: WorkflowGraph;
  resolved: ReadonlyMap<string, ResolvedNode>;
  order: ExecutionOrder;
  state: RunState;
  sandbox: ExecutionSandbox;
  workflow: WorkflowInfo;
  execution: ExecutionInfo;
  hooks?: RunHooks;
  /** Recorded node runs to apply instead of running them (crash recovery). */
  replay?: readonly RecordedNodeRun[];
  signal?: AbortSignal;
  /** settings.executionTimeout in seconds (<= 0: none). */
  timeoutSeconds?: number;
  /** Most node runs in flight at once (concurrent branches, v1 order only); 1 or absent: sequential. */
  concurrency?: number;
  /** Timed waits (`{kind: "until"}`) at most this far away are slept in-process instead of suspending. */
  inProcessWaitMs?: number;
  logger: NodeLogger;
  http: HttpClient;
  credentials?: CredentialsProvider;
  now(): number;
  executeWorkflow(parent: Execution, node: WorkflowNode, subExecutionId: string, options: ExecuteWorkflowOptions): Promise<SubworkflowCallResult>;
  /** Side effects of a node whose description delegates them to a sub-workflow (loaded and checked); default yes. */
  subworkflowSideEffects?(node: WorkflowNode): Promise<boolean>;
}

/** Resolves with the abort reason when the signal fires. */
function abortPromise(signal: AbortSignal): Promise<{ aborted: unknown }> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve({ aborted: signal.reason });
    else signal.addEventListener("abort", () => resolve({ aborted: signal.reason }), { once: true });
  });
}

/**
 * One run of one workflow: the main loop of FORMAT §3 over a RunState. It pops a stack entry, runs
 * it (`runNode`, which never touches scheduling state), then applies the outcome: records the task,
 * shows it to the sandbox, schedules children. Sequential today; the seam for concurrent branches
 * (issue 7) is to run several independent entries' `runNode` at once and apply their outcomes in
 * stack order, which keeps results and run-record order equal to the sequential run.
 */
export class Execution {
  readonly state: RunState;
  private readonly controller = new AbortController();
  private readonly scheduling: SchedulingContext;
  private readonly services: NodeRunServices;
  private canceledBy?: Error;
  private readonly replay = new Map<string, RecordedNodeRun>();
  /** Runs independent branches ahead of their turn (settings.parallelBranches / a Parallel node). */
  private readonly lookahead?: Lookahead;
  /** The Try/Catch region stack, when the workflow has region-mode Try/Catch nodes. */
  private readonly tryRegions?: TryRegionStack;
  /** The last hook call queued (concurrent branches only; see oneHookAtATime). */
  private hookQueue: Promise<void> = Promise.resolve();
  /** Failed node runs a Try/Catch caught: the run goes on. */
  private readonly caughtTasks = new WeakSet<TaskData>();

  constructor(private readonly setup: ExecutionSetup) {
    this.state = setup.state;
    this.scheduling = { graph: setup.graph, order: setup.order, state: this.state };
    for (const run of setup.replay ?? []) this.replay.set(`${run.runIndex}:${run.node}`, run);
    this.services = {
      order: setup.order,
      sandbox: setup.sandbox,
      workflow: setup.workflow,
      execution: setup.execution,
      signal: this.controller.signal,
      logger: setup.logger,
      http: setup.http,
      credentials: setup.credentials,
      nodeStates: this.state.nodeStates,
      pinData: this.state.pinData,
      now: setup.now,
      sleep: (ms) => this.sleep(ms),
      // Derived from the node run and the call's number, so a retried or crash-resumed node run calls its
      // sub-workflows under the same execution ids (and so the same idempotency keys).
      executeWorkflow: (node, runIndex, call, options) => setup.executeWorkflow(this, node, `${this.state.executionId}/${node.name}/${runIndex}/${call}`, options),
    };
    const regions = tryRegionsOf(setup.graph);
    if (regions.size > 0) this.tryRegions = new TryRegionStack(regions, this.scheduling, this.state);
    if ((setup.concurrency ?? 1) > 1 && setup.order === "v1") {
      this.lookahead = new Lookahead(
        {
          graph: setup.graph,
          state: this.state,
          limit: setup.concurrency ?? 1,
          runnable: (entry) => this.isRunnable(entry),
          mayRunAhead: () => this.replay.size === 0 && !this.canceledBy,
          start: (entry, runIndex, nodeStates, signal) => this.runAhead(entry, runIndex, nodeStates, signal),
        },
        this.controller.signal,
      );
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Runs until the stack and waiting nodes are exhausted, a node fails, the run suspends or is canceled. */
  async run(resumePayload?: Item[]): Promise<RunResult> {
    const cleanup = this.armCancellation();
    try {
      if (this.state.suspension) await this.completeSuspension(resumePayload);
      const result = await this.loop();
      // Runs that went ahead of a failure or suspension are discarded (the sequential run never started them).
      await this.lookahead?.close(result.status !== "canceled");
      return result;
    } catch (error) {
      await this.lookahead?.close(true);
      throw error;
    } finally {
      cleanup();
    }
  }

  private armCancellation(): () => void {
    const { signal, timeoutSeconds } = this.setup;
    const onAbort = () => this.cancel(new ExecutionCanceledError(signal?.reason instanceof Error ? signal.reason.message : undefined));
    if (signal?.aborted) onAbort();
    else signal?.addEventListener("abort", onAbort, { once: true });
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (timeoutSeconds !== undefined && timeoutSeconds > 0) {
      timer = setTimeout(() => this.cancel(new ExecutionTimeoutError(timeoutSeconds)), timeoutSeconds * 1000);
    }
    return () => {
      signal?.removeEventListener("abort", onAbort);
      if (timer) clearTimeout(timer);
    };
  }

  private cancel(error: Error): void {
    if (this.canceledBy) return;
    this.canceledBy = error;
    this.controller.abort(error);
  }

  private async loop(): Promise<RunResult> {
    const { state } = this;
    const aborted = abortPromise(this.controller.signal);
    for (;;) {
      if (this.canceledBy) return this.finish("canceled", toTaskError(this.canceledBy));
      let entry = state.stack[0];
      if (!entry) {
        if (this.setup.order !== "v1") break;
        const picked = pickWaitingNode(this.setup.graph, state.waiting, (name) => this.requiredInputsOf(name));
        if (!picked) break;
        state.stack.unshift(picked);
        entry = picked;
      }
      const resolved = this.setup.resolved.get(entry.node) as ResolvedNode;
      if (!this.isRunnable(entry)) {
        state.stack.shift();
        continue;
      }
      const runIndex = state.runData[entry.node]?.length ?? 0;
      const recorded = this.replay.get(`${runIndex}:${entry.node}`);
      if (recorded) {
        this.replay.delete(`${runIndex}:${entry.node}`);
        state.stack.shift();
        const task = this.applyRecorded(entry, runIndex, recorded);
        if (task.executionStatus === "error" && !task.data && !this.caughtTasks.has(task)) {
          state.stack.unshift(entry);
          return this.finish("error", task.error);
        }
        continue;
      }
      const ahead = this.lookahead?.take(entry, runIndex);
      if (!ahead) {
        this.lookahead?.claim(entry);
        await this.beforeNodeRun(resolved, entry, runIndex);
      }
      state.stack.shift();
      const running = ahead ? this.settleAhead(ahead) : this.lookahead ? this.lookahead.own(this.runEntry(this.services, resolved, entry, runIndex)) : this.runEntry(this.services, resolved, entry, runIndex);
      this.lookahead?.pump(entry);
      const outcome = await Promise.race([running, aborted]);
      if ("aborted" in outcome) {
        // The node was in flight: put it back so a resume runs it again (same idempotency key).
        state.stack.unshift(entry);
        return this.finish("canceled", toTaskError(this.canceledBy ?? new ExecutionCanceledError()));
      }
      if (outcome.kind === "skipped") continue;
      if (outcome.kind === "wait") {
        state.suspension = { entry, wait: serializeWait(outcome.wait), outputs: outcome.outputs, startTime: outcome.startTime };
        state.lastNodeExecuted = entry.node;
        return this.finish("waiting");
      }
      const task = await this.apply(resolved, entry, runIndex, outcome);
      if (this.canceledBy) return this.finish("canceled", toTaskError(this.canceledBy));
      if (outcome.stop && !this.caughtTasks.has(task)) {
        // Kept on the stack (as n8n does) so a retry from the failed node can resume this state.
        state.stack.unshift(entry);
        return this.finish("error", task.error);
      }
    }
    return this.finish("success");
  }

  /**
   * Try/Catch bookkeeping after a node run was recorded: a failed run inside a protected region is caught
   * (the region's pending work dropped, the catch branch scheduled); otherwise frames open, track outputs
   * and run their finally branches (scheduling/try-regions.ts).
   */
  private afterRegions(resolved: ResolvedNode, entry: StackEntry, runIndex: number, outputs: Item[][] | undefined, task: TaskData): void {
    if (!this.tryRegions) return;
    if (!outputs) {
      if (task.executionStatus !== "error") return;
      const region = this.tryRegions.catchFailure(entry.node, entry.inputs, task.error);
      if (!region) return;
      this.caughtTasks.add(task);
      this.lookahead?.discard(region);
      return;
    }
    this.tryRegions.applied(entry.node, runIndex, outputs, resolved.node.parameters ?? {});
  }

  /**
   * Hosts' hooks never overlap: with concurrent branches, beforeNodeRun of runs going ahead and the
   * execution's own hook calls queue up here (sequential runs call them directly).
   */
  private oneHookAtATime(call: () => void | Promise<void>): Promise<void> | void {
    if (!this.lookahead) return call();
    const run = this.hookQueue.then(call);
    this.hookQueue = run.catch(() => undefined);
    return run;
  }

  private isRunnable(entry: StackEntry): boolean {
    const resolved = this.setup.resolved.get(entry.node);
    return resolved?.type?.description.trigger !== undefined || connectionInputItems(entry.inputs, this.setup.order) !== null;
  }

  private async beforeNodeRun(resolved: ResolvedNode, entry: StackEntry, runIndex: number): Promise<void> {
    const { state } = this;
    const beforeNodeRun = this.setup.hooks?.beforeNodeRun;
    if (!beforeNodeRun) return;
    // A pinned node does not run, so it cannot act outside the engine.
    const sideEffects = state.pinData?.[entry.node] === undefined && (await this.sideEffectsOf(resolved));
    await this.oneHookAtATime(() =>
      beforeNodeRun({
        executionId: state.executionId,
        node: resolved.node,
        runIndex,
        sideEffects,
        idempotencyKey: idempotencyKeyOf(state.executionId, entry.node, runIndex),
        snapshot: (options) => snapshotState(state, options),
      }),
    );
  }

  /**
   * One node run: `runNode`, then a timed wait no further away than `inProcessWaitMs` is slept here
   * (abortable) and the run completes with the wait's outputs, so other branches go on meanwhile.
   */
  private async runEntry(services: NodeRunServices, resolved: ResolvedNode, entry: StackEntry, runIndex: number): Promise<NodeRunOutcome> {
    const outcome = await runNode(services, resolved, entry, runIndex);
    const limit = this.setup.inProcessWaitMs ?? 0;
    if (outcome.kind !== "wait" || outcome.wait.kind !== "until" || limit <= 0) return outcome;
    const ms = outcome.wait.until.getTime() - this.setup.now();
    if (ms > limit) return outcome;
    if (ms > 0) await sleepFor(ms, services.signal);
    const outputs = outcome.outputs.length > 0 ? outcome.outputs : [[]];
    return {
      kind: "done",
      outputs,
      stop: false,
      task: { startTime: outcome.startTime, executionTime: this.setup.now() - outcome.startTime, executionStatus: "success", source: entry.source, data: { main: outputs } },
    };
  }

  /** A run that went ahead (concurrent branch): beforeNodeRun, the run with the branch's node states, shown to the sandbox at once. */
  private async runAhead(entry: StackEntry, runIndex: number, nodeStates: Record<string, unknown>, signal: AbortSignal): Promise<NodeRunOutcome> {
    const resolved = this.setup.resolved.get(entry.node) as ResolvedNode;
    await this.beforeNodeRun(resolved, entry, runIndex);
    const outcome = await this.runEntry({ ...this.services, nodeStates, signal, sleep: (ms) => sleepFor(ms, signal) }, resolved, entry, runIndex);
    // Later nodes of the same branch may read this run (`$('Node')`) before the execution applies it.
    if (outcome.kind === "done") this.setup.sandbox.recordNodeRun({ node: entry.node, runIndex, source: entry.source, outputs: outcome.outputs ?? [] });
    return outcome;
  }

  /** The outcome of a run that went ahead, its node state adopted as the sequential run would have left it. */
  private async settleAhead(ahead: AheadRun): Promise<NodeRunOutcome> {
    const settled = await ahead.settled;
    if (!settled.ok) throw settled.error;
    if (settled.nodeState.set) this.state.nodeStates[ahead.node] = settled.nodeState.value;
    return settled.outcome;
  }

  /** Records a finished node run, shows it to the sandbox, schedules its children, calls afterNodeRun. */
  private async apply(resolved: ResolvedNode, entry: StackEntry, runIndex: number, outcome: Extract<NodeRunOutcome, { kind: "done" }>): Promise<TaskData> {
    const { state } = this;
    const { startTime, executionTime, executionStatus, source, data, error, metadata } = outcome.task;
    // n8n's key order: startTime, executionTime, executionIndex, executionStatus, source, data, error.
    const task: TaskData = { startTime, executionTime, executionIndex: state.nextExecutionIndex++, executionStatus, source };
    if (data) task.data = data;
    if (error) task.error = error;
    if (metadata) task.metadata = metadata;
    (state.runData[entry.node] ??= []).push(task);
    state.lastNodeExecuted = entry.node;
    this.setup.sandbox.recordNodeRun({ node: entry.node, runIndex, source: entry.source, outputs: outcome.outputs ?? [] });
    if (outcome.outputs && !outcome.stop) scheduleChildren(this.scheduling, entry.node, outcome.outputs, runIndex);
    this.afterRegions(resolved, entry, runIndex, outcome.stop ? undefined : outcome.outputs, task);
    const afterNodeRun = this.setup.hooks?.afterNodeRun;
    if (afterNodeRun) {
      await this.oneHookAtATime(() =>
        afterNodeRun({
          executionId: state.executionId,
          node: resolved.node,
          runIndex,
          task,
          nodeState: state.nodeStates[entry.node],
          snapshot: (options) => snapshotState(state, options),
        }),
      );
    }
    return task;
  }

  /** Replay: a node run recorded before a crash is applied as it was, without running the node or hooks. */
  private applyRecorded(entry: StackEntry, runIndex: number, recorded: RecordedNodeRun): TaskData {
    const { state } = this;
    const task: TaskData = { ...recorded.task, source: entry.source };
    (state.runData[entry.node] ??= []).push(task);
    state.nextExecutionIndex = Math.max(state.nextExecutionIndex, task.executionIndex + 1);
    state.lastNodeExecuted = entry.node;
    if (recorded.nodeState !== undefined) state.nodeStates[entry.node] = recorded.nodeState;
    const outputs = task.data?.main;
    this.setup.sandbox.recordNodeRun({ node: entry.node, runIndex, source: entry.source, outputs: outputs ?? [] });
    if (outputs) scheduleChildren(this.scheduling, entry.node, outputs, runIndex);
    this.afterRegions(this.setup.resolved.get(entry.node) as ResolvedNode, entry, runIndex, outputs, task);
    return task;
  }

  /** Resume: the suspended node's run completes with its declared outputs (or the payload as output 0). */
  private async completeSuspension(payload?: Item[]): Promise<void> {
    const suspension = this.state.suspension;
    if (!suspension) return;
    delete this.state.suspension;
    const outputs = suspension.outputs.slice();
    if (payload) outputs[0] = payload;
    if (outputs.length === 0) outputs.push([]);
    const resolved = this.setup.resolved.get(suspension.entry.node) as ResolvedNode;
    const runIndex = this.state.runData[suspension.entry.node]?.length ?? 0;
    await this.apply(resolved, suspension.entry, runIndex, {
      kind: "done",
      outputs,
      stop: false,
      task: {
        startTime: suspension.startTime,
        executionTime: this.setup.now() - suspension.startTime,
        executionStatus: "success",
        source: suspension.entry.source,
        data: { main: outputs },
      },
    });
  }

  /** The node's side effects; those of a sub-workflow it runs are checked by loading it. */
  private async sideEffectsOf(resolved: ResolvedNode): Promise<boolean> {
    const description = resolved.type?.description;
    if (!hasSideEffects(description, resolved.node)) return false;
    if (!delegatesSideEffects(description) || !this.setup.subworkflowSideEffects) return true;
    return this.setup.subworkflowSideEffects(resolved.node);
  }

  private requiredInputsOf(name: string) {
    const resolved = this.setup.resolved.get(name);
    if (!resolved) return undefined;
    const description: NodeDescription | undefined = resolved.type?.description;
    return requiredInputs(description, resolved.node);
  }

  private sleep(ms: number): Promise<void> {
    return sleepFor(ms, this.controller.signal);
  }

  private finish(status: RunStatus, error?: TaskError): RunResult {
    const { state } = this;
    const result: RunResult = {
      executionId: state.executionId,
      status,
      runData: state.runData,
      startedAt: state.startedAt,
      stoppedAt: this.setup.now(),
      state,
    };
    if (state.lastNodeExecuted !== undefined) result.lastNodeExecuted = state.lastNodeExecuted;
    if (error) result.error = error;
    if (status === "waiting" && state.suspension) result.wait = deserializeWait(state.suspension.wait);
    return result;
  }
}

/** Sleeps `ms`, rejecting with the abort reason when the signal fires. */
function sleepFor(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
