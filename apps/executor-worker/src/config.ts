import { DEFAULT_DATABASE_URL } from "@bos/db";
import { logLevelVar, parseConfig, portVar, positiveIntVar, urlVar } from "@bos/service-kit";
import { z } from "zod";

const schema = z.object({
  /** Interface of the health/metrics server. Default 127.0.0.1. */
  WORKER_HOST: z.string().default("127.0.0.1"),
  /** TCP port of /healthz, /readyz and /metrics. Default 8082. */
  WORKER_PORT: portVar(8082),
  /** Postgres URL of the application role. Default postgres://bos_app@127.0.0.1:5432/bos. */
  DATABASE_URL: urlVar(["postgres", "postgresql"], DEFAULT_DATABASE_URL),
  /** Postgres pool size, connections. Default 10. */
  DATABASE_POOL_MAX: positiveIntVar(10),
  /** Redis URL; its maxmemory-policy must be noeviction. Default redis://127.0.0.1:6379. */
  REDIS_URL: urlVar(["redis", "rediss"], "redis://127.0.0.1:6379"),
  /**
   * BullMQ key prefix. Must contain a Redis Cluster hash tag (`{...}`) so every key of a queue lands in one
   * slot. Default "{bos}".
   */
  QUEUE_PREFIX: z
    .string()
    .regex(/\{[^{}]+\}/, "must contain a Redis Cluster hash tag such as {bos}")
    .default("{bos}"),
  /** pino level: fatal|error|warn|info|debug|trace|silent. Default info. */
  LOG_LEVEL: logLevelVar,
  /** Longest graceful shutdown (drain) before exiting anyway, ms. Default 20000. */
  SHUTDOWN_TIMEOUT_MS: positiveIntVar(20000),
});

export interface WorkerConfig {
  host: string;
  port: number;
  databaseUrl: string;
  databasePoolMax: number;
  redisUrl: string;
  queuePrefix: string;
  logLevel: string;
  shutdownTimeoutMs: number;
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
  };
}
