import { hostname } from "node:os";
import { type Database, type Kysely, pingDatabase } from "@bos/db";
import type { Subscription } from "@bos/event-bus";
import { ExecutionEventSubscriber, executionJob, openQueue } from "@bos/queue";
import { registerErrorHandler, registerHealthRoutes, registerNotFoundHandler } from "@bos/service-kit";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { ExecutionEventBridge, startEventTriggers } from "./event-triggers";
import type { RateLimits } from "./rate-limit";
import { RegistrySync } from "./registry-sync";
import { RoutingTable } from "./routing-table";
import { ScheduleManager } from "./schedules";
import type { WebhookCredentials } from "./webhook-auth";
import { registerWebhookRoutes } from "./webhook.routes";

export interface GatewayOptions {
  /** Redis prefix shared with the API and workers (hash tag). Default "{bos}". */
  prefix?: string;
  publicUrl?: string;
  bodyLimitBytes?: number;
  syncTimeoutMs?: number;
  rateLimits?: Partial<RateLimits>;
  /** Republish execution completion/failure on the bus. Default true. */
  executionEventsToBus?: boolean;
  /** Start schedules, event triggers and the execution-event bridge (default true; health-only tests turn it off). */
  triggers?: boolean;
  /** This instance's consumer name in the bus groups. Default host:pid:random. */
  instanceId?: string;
}

export interface GatewayDeps {
  db: Kysely<Database>;
  redis: Redis;
  log: Logger;
  isDraining?: () => boolean;
  options?: GatewayOptions;
  /** Resolves webhook credentials (basic, header, JWT, HMAC); without it, authenticated webhooks refuse calls. */
  credentials?: WebhookCredentials;
}

/** The gateway's running parts, on `app.gateway` (tests wait on `registry.settled()`). */
export interface GatewayRuntime {
  table: RoutingTable;
  registry: RegistrySync;
  schedules: ScheduleManager;
}

declare module "fastify" {
  interface FastifyInstance {
    gateway: GatewayRuntime;
  }
}

/**
 * The trigger gateway as a Fastify instance (not listening): webhooks (production, test, Wait resume),
 * schedules (BullMQ job schedulers), event triggers (bus consumer group) and the bridge that republishes
 * execution outcomes on the bus. The routing table is loaded before this resolves; `app.close()` stops all.
 */
export async function buildApp(deps: GatewayDeps): Promise<FastifyInstance> {
  const options = deps.options ?? {};
  const prefix = options.prefix ?? "{bos}";
  const app = Fastify({ loggerInstance: deps.log as FastifyBaseLogger });
  registerErrorHandler(app);
  registerNotFoundHandler(app);
  registerHealthRoutes(app, {
    checks: {
      postgres: () => pingDatabase(deps.db),
      redis: async () => {
        await deps.redis.ping();
      },
    },
    isDraining: deps.isDraining,
  });
  if (options.triggers === false) return app;

  const instanceId = options.instanceId ?? `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  const queue = openQueue(executionJob, deps.redis, prefix);
  const subscriber = new ExecutionEventSubscriber(deps.redis, prefix);
  const executions = { db: deps.db, queue, subscriber, log: deps.log };
  const table = new RoutingTable();
  const schedules = new ScheduleManager({ redis: deps.redis, prefix, table, executions, log: deps.log });
  const registry = new RegistrySync({ db: deps.db, redis: deps.redis, prefix, table, log: deps.log, onChange: (workflowId) => schedules.reconcile(workflowId) });
  app.decorate("gateway", { table, registry, schedules });
  registerWebhookRoutes(app, {
    db: deps.db,
    redis: deps.redis,
    prefix,
    table,
    executions,
    credentials: deps.credentials,
    publicUrl: options.publicUrl ?? "http://127.0.0.1:8081",
    bodyLimitBytes: options.bodyLimitBytes ?? 16 * 1024 * 1024,
    syncTimeoutMs: options.syncTimeoutMs ?? 30_000,
    rateLimits: { windowMs: 1000, tenant: 5000, webhook: 2500, ...options.rateLimits },
  });

  await registry.start();
  schedules.start();
  const events: Subscription = await startEventTriggers({ redis: deps.redis, prefix, table, executions, log: deps.log, consumer: instanceId });
  const bridge = new ExecutionEventBridge({ db: deps.db, redis: deps.redis, prefix, log: deps.log, consumer: instanceId, completionEvents: options.executionEventsToBus ?? true });
  bridge.start();
  app.addHook("onClose", async () => {
    await events.close();
    await bridge.close();
    await schedules.close();
    await registry.close();
    await subscriber.close();
    await queue.close();
  });
  return app;
}
