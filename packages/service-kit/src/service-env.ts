import { z } from "zod";
import { logLevelVar, positiveIntVar, urlVar } from "./zod-config";

/**
 * The development key for stored credentials (base64 of the 32 ASCII bytes "bos-dev-credentials-key-not-prod");
 * refused when NODE_ENV=production (checkSharedServiceVars).
 */
export const DEV_CREDENTIALS_ENCRYPTION_KEY = "Ym9zLWRldi1jcmVkZW50aWFscy1rZXktbm90LXByb2Q=";

const KEY_FORMAT = "must be 32 bytes as base64 (44 characters) or hex (64 characters), e.g. the output of `openssl rand -base64 32`";

/**
 * A 32-byte key written as hex (64 digits) or base64/base64url (43 characters plus optional `=`), or
 * undefined when the text is neither. Strict: Buffer.from would silently skip stray characters.
 */
export function decodeEncryptionKey(text: string): Buffer | undefined {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, "hex");
  if (/^[A-Za-z0-9+/]{43}=?$/.test(value)) return Buffer.from(value, "base64");
  if (/^[A-Za-z0-9_-]{43}=?$/.test(value)) return Buffer.from(value, "base64url");
  return undefined;
}

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
    /** "production" turns on the production checks (checkSharedServiceVars; the API adds its own). Default "development". */
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    /**
     * The key stored credentials are encrypted with (AES-256-GCM): 32 bytes as base64 or hex; parsed to the
     * bytes. Never echoed in errors. Default: DEV_CREDENTIALS_ENCRYPTION_KEY, refused in production.
     */
    CREDENTIALS_ENCRYPTION_KEY: z
      .string()
      .default(DEV_CREDENTIALS_ENCRYPTION_KEY)
      .transform((text, ctx) => {
        const key = decodeEncryptionKey(text);
        if (key) return key;
        ctx.issues.push({ code: "custom", input: "(not shown)", message: KEY_FORMAT });
        return z.NEVER;
      }),
    /**
     * Earlier keys, comma-separated, each like CREDENTIALS_ENCRYPTION_KEY: credentials written with them stay
     * readable after a rotation (new writes use the current key). Default none.
     */
    CREDENTIALS_PREVIOUS_KEYS: z
      .string()
      .default("")
      .transform((text, ctx) => {
        const entries = text.split(",").map((entry) => entry.trim()).filter((entry) => entry !== "");
        const keys: Buffer[] = [];
        entries.forEach((entry, index) => {
          const key = decodeEncryptionKey(entry);
          if (key) keys.push(key);
          else ctx.issues.push({ code: "custom", input: "(not shown)", message: `entry ${index + 1} of ${entries.length} ${KEY_FORMAT}` });
        });
        return keys;
      }),
  };
}

/**
 * The production checks of the shared variables, for each app's schema:
 * `z.object({ ...sharedServiceVars(url), ... }).superRefine(checkSharedServiceVars)`.
 * With NODE_ENV=production the development credentials key is refused.
 */
export function checkSharedServiceVars(env: { NODE_ENV: string; CREDENTIALS_ENCRYPTION_KEY: Buffer }, ctx: z.RefinementCtx): void {
  if (env.NODE_ENV === "production" && env.CREDENTIALS_ENCRYPTION_KEY.equals(Buffer.from(DEV_CREDENTIALS_ENCRYPTION_KEY, "base64"))) {
    ctx.addIssue({
      code: "custom",
      path: ["CREDENTIALS_ENCRYPTION_KEY"],
      message: "is the development default; set a key of your own in production (`openssl rand -base64 32`)",
    });
  }
}
