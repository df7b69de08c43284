import { createCredentialsProvider, createKeyring } from "@bos/credentials";
import { createDb, redactDatabaseUrl } from "@bos/db";
import { createLogNotifier } from "@bos/executions";
import { ConfigError, assertNoEviction, createRootLogger, installGracefulShutdown, redactRedisUrl, startIdleGc } from "@bos/service-kit";
import { Redis } from "ioredis";
import { buildApp } from "./app";
import { loadConfig } from "./config";
import { startExecutionWorker } from "@bos/executor";
import { openExecutionsQueue } from "./executions-queue";

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createRootLogger({ name: "executor-worker", level: config.logLevel });
  // After a load, give its garbage back once the process is idle (V8 alone keeps it; see idle-gc.ts).
  const idleGc = startIdleGc({ log });
  const db = createDb({ url: config.databaseUrl, poolMax: config.databasePoolMax, applicationName: "executor-worker" }, (error) =>
    log.warn({ err: error }, "idle Postgres connection failed; the pool reconnects"),
  );
  // BullMQ needs maxRetriesPerRequest: null on connections that block (workers).
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null, connectTimeout: 5000 });
  redis.on("error", (error) => log.warn({ err: error }, "Redis connection error"));
  await assertNoEviction(redis, redactRedisUrl(config.redisUrl));
  const queue = openExecutionsQueue(redis, config.queuePrefix);
  await queue.waitUntilReady();

  const executions = await startExecutionWorker(
    { db, redis, queue, prefix: config.queuePrefix, log, notifier: createLogNotifier(log), credentials: createCredentialsProvider(db, createKeyring(config.credentialKeys)) },
    config,
  );

  let draining = false;
  const app = await buildApp({ db, redis, queue, log, isDraining: () => draining, registerMetrics: (registry) => executions.metrics.register(registry) });
  await app.listen({ host: config.host, port: config.port });
  log.info(
    { database: redactDatabaseUrl(config.databaseUrl), redis: redactRedisUrl(config.redisUrl), queue: queue.name, prefix: config.queuePrefix, concurrency: config.concurrency },
    "executor-worker ready",
  );

  installGracefulShutdown({
    log,
    timeoutMs: config.shutdownTimeoutMs,
    close: async () => {
      idleGc.stop();
      draining = true;
      await executions.close();
      await app.close();
      await queue.close();
      await db.destroy();
      await redis.quit();
    },
  });
}

main().catch((error: unknown) => {
  const log = createRootLogger({ name: "executor-worker" });
  if (error instanceof ConfigError) log.fatal(error.message);
  else log.fatal({ err: error }, `executor-worker failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
