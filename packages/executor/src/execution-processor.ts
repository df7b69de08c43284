import { hostname } from "node:os";
import type { Database, Kysely } from "@bos/db";
import { EngineError, type RunData, type RunHooks, type RunResult, type WorkflowEngine } from "@bos/engine";
import {
  admittedExecutionForRun,
  type DefinitionCache,
  type ExecutionForRun,
  InvalidDefinitionError,
  isFinishedStatus,
  LeaseLostError,
  RETRIES_EXHAUSTED_CODE,
  loadExecutionForRun,
  type Notifier,
  StepRecorder,
} from "@bos/executions";
import type { ExecutionEvent, ExecutionEventPublisher, ExecutionJobPayload, ExecutionProgress, WebhookReplyData } from "@bos/queue";
import type { WorkflowDocument } from "@bos/workflow-schema";
import { DelayedError, type Job } from "bullmq";
import type { Logger } from "pino";
import { countRecordedEvents } from "./recorded-events";
import { webhookReplyOf } from "./webhook-reply";
import type { WorkerMetrics } from "./worker-metrics";

export interface ProcessorDeps {
  db: Kysely<Database>;
  engine: WorkflowEngine;
  publisher: ExecutionEventPublisher;
  notifier: Notifier;
  log: Logger;
  definitions: DefinitionCache;
  metrics: WorkerMetrics;
  /** Waits up to this long (ms) sleep in the worker; longer ones suspend the execution. */
  suspendAfterMs: number;
  /** Publish node.started / node.finished events (execution events are always published). */
  nodeEvents: boolean;
  /** Runs in progress on this worker, for cancel requests. */
  running: Map<string, AbortController>;
  workerId?: string;
}

const DEFAULT_WORKER_ID = `${hostname()}:${process.pid}`;

/**
 * Runs one execution job: load, run or resume the engine with group-committed steps, finish. The
 * durability contract (issue 5):
 * - a job whose execution already finished is dropped (double enqueue, re-delivery after a crash);
 * - steps are buffered and committed together; before a node with side effects every earlier step is
 *   committed along with the resume checkpoint, so a crash never repeats a finished side effect and
 *   the in-flight node runs again with the same idempotency key;
 * - every commit is fenced by the execution's lease token (StepRecorder): a worker that lost the job
 *   cannot write; it then drops the job if the execution finished, or lets BullMQ retry it;
 * - waits up to `suspendAfterMs` sleep here; longer ones commit status waiting and move the job to
 *   BullMQ's delayed set (the worker is freed; the same job id comes back when the wait is over).
 */
export function createExecutionProcessor(deps: ProcessorDeps) {
  return async function processExecution(payload: ExecutionJobPayload, job: Job, token: string | undefined): Promise<void> {
    const { executionId, tenantId } = payload;
    const log = deps.log.child({ executionId, tenantId });
    deps.metrics.jobsStarted++;
    // A job's first start runs from what admission committed (carried on the job); anything else reads Postgres.
    const admitted = payload.admitted && isFirstStart(job) ? admittedExecutionForRun(tenantId, executionId, payload.admitted, deps.definitions) : undefined;
    if (admitted) deps.metrics.loadsSkipped++;
    const loaded = admitted ?? (await loadExecutionForRun(deps.db, tenantId, executionId, deps.definitions));
    if (!loaded) {
      log.warn("job for an execution that does not exist; dropping it");
      return;
    }
    if (isFinishedStatus(loaded.status)) {
      deps.metrics.duplicatesDropped++;
      return;
    }
    if (loaded.status === "waiting" && !loaded.resumed) {
      if (!loaded.waitUntil) return; // a webhook/form wait: resumeWaitingExecution enqueues it when called
      if (loaded.waitUntil.getTime() > Date.now() + 50) {
        await job.moveToDelayed(loaded.waitUntil.getTime(), token);
        throw new DelayedError();
      }
    }
    const recorder = new StepRecorder({
      db: deps.db,
      tenantId,
      executionId,
      leaseToken: loaded.leaseToken,
      workerId: deps.workerId ?? DEFAULT_WORKER_ID,
      onCommit: () => deps.metrics.commits++,
    });
    const controller = new AbortController();
    deps.running.set(executionId, controller);
    try {
      const doc = toDocument(loaded);
      const run = new RunContext(deps, loaded, recorder);
      run.emit({ type: "execution.started", resumed: loaded.resumeState !== undefined });
      let result: RunResult;
      try {
        result = await startRun(deps.engine, doc, loaded, run.hooks(), controller.signal);
        while (result.status === "waiting") {
          const wait = result.wait;
          const until = wait && "until" in wait && wait.until ? wait.until : undefined;
          if (wait?.kind === "until" && until && until.getTime() - Date.now() <= deps.suspendAfterMs) {
            await sleep(until.getTime() - Date.now(), controller.signal);
            result = await deps.engine.resume(doc, result.state, { hooks: run.hooks(), signal: controller.signal, tenantId });
            continue;
          }
          await recorder.suspend(result.state, until ?? null);
          deps.metrics.suspended++;
          run.emit({ type: "execution.waiting", waitUntil: until?.toISOString() ?? null, ...run.webhookReply(result.runData) }, "waiting");
          if (!until) return;
          await job.moveToDelayed(until.getTime(), token);
          throw new DelayedError();
        }
      } catch (error) {
        if (!(error instanceof EngineError || error instanceof InvalidDefinitionError)) throw error;
        // The workflow cannot run at all (unknown node type, bad resume state): final, not retried.
        await run.finish("failed", { code: error.code, message: error.message, ...("node" in error && error.node ? { node: error.node } : {}) });
        return;
      }
      const status = result.status === "success" ? "succeeded" : result.status === "canceled" ? "canceled" : "failed";
      await run.finish(status, result.error, status === "succeeded" ? undefined : result.state, result.runData);
    } catch (error) {
      if (error instanceof DelayedError) throw error;
      if (error instanceof LeaseLostError) {
        deps.metrics.leaseLost++;
        const current = await loadExecutionForRun(deps.db, tenantId, executionId, deps.definitions);
        if (!current || isFinishedStatus(current.status)) return;
        log.warn("lease lost while the execution is unfinished; BullMQ retries the job");
        throw error;
      }
      deps.metrics.infraErrors++;
      const attempts = job.opts.attempts ?? 1;
      if (job.attemptsMade + 1 >= attempts) {
        log.error({ err: error, attempts }, "execution job failed on its last attempt; recording the failure");
        await failAfterRetries(deps, payload, error, attempts).catch((recordError: unknown) =>
          log.error({ err: recordError }, "could not record the failure; the reconciler will enqueue the execution again"),
        );
      } else {
        log.error({ err: error }, "execution job failed; BullMQ retries it");
      }
      throw error;
    } finally {
      deps.running.delete(executionId);
    }
  };
}

/** Never started before: no earlier attempt, no stall (a re-delivery after a crash may find steps committed). */
function isFirstStart(job: Job): boolean {
  return job.attemptsMade === 0 && (job.stalledCounter ?? 0) === 0 && (job.attemptsStarted ?? 1) <= 1;
}

/** The last attempt failed on infrastructure: the execution fails for good, into the dead-letter store. */
async function failAfterRetries(deps: ProcessorDeps, payload: ExecutionJobPayload, error: unknown, attempts: number): Promise<void> {
  const current = await loadExecutionForRun(deps.db, payload.tenantId, payload.executionId, deps.definitions);
  if (!current || isFinishedStatus(current.status)) return;
  const recorder = new StepRecorder({ db: deps.db, tenantId: payload.tenantId, executionId: payload.executionId, leaseToken: current.leaseToken, workerId: deps.workerId ?? DEFAULT_WORKER_ID, onCommit: () => deps.metrics.commits++ });
  const message = `the execution failed ${attempts} times on infrastructure errors: ${error instanceof Error ? error.message : String(error)}`;
  await new RunContext({ ...deps, nodeEvents: false }, { ...current, mode: "production" }, recorder).finish("failed", { code: RETRIES_EXHAUSTED_CODE, message }, current.resumeState);
}

function toDocument(loaded: ExecutionForRun): WorkflowDocument {
  const definition = loaded.definition as Partial<WorkflowDocument> | null;
  if (!definition || typeof definition !== "object" || !Array.isArray(definition.nodes)) {
    throw new InvalidDefinitionError(loaded.versionId, "the definition has no nodes array");
  }
  return { ...(definition as WorkflowDocument), id: definition.id ?? loaded.workflowId };
}

function startRun(engine: WorkflowEngine, doc: WorkflowDocument, loaded: ExecutionForRun, hooks: RunHooks, signal: AbortSignal): Promise<RunResult> {
  const state = loaded.resumeState;
  const tenantId = loaded.tenantId;
  if (state?.suspension) return engine.resume(doc, state, { payload: loaded.resumePayload, hooks, signal, tenantId });
  if (state) return engine.run(doc, { resumeState: state, hooks, signal, tenantId });
  return engine.run(doc, { mode: loaded.mode, executionId: loaded.id, triggerItems: loaded.input, hooks, signal, tenantId, ...(loaded.startNode ? { startNode: loaded.startNode } : {}) });
}

/** Per-run bookkeeping: hooks feeding the recorder, events, the final commit with its dead letter. */
const EVENT_FLUSH_MS = 50;

class RunContext {
  private nodeRuns = 0;
  private lastNode?: string;
  private pending: ExecutionEvent[] = [];
  private progress?: ExecutionProgress["status"];
  private flushTimer?: NodeJS.Timeout;

  constructor(
    private readonly deps: ProcessorDeps,
    private readonly loaded: ExecutionForRun,
    private readonly recorder: StepRecorder,
  ) {}

  hooks(): RunHooks {
    const { recorder, deps } = this;
    return {
      beforeNodeRun: async (event) => {
        // Group commit: everything before a side effect must be durable first. The first commit is also the claim.
        if (event.sideEffects && (recorder.pendingSteps > 0 || !recorder.claimed)) await recorder.checkpoint(event.snapshot({ runData: false }));
        if (deps.nodeEvents) this.emit({ type: "node.started", node: event.node.name, runIndex: event.runIndex });
      },
      afterNodeRun: (event) => {
        recorder.addStep(event.node.name, event.runIndex, event.task);
        this.nodeRuns++;
        this.lastNode = event.node.name;
        if (deps.nodeEvents) {
          this.emit({ type: "node.finished", node: event.node.name, runIndex: event.runIndex, status: event.task.executionStatus, executionTime: event.task.executionTime }, "running");
        }
      },
    };
  }

  /**
   * Queues an event; events go out together (one Redis round trip) when the run waits or finishes, or at the
   * latest EVENT_FLUSH_MS after the first queued one, so a live view lags by at most that. Never blocks the
   * run; a Redis hiccup loses live events only (Postgres has every node run).
   */
  emit(event: DistributiveOmit<ExecutionEvent, "executionId" | "tenantId" | "workflowId" | "at">, progress?: ExecutionProgress["status"]): void {
    this.pending.push({ ...event, executionId: this.loaded.id, tenantId: this.loaded.tenantId, workflowId: this.loaded.workflowId, at: Date.now() } as ExecutionEvent);
    if (progress) this.progress = progress;
    if (event.type === "execution.finished" || event.type === "execution.waiting") this.flush();
    else this.flushTimer ??= setTimeout(() => this.flush(), EVENT_FLUSH_MS);
  }

  private flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const events = this.pending.splice(0);
    if (events.length === 0) return;
    const snapshot: ExecutionProgress | undefined = this.progress ? { status: this.progress, nodeRuns: this.nodeRuns, updatedAt: Date.now(), ...(this.lastNode ? { lastNode: this.lastNode } : {}) } : undefined;
    this.deps.publisher.publishBatch(events, snapshot).catch((error: unknown) => this.deps.log.debug({ err: error, executionId: this.loaded.id }, "could not publish execution events"));
  }

  /** The reply a synchronous webhook waits for, when its trigger asked for one (see webhookReplyOf); spread into the event. */
  webhookReply(runData: RunData): { webhookReply?: WebhookReplyData } {
    const mode = this.loaded.webhookReply;
    const reply = mode ? webhookReplyOf(mode, runData) : undefined;
    return reply ? { webhookReply: reply } : {};
  }

  /** The final commit, then the finished event (with what the gateway needs from `runData`: its webhook reply, the count of recorded events). */
  async finish(
    status: "succeeded" | "failed" | "canceled",
    error: { code?: string; message: string; node?: string } | undefined,
    state?: Parameters<StepRecorder["finish"]>[0]["state"],
    runData?: RunData,
  ): Promise<void> {
    const { loaded, deps } = this;
    const deadLetter = status === "failed" && loaded.mode === "production";
    const reason = error ? `${error.node ? `node "${error.node}": ` : ""}${error.message}` : "the execution failed";
    const deadLetterId = await this.recorder.finish({ status, error, state, ...(deadLetter ? { deadLetter: { reason, error, input: loaded.input } } : {}) });
    deps.metrics.finished[status]++;
    // After the commit: the reply on the event is data that is already durable in the steps.
    const fromRun = runData ? { recordedEvents: countRecordedEvents(runData), ...this.webhookReply(runData) } : {};
    this.emit({ type: "execution.finished", status, ...(error ? { error: { message: error.message, ...(error.code ? { code: error.code } : {}), ...(error.node ? { node: error.node } : {}) } } : {}), commits: this.recorder.commits, ...fromRun }, status);
    if (deadLetterId) {
      await deps.notifier
        .deadLetter({ deadLetterId, tenantId: loaded.tenantId, workflowId: loaded.workflowId, executionId: loaded.id, reason, ...(error ? { error } : {}) })
        .catch((notifyError: unknown) => deps.log.warn({ err: notifyError, executionId: loaded.id }, "dead-letter notification failed"));
    }
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal.aborted) return resolve();
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
