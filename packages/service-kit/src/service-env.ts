import { z } from "zod";
import { logLevelVar, positiveIntVar, urlVar } from "./zod-config";

/**
 * The environment variables every app reads alike (spread into each app's config schema), so their
 * defaults and checks cannot drift apart between the API, the gateway and the worker.
 *
 * @param defaultDatabaseUrl the application role's URL (`DEFAULT_DATABASE_URL` from @bos/db).
 */
export function sharedServiceVars(defaultDatabaseUrl: string) {
  return {
    /** Postgres URL of the application role. Default postgres://bos_app@127.0.0.1:5432/bos. */
    DATABASE_URL: urlVar(["postgres", "postgresql"], defaultDatabaseUrl),
    /** Postgres pool size, connections. Default 10. */
    DATABASE_POOL_MAX: positiveIntVar(10),
    /** Redis URL; its maxmemory-policy must be noeviction. Default redis://127.0.0.1:6379. */
    REDIS_URL: urlVar(["redis", "rediss"], "redis://127.0.0.1:6379"),
    /**
     * Redis key prefix shared by the API, the gateway and the workers (queues, events, bus). Must contain a
     * Redis Cluster hash tag (`{...}`) so every key of a queue lands in one slot. Default "{bos}".
     */
    QUEUE_PREFIX: z
      .string()
      .regex(/\{[^{}]+\}/, "must contain a Redis Cluster hash tag such as {bos}")
      .default("{bos}"),
    /** pino level: fatal|error|warn|info|debug|trace|silent. Default info. */
    LOG_LEVEL: logLevelVar,
    /** Longest graceful shutdown (drain) before exiting anyway, ms. Default 20000. */
    SHUTDOWN_TIMEOUT_MS: positiveIntVar(20000),
  };
}
