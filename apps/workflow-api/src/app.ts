import { type Database, type Kysely, pingDatabase } from "@bos/db";
import { registerErrorHandler, registerHealthRoutes } from "@bos/service-kit";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { registerAuth } from "./auth.plugin";
import { serveBuilder } from "./builder-static";
import type { ApiConfig } from "./config";
import { workflowRoutes } from "./workflows.routes";

export interface ApiDeps {
  config: Pick<ApiConfig, "jwt" | "builderDistDir">;
  db: Kysely<Database>;
  redis: Redis;
  log: Logger;
  /** True once shutdown started: /readyz answers 503 so load balancers stop sending traffic. */
  isDraining?: () => boolean;
}

/** The API as a Fastify instance, not listening: main.ts listens, tests use app.inject(). */
export async function buildApp(deps: ApiDeps): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: deps.log as FastifyBaseLogger, trustProxy: false });
  registerErrorHandler(app);
  registerHealthRoutes(app, {
    checks: {
      postgres: () => pingDatabase(deps.db),
      redis: async () => {
        await deps.redis.ping();
      },
    },
    isDraining: deps.isDraining,
  });
  await registerAuth(app, deps.config.jwt);
  await app.register(workflowRoutes, { db: deps.db });
  await serveBuilder(app, deps.config.builderDistDir);
  return app;
}
