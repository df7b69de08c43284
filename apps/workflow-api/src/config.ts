import { resolve } from "node:path";
import { DEFAULT_DATABASE_URL } from "@bos/db";
import { checkSharedServiceVars, parseConfig, portVar, positiveIntVar, sharedServiceVars } from "@bos/service-kit";
import { z } from "zod";

/** The development JWT secret; refused when NODE_ENV=production. */
export const DEV_JWT_SECRET = "bos-dev-secret-do-not-use-in-production-0123456789";

const schema = z
  .object({
    /** Interface the HTTP server binds to. Default 127.0.0.1. */
    API_HOST: z.string().default("127.0.0.1"),
    /** TCP port of the API (and of the builder it serves). Default 8080. */
    API_PORT: portVar(8080),
    // NODE_ENV ("production" turns on the production checks) and the credentials keys come from here too
    ...sharedServiceVars(DEFAULT_DATABASE_URL),
    /** HS256 secret for access tokens, at least 32 characters. Default: the documented dev secret. */
    JWT_SECRET: z.string().min(32, "must be at least 32 characters").default(DEV_JWT_SECRET),
    /** Required `iss` claim of access tokens. Default "bos". */
    JWT_ISSUER: z.string().min(1).default("bos"),
    /** Required `aud` claim of access tokens. Default "bos-api". */
    JWT_AUDIENCE: z.string().min(1).default("bos-api"),
    /** Directory of the built builder (index.html + assets). Default apps/builder-web/dist. */
    BUILDER_DIST_DIR: z.string().default(resolve(__dirname, "../../builder-web/dist")),
    /** How long test runs and `wait: true` runs wait for the result before answering 202, ms. Default 30000. */
    RUN_WAIT_MS: positiveIntVar(30000),
  })
  .refine((env) => env.NODE_ENV !== "production" || env.JWT_SECRET !== DEV_JWT_SECRET, {
    path: ["JWT_SECRET"],
    message: "is the development default; set a secret of your own in production",
  })
  .superRefine(checkSharedServiceVars);

export interface ApiConfig {
  nodeEnv: "development" | "production" | "test";
  host: string;
  port: number;
  databaseUrl: string;
  databasePoolMax: number;
  redisUrl: string;
  jwt: { secret: string; issuer: string; audience: string };
  builderDistDir: string;
  queuePrefix: string;
  runWaitMs: number;
  logLevel: string;
  shutdownTimeoutMs: number;
  /** The key credentials are written with, and earlier keys they may still be read with. */
  credentialKeys: { current: Buffer; previous: Buffer[] };
}

/** Reads and validates the environment once (main.ts); throws a ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const e = parseConfig("workflow-api", schema, env);
  return {
    nodeEnv: e.NODE_ENV,
    host: e.API_HOST,
    port: e.API_PORT,
    databaseUrl: e.DATABASE_URL,
    databasePoolMax: e.DATABASE_POOL_MAX,
    redisUrl: e.REDIS_URL,
    jwt: { secret: e.JWT_SECRET, issuer: e.JWT_ISSUER, audience: e.JWT_AUDIENCE },
    builderDistDir: e.BUILDER_DIST_DIR,
    queuePrefix: e.QUEUE_PREFIX,
    runWaitMs: e.RUN_WAIT_MS,
    logLevel: e.LOG_LEVEL,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    credentialKeys: { current: e.CREDENTIALS_ENCRYPTION_KEY, previous: e.CREDENTIALS_PREVIOUS_KEYS },
  };
}
