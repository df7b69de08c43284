import { createDb, redactDatabaseUrl } from "@bos/db";
import { ConfigError, assertNoEviction, createRootLogger, installGracefulShutdown, redactRedisUrl, startIdleGc } from "@bos/service-kit";
import { Redis } from "ioredis";
import { buildApp } from "./app";
import { loadConfig } from "./config";

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createRootLogger({ name: "workflow-api", level: config.logLevel });
  // After a load, give its garbage back once the process is idle (V8 alone keeps it; see idle-gc.ts).
  const idleGc = startIdleGc({ log });
  const db = createDb({ url: config.databaseUrl, poolMax: config.databasePoolMax, applicationName: "workflow-api" }, (error) =>
    log.warn({ err: error }, "idle Postgres connection failed; the pool reconnects"),
  );
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2, connectTimeout: 5000 });
  redis.on("error", (error) => log.warn({ err: error }, "Redis connection error"));
  await assertNoEviction(redis, redactRedisUrl(config.redisUrl));

  let draining = false;
  const app = await buildApp({ config, db, redis, log, isDraining: () => draining });
  await app.listen({ host: config.host, port: config.port });
  log.info({ database: redactDatabaseUrl(config.databaseUrl), redis: redactRedisUrl(config.redisUrl) }, "workflow-api ready");

  installGracefulShutdown({
    log,
    timeoutMs: config.shutdownTimeoutMs,
    close: async () => {
      idleGc.stop();
      draining = true;
      await app.close(); // stops accepting, waits for in-flight requests
      await db.destroy();
      await redis.quit();
    },
  });
}

main().catch((error: unknown) => {
  const log = createRootLogger({ name: "workflow-api" });
  if (error instanceof ConfigError) log.fatal(error.message);
  else log.fatal({ err: error }, `workflow-api failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
