import { type Database, type Kysely, pingDatabase } from "@bos/db";
import { MetricsRegistry, registerErrorHandler, registerHealthRoutes, registerNotFoundHandler, registerProcessMetrics } from "@bos/service-kit";
import type { Queue } from "bullmq";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { queueDepth } from "./executions-queue";

export interface WorkerDeps {
  db: Kysely<Database>;
  redis: Redis;
  queue: Queue;
  log: Logger;
  isDraining?: () => boolean;
  /** Registers extra metrics (the execution worker's counters). */
  registerMetrics?: (registry: MetricsRegistry) => void;
}

/** The worker's small HTTP server: /healthz, /readyz (Postgres, Redis) and /metrics (Prometheus text). */
export async function buildApp(deps: WorkerDeps): Promise<FastifyInstance> {
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

  const metrics = new MetricsRegistry();
  registerProcessMetrics(metrics);
  deps.registerMetrics?.(metrics);
  metrics.register({
    name: "bos_queue_jobs",
    help: "Jobs in the executions queue, by state.",
    collect: async () =>
      Object.entries(await queueDepth(deps.queue)).map(([state, value]) => ({ labels: { queue: deps.queue.name, state }, value })),
  });
  app.get("/metrics", { logLevel: "warn" }, async (_request, reply) =>
    reply.type("text/plain; version=0.0.4; charset=utf-8").send(await metrics.render()),
  );
  return app;
}
