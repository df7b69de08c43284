import { ServiceError } from "@bos/service-kit";
import type { Redis } from "ioredis";

export class RateLimitedError extends ServiceError {
  constructor(
    scope: "tenant" | "webhook",
    limit: number,
    windowMs: number,
    readonly retryAfterSeconds: number,
  ) {
    super("WF_WEBHOOK_RATE_LIMITED", `too many webhook calls for this ${scope}: at most ${limit} per ${windowMs} ms; retry after ${retryAfterSeconds} s`, 429, { scope, limit, windowMs, retryAfterSeconds });
  }
}

export interface RateLimits {
  windowMs: number;
  tenant: number;
  webhook: number;
}

/**
 * Fixed-window counters in Redis shared by every gateway instance: one round trip (INCR + PEXPIRE for the
 * tenant and for the webhook). Throws RateLimitedError (429) with the seconds until the window ends.
 */
export async function checkRateLimits(redis: Redis, prefix: string, limits: RateLimits, tenantId: string, webhookKey: string, now = Date.now()): Promise<void> {
  const window = Math.floor(now / limits.windowMs);
  const tenantKey = `${prefix}:rl:t:${tenantId}:${window}`;
  const hookKey = `${prefix}:rl:w:${tenantId}:${webhookKey}:${window}`;
  const ttl = limits.windowMs * 2;
  const results = await redis.pipeline().incr(tenantKey).pexpire(tenantKey, ttl).incr(hookKey).pexpire(hookKey, ttl).exec();
  const tenantCount = Number(results?.[0]?.[1] ?? 0);
  const hookCount = Number(results?.[2]?.[1] ?? 0);
  const retryAfter = Math.max(1, Math.ceil(((window + 1) * limits.windowMs - now) / 1000));
  if (tenantCount > limits.tenant) throw new RateLimitedError("tenant", limits.tenant, limits.windowMs, retryAfter);
  if (hookCount > limits.webhook) throw new RateLimitedError("webhook", limits.webhook, limits.windowMs, retryAfter);
}
