import type { Database, Kysely } from "@bos/db";
import { WorkflowEngine, type CredentialsProvider } from "@bos/engine";
import { commitBatcherFor, DefinitionCache, type Notifier } from "@bos/executions";
import { createHttpClient } from "@bos/http-client";
import { createBuiltinRegistry } from "@bos/nodes";
import { createJobWorker, ExecutionEventPublisher, ExecutionEventSubscriber, executionJob } from "@bos/queue";
import { SandboxPool } from "@bos/sandbox";
import type { Queue, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { createExecutionProcessor } from "./execution-processor";
import { startReconcilerLoop } from "./reconciler-loop";
import { WorkerMetrics } from "./worker-metrics";

export interface ExecutionWorkerOptions {
  /** Executions run at once by this process. */
  concurrency: number;
  /** BullMQ job lock, ms: a worker that does not renew it for this long is considered dead. */
  lockDurationMs: number;
  /** How often stalled jobs (lock expired) are looked for and re-delivered, ms. */
  stalledIntervalMs: number;
  /** Re-deliveries after stalls before a job fails for good. */
  maxStalledCount: number;
  /** Waits up to this long sleep in-process; longer ones suspend, ms. */
  suspendAfterMs: number;
  /** Reconciler period and minimum age, ms (0 interval disables it). */
  reconcileIntervalMs: number;
  reconcileMinAgeMs: number;
  nodeEvents: boolean;
  /** Warm isolates kept by the sandbox pool. */
  sandboxPoolSize: number;
  /** The trigger gateway's public base URL: `$execution.resumeUrl` is {it}/webhook-waiting/{executionId}. */
  gatewayPublicUrl?: string;
}

export interface ExecutionWorkerDeps {
  db: Kysely<Database>;
  redis: Redis;
  queue: Queue;
  prefix: string;
  log: Logger;
  notifier: Notifier;
  /** Stored credentials for the nodes (@bos/credentials); without it, nodes that need credentials fail with WF_ENGINE_CREDENTIALS_UNAVAILABLE. */
  credentials?: CredentialsProvider;
}

/** The running worker: BullMQ worker + engine + cancel listener + reconciler. `close()` drains. */
export interface ExecutionWorker {
  worker: Worker;
  metrics: WorkerMetrics;
  close(): Promise<void>;
}

/** Builds and starts the execution worker (the engine with the built-in nodes, the sandbox pool and the HTTP client). */
export async function startExecutionWorker(deps: ExecutionWorkerDeps, options: ExecutionWorkerOptions): Promise<ExecutionWorker> {
  const metrics = new WorkerMetrics();
  metrics.transactions = () => commitBatcherFor(deps.db).transactions;
  // One isolate per execution in flight: keep as many as the worker runs at once, so none is created per execution.
  const sandboxPool = new SandboxPool({ poolSize: options.sandboxPoolSize, maxIdle: Math.max(options.concurrency, options.sandboxPoolSize) });
  metrics.sandbox = () => sandboxPool.stats();
  const httpClient = createHttpClient();
  const gateway = options.gatewayPublicUrl;
  const engine = new WorkflowEngine({
    registry: createBuiltinRegistry(),
    sandboxPool,
    httpClient,
    ...(deps.credentials ? { credentials: deps.credentials } : {}),
    logger: engineLogger(deps.log),
    ...(gateway ? { resumeUrl: (executionId: string) => `${gateway}/webhook-waiting/${encodeURIComponent(executionId)}` } : {}),
  });
  // Events go out on their own auto-pipelined connection: many small writes from concurrent runs share round trips.
  const eventsRedis = deps.redis.duplicate({ enableAutoPipelining: true, maxRetriesPerRequest: null });
  eventsRedis.on("error", (error) => deps.log.debug({ err: error }, "events connection error"));
  const publisher = new ExecutionEventPublisher(eventsRedis, { prefix: deps.prefix });
  const subscriber = new ExecutionEventSubscriber(deps.redis, deps.prefix);
  const running = new Map<string, AbortController>();
  await subscriber.onControl((message) => {
    if (message.type === "cancel") running.get(message.executionId)?.abort(new Error("canceled by request"));
  });
  const processor = createExecutionProcessor({
    db: deps.db,
    engine,
    publisher,
    notifier: deps.notifier,
    log: deps.log,
    definitions: new DefinitionCache(),
    metrics,
    suspendAfterMs: options.suspendAfterMs,
    nodeEvents: options.nodeEvents,
    running,
  });
  const worker = createJobWorker(executionJob, deps.redis, deps.prefix, processor, {
    concurrency: options.concurrency,
    lockDuration: options.lockDurationMs,
    stalledInterval: options.stalledIntervalMs,
    maxStalledCount: options.maxStalledCount,
  });
  worker.on("error", (error) => deps.log.warn({ err: error }, "BullMQ worker error"));
  const reconciler = options.reconcileIntervalMs > 0 ? startReconcilerLoop({ db: deps.db, queue: deps.queue, notifier: deps.notifier }, deps.log, metrics, { intervalMs: options.reconcileIntervalMs, minAgeMs: options.reconcileMinAgeMs }) : undefined;
  return {
    worker,
    metrics,
    async close() {
      await reconciler?.stop();
      // Waits for the jobs in progress to finish (SIGTERM drains); new jobs are not taken.
      await worker.close();
      await subscriber.close();
      await sandboxPool.close();
      engine.close();
      httpClient.close();
      eventsRedis.disconnect();
    },
  };
}

function engineLogger(log: Logger) {
  const child = log.child({ component: "engine" });
  return {
    debug: (message: string, meta?: object) => child.debug(meta ?? {}, message),
    info: (message: string, meta?: object) => child.info(meta ?? {}, message),
    warn: (message: string, meta?: object) => child.warn(meta ?? {}, message),
    error: (message: string, meta?: object) => child.error(meta ?? {}, message),
  };
}
