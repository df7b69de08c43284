import { DEFAULT_DATABASE_URL } from "@bos/db";
import { checkSharedServiceVars, parseConfig, portVar, positiveIntVar, sharedServiceVars } from "@bos/service-kit";
import { z } from "zod";

const schema = z.object({
  /** Interface the gateway binds to. Default 127.0.0.1. */
  GATEWAY_HOST: z.string().default("127.0.0.1"),
  /** TCP port of the gateway (webhooks, health). Default 8081. */
  GATEWAY_PORT: portVar(8081),
  ...sharedServiceVars(DEFAULT_DATABASE_URL),
  /** Base URL callers reach the gateway at (the trigger item's webhookUrl). Default http://GATEWAY_HOST:GATEWAY_PORT. */
  GATEWAY_PUBLIC_URL: z.string().optional(),
  /** Largest webhook body after decompression, bytes. Default 16 MiB (n8n's default). */
  WEBHOOK_BODY_LIMIT_BYTES: positiveIntVar(16 * 1024 * 1024),
  /** How long a synchronous webhook (lastNode, responseNode) waits before answering 202 with the execution id, ms. Default 30000. */
  WEBHOOK_SYNC_TIMEOUT_MS: positiveIntVar(30000),
  /** Rate-limit window, ms. Default 1000. */
  WEBHOOK_RATE_WINDOW_MS: positiveIntVar(1000),
  /** Webhook calls one tenant may make per window (all its webhooks). Default 5000. */
  WEBHOOK_TENANT_RATE_LIMIT: positiveIntVar(5000),
  /** Calls one webhook (tenant + method + path) may take per window. Default 2500. */
  WEBHOOK_RATE_LIMIT: positiveIntVar(2500),
  /** Republish execution completion/failure on the event bus (workflow.execution.succeeded/.failed): 1 or 0. Default 1. */
  EXECUTION_EVENTS_TO_BUS: z.enum(["0", "1"]).default("1"),
}).superRefine(checkSharedServiceVars);

export interface GatewayConfig {
  host: string;
  port: number;
  databaseUrl: string;
  databasePoolMax: number;
  redisUrl: string;
  logLevel: string;
  shutdownTimeoutMs: number;
  prefix: string;
  publicUrl: string;
  bodyLimitBytes: number;
  syncTimeoutMs: number;
  rateWindowMs: number;
  tenantRateLimit: number;
  webhookRateLimit: number;
  executionEventsToBus: boolean;
  /** The key credentials are written with, and earlier keys they may still be read with. */
  credentialKeys: { current: Buffer; previous: Buffer[] };
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
    prefix: e.QUEUE_PREFIX,
    publicUrl: (e.GATEWAY_PUBLIC_URL ?? `http://${e.GATEWAY_HOST}:${e.GATEWAY_PORT}`).replace(/\/+$/, ""),
    bodyLimitBytes: e.WEBHOOK_BODY_LIMIT_BYTES,
    syncTimeoutMs: e.WEBHOOK_SYNC_TIMEOUT_MS,
    rateWindowMs: e.WEBHOOK_RATE_WINDOW_MS,
    tenantRateLimit: e.WEBHOOK_TENANT_RATE_LIMIT,
    webhookRateLimit: e.WEBHOOK_RATE_LIMIT,
    executionEventsToBus: e.EXECUTION_EVENTS_TO_BUS === "1",

    credentialKeys: { current: e.CREDENTIALS_ENCRYPTION_KEY, previous: e.CREDENTIALS_PREVIOUS_KEYS },
  };
}
