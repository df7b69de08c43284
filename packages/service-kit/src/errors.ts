/**
 * Errors every service shares. Codes are stable (`WF_*`) and documented in docs/errors.md; an error that
 * reaches HTTP answers `{ code, message, details }` with `httpStatus`.
 */
export class ServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus: number,
    readonly details: unknown = {},
    options?: { cause?: unknown; retryable?: boolean },
  ) {
    super(message, options);
    this.name = "ServiceError";
    this.retryable = options?.retryable ?? false;
  }
  readonly retryable: boolean;
}

/** Redis would evict keys under memory pressure, which can silently drop queued jobs. */
export class RedisEvictionPolicyError extends ServiceError {
  constructor(policy: string, url: string) {
    super(
      "WF_CONFIG_REDIS_EVICTION_POLICY",
      `Redis at ${url} has maxmemory-policy "${policy}"; BusinessOS needs "noeviction" so queued jobs are never dropped. ` +
        `Run \`redis-cli -u ${url} CONFIG SET maxmemory-policy noeviction\` (and set it in redis.conf), or point REDIS_URL at another Redis.`,
      500,
      { policy },
    );
  }
}

/** The environment did not pass the app's config schema; `details.issues` lists every problem. */
export class ConfigError extends ServiceError {
  constructor(app: string, issues: Array<{ variable: string; problem: string }>) {
    super(
      "WF_CONFIG_INVALID",
      `${app}: invalid configuration:\n${issues.map((i) => `  - ${i.variable}: ${i.problem}`).join("\n")}\nFix the environment variables above (see README.md, "Environment").`,
      500,
      { issues },
    );
  }
}

/** No route for this method and path. */
export class RouteNotFoundError extends ServiceError {
  constructor(method: string, url: string) {
    super("WF_API_ROUTE_NOT_FOUND", `no route ${method} ${url.split("?")[0]}`, 404, {});
  }
}
