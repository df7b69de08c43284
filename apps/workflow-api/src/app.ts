import { createCredentialsProvider, createKeyring } from "@bos/credentials";
import { type Database, type Kysely, pingDatabase } from "@bos/db";
import type { ExecutionServiceDeps } from "@bos/executions";
import { createBuiltinRegistry } from "@bos/nodes";
import { DEFAULT_QUEUE_PREFIX, ExecutionEventPublisher, ExecutionEventSubscriber, executionJob, openQueue } from "@bos/queue";
import { DEV_CREDENTIALS_ENCRYPTION_KEY, registerErrorHandler, registerHealthRoutes } from "@bos/service-kit";
import type { NodeDescriptionRegistry } from "@bos/workflow-schema";
import type { Queue } from "bullmq";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { apiKeyRoutes } from "./api-keys.routes";
import { authenticateWith, registerAuth } from "./auth.plugin";
import { serveBuilder } from "./builder-static";
import type { ApiConfig } from "./config";
import { credentialRoutes } from "./credentials.routes";
import { deadLetterRoutes } from "./dead-letters.routes";
import { debugSessionRoutes } from "./debug-sessions.routes";
import { InProcessEngine } from "./in-process-engine";
import { executionEventRoutes } from "./execution-events.routes";
import { executionRoutes } from "./executions.routes";
import { registerOpenApi } from "./openapi.plugin";
import type { RouteDeps } from "./route-deps";
import { workflowN8nRoutes } from "./workflow-n8n.routes";
import { workflowPublishRoutes } from "./workflow-publish.routes";
import { workflowRunRoutes } from "./workflow-runs.routes";
import { workflowVersionRoutes } from "./workflow-versions.routes";
import { workflowRoutes } from "./workflows.routes";
import { registerZodSchemas } from "./zod-schemas.plugin";

export interface ApiDeps {
  /** `credentialKeys` defaults to the development key (tests); main.ts passes the validated config. */
  config: Pick<ApiConfig, "jwt" | "builderDistDir"> & Partial<Pick<ApiConfig, "queuePrefix" | "runWaitMs" | "credentialKeys">>;
  db: Kysely<Database>;
  redis: Redis;
  log: Logger;
  /** The executions queue; default: opened on `redis` under `config.queuePrefix` (closed with the app). */
  queue?: Queue;
  /** Node descriptions for validation; default: the built-in nodes. */
  registry?: NodeDescriptionRegistry;
  /** True once shutdown started: /readyz answers 503 so load balancers stop sending traffic. */
  isDraining?: () => boolean;
}

/** Default wait of test runs and `wait: true` production runs before answering 202, ms. */
const DEFAULT_RUN_WAIT_MS = 30_000;

/** The API as a Fastify instance, not listening: main.ts listens, tests use app.inject(). */
export async function buildApp(deps: ApiDeps): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: deps.log as FastifyBaseLogger, trustProxy: false });
  // Every body the API takes is JSON: a text/plain one (which Fastify reads by default) would only fail
  // schema validation as "expected record, received string"; it now gets 415 naming the type to send.
  app.removeContentTypeParser("text/plain");
  registerErrorHandler(app);
  registerZodSchemas(app);
  await registerOpenApi(app);
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

  const queuePrefix = deps.config.queuePrefix ?? DEFAULT_QUEUE_PREFIX;
  // The queue handle and the Pub/Sub connection open on first use: an API that never runs anything (and
  // every short-lived test app) opens no extra Redis connection.
  let queue = deps.queue;
  let subscriber: ExecutionEventSubscriber | undefined;
  const executions: ExecutionServiceDeps = {
    db: deps.db,
    get queue() {
      queue ??= openQueue(executionJob, deps.redis, queuePrefix);
      return queue;
    },
    get subscriber() {
      subscriber ??= new ExecutionEventSubscriber(deps.redis, queuePrefix);
      return subscriber;
    },
    publisher: new ExecutionEventPublisher(deps.redis, { prefix: queuePrefix }),
    log: deps.log,
  };
  app.addHook("onClose", async () => {
    await subscriber?.close();
    if (queue && queue !== deps.queue) await queue.close();
  });
  const credentialKeyring = createKeyring(deps.config.credentialKeys ?? { current: Buffer.from(DEV_CREDENTIALS_ENCRYPTION_KEY, "base64") });
  const routeDeps: RouteDeps = {
    db: deps.db,
    redis: deps.redis,
    queuePrefix,
    registry: deps.registry ?? createBuiltinRegistry(),
    executions,
    runWaitMs: deps.config.runWaitMs ?? DEFAULT_RUN_WAIT_MS,
    credentialKeyring,
    inProcess: new InProcessEngine(deps.db, createCredentialsProvider(deps.db, credentialKeyring)),
  };
  app.addHook("onClose", () => routeDeps.inProcess.close());

  await app.register(async (api) => {
    api.addHook("onRequest", authenticateWith(deps.db));
    for (const routes of [
      workflowRoutes,
      workflowVersionRoutes,
      workflowN8nRoutes,
      workflowPublishRoutes,
      workflowRunRoutes,
      executionRoutes,
      executionEventRoutes,
      deadLetterRoutes,
      apiKeyRoutes,
      credentialRoutes,
      debugSessionRoutes,
    ]) {
      await api.register(routes, routeDeps);
    }
  });
  await serveBuilder(app, deps.config.builderDistDir);
  return app;
}
