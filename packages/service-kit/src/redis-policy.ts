import type { Redis } from "ioredis";
import { RedisEvictionPolicyError } from "./errors";

/**
 * Refuses a Redis that may evict keys: BullMQ keeps jobs in Redis, and an evicting policy can drop them
 * without an error. Call at startup, before taking work.
 */
export async function assertNoEviction(redis: Redis, displayUrl: string): Promise<void> {
  const reply = (await redis.config("GET", "maxmemory-policy")) as unknown;
  const policy = Array.isArray(reply) ? String(reply[1] ?? "") : "";
  if (policy !== "noeviction") throw new RedisEvictionPolicyError(policy || "(unknown)", displayUrl);
}

/** redis://user:secret@host => redis://user:***@host, for messages and logs. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    // not a URL: print nothing of it rather than leak a secret
    return "(unparseable Redis URL)";
  }
}
