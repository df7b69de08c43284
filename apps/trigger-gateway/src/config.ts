import { DEFAULT_DATABASE_URL } from "@bos/db";
import { logLevelVar, parseConfig, portVar, positiveIntVar, urlVar } from "@bos/service-kit";
import { z } from "zod";

const schema = z.object({
  /** Interface the gateway binds to. Default 127.0.0.1. */
  GATEWAY_HOST: z.string().default("127.0.0.1"),
  /** TCP port of the gateway (webhooks, health). Default 8081. */
  GATEWAY_PORT: portVar(8081),
  /** Postgres URL of the application role. Default postgres://bos_app@127.0.0.1:5432/bos. */
  DATABASE_URL: urlVar(["postgres", "postgresql"], DEFAULT_DATABASE_URL),
  /** Postgres pool size, connections. Default 10. */
  DATABASE_POOL_MAX: positiveIntVar(10),
  /** Redis URL; its maxmemory-policy must be noeviction. Default redis://127.0.0.1:6379. */
  REDIS_URL: urlVar(["redis", "rediss"], "redis://127.0.0.1:6379"),
  /** pino level: fatal|error|warn|info|debug|trace|silent. Default info. */
  LOG_LEVEL: logLevelVar,
  /** Longest graceful shutdown (drain) before exiting anyway, ms. Default 20000. */
  SHUTDOWN_TIMEOUT_MS: positiveIntVar(20000),
});

export interface GatewayConfig {
  host: string;
  port: number;
  databaseUrl: string;
  databasePoolMax: number;
  redisUrl: string;
  logLevel: string;
  shutdownTimeoutMs: number;
}

/** Reads and validates the environment once (main.ts); throws a ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const e = parseConfig("trigger-gateway", schema, env);
  return {
    host: e.GATEWAY_HOST,
    port: e.GATEWAY_PORT,
    databaseUrl: e.DATABASE_URL,
    databasePoolMax: e.DATABASE_POOL_MAX,
    redisUrl: e.REDIS_URL,
    logLevel: e.LOG_LEVEL,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
  };
}
