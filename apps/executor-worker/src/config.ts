import { DEFAULT_DATABASE_URL } from "@bos/db";
import type { ExecutionWorkerOptions } from "@bos/executor";
import { checkSharedServiceVars, parseConfig, portVar, positiveIntVar, sharedServiceVars, urlVar } from "@bos/service-kit";
import { z } from "zod";

const schema = z.object({
  /** Interface of the health/metrics server. Default 127.0.0.1. */
  WORKER_HOST: z.string().default("127.0.0.1"),
  /** TCP port of /healthz, /readyz and /metrics. Default 8082. */
  WORKER_PORT: portVar(8082),
  ...sharedServiceVars(DEFAULT_DATABASE_URL),
  /** Executions run at once by this process. Default 20. */
  WORKER_CONCURRENCY: positiveIntVar(20),
  /** BullMQ job lock, ms; a worker silent this long is presumed dead and its jobs re-delivered. Default 30000. */
  WORKER_LOCK_DURATION_MS: positiveIntVar(30000),
  /** How often stalled jobs are looked for, ms. Default 15000. */
  WORKER_STALLED_INTERVAL_MS: positiveIntVar(15000),
  /** Re-deliveries after stalls (crashes) before a job fails for good. Default 5. */
  WORKER_MAX_STALLED_COUNT: positiveIntVar(5),
  /** Waits up to this long sleep in the worker; longer ones suspend the execution (status waiting), ms. Default 5000. */
  WORKER_SUSPEND_AFTER_MS: positiveIntVar(5000),
  /** Reconciler period, ms; 0 disables it. Default 30000. */
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(0).default(30000),
  /** Executions untouched for less than this are not reconciled, ms. Default 30000. */
  RECONCILE_MIN_AGE_MS: z.coerce.number().int().min(0).default(30000),
  /** Publish node.started/node.finished events: "true" or "false". Default true. */
  WORKER_NODE_EVENTS: z.enum(["true", "false"]).default("true"),
  /** Warm isolates kept by the sandbox pool. Default 4. */
  SANDBOX_POOL_SIZE: positiveIntVar(4),
  /** Base URL callers reach the trigger gateway at: `$execution.resumeUrl` is GATEWAY_PUBLIC_URL/webhook-waiting/{id}. Default http://127.0.0.1:8081. */
  GATEWAY_PUBLIC_URL: urlVar(["http", "https"], "http://127.0.0.1:8081"),
}).superRefine(checkSharedServiceVars);

/** The execution worker's options (documented on ExecutionWorkerOptions) plus what the process itself needs. */
export interface WorkerConfig extends Required<ExecutionWorkerOptions> {
  host: string;
  port: number;
  databaseUrl: string;
  databasePoolMax: number;
  redisUrl: string;
  queuePrefix: string;
  logLevel: string;
  shutdownTimeoutMs: number;
  /** The key credentials are written with, and earlier keys they may still be read with. */
  credentialKeys: { current: Buffer; previous: Buffer[] };
}

/** Reads and validates the environment once (main.ts); throws a ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const e = parseConfig("executor-worker", schema, env);
  return {
    host: e.WORKER_HOST,
    port: e.WORKER_PORT,
    databaseUrl: e.DATABASE_URL,
    databasePoolMax: e.DATABASE_POOL_MAX,
    redisUrl: e.REDIS_URL,
    queuePrefix: e.QUEUE_PREFIX,
    logLevel: e.LOG_LEVEL,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    concurrency: e.WORKER_CONCURRENCY,
    lockDurationMs: e.WORKER_LOCK_DURATION_MS,
    stalledIntervalMs: e.WORKER_STALLED_INTERVAL_MS,
    maxStalledCount: e.WORKER_MAX_STALLED_COUNT,
    suspendAfterMs: e.WORKER_SUSPEND_AFTER_MS,
    reconcileIntervalMs: e.RECONCILE_INTERVAL_MS,
    reconcileMinAgeMs: e.RECONCILE_MIN_AGE_MS,
    nodeEvents: e.WORKER_NODE_EVENTS === "true",
    sandboxPoolSize: e.SANDBOX_POOL_SIZE,
    gatewayPublicUrl: e.GATEWAY_PUBLIC_URL.replace(/\/+$/, ""),

    credentialKeys: { current: e.CREDENTIALS_ENCRYPTION_KEY, previous: e.CREDENTIALS_PREVIOUS_KEYS },
  };
}
