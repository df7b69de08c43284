import { type Database, type Kysely, pingDatabase } from "@bos/db";
import { registerErrorHandler, registerHealthRoutes, registerNotFoundHandler } from "@bos/service-kit";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import type { Logger } from "pino";

export interface GatewayDeps {
  db: Kysely<Database>;
  redis: Redis;
  log: Logger;
  isDraining?: () => boolean;
}

/**
 * The trigger gateway as a Fastify instance (not listening). For now health and readiness; webhook,
 * schedule and event triggers arrive with the trigger gateway issue (6).
 */
export async function buildApp(deps: GatewayDeps): Promise<FastifyInstance> {
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
  return app;
}
