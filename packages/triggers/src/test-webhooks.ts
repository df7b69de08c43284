import type { Redis } from "ioredis";
import { extractTriggers, webhookPathShape } from "./extract-triggers";
import type { TestWebhookListen } from "./test-webhook-lookup";

export { findTestWebhook, type TestWebhookListen } from "./test-webhook-lookup";
import { DEFAULT_TRIGGER_PREFIX } from "./trigger-notices";

export interface RegisterTestWebhooksRequest {
  tenantId: string;
  workflowId: string;
  /** The draft definition to listen for. */
  definition: unknown;
  /** How long the test URLs answer, seconds. Default 120 (n8n's test listen lasts 2 minutes). */
  ttlSeconds?: number;
  prefix?: string;
}

export interface RegisteredTestWebhook {
  method: string;
  path: string;
  /** `/t/{tenant}/webhook-test/{path}` needs the tenant slug: the gateway also serves the tenant id there. */
  tenantUrl: string;
  /** `/webhook-test/{path}` when no other tenant listens on that path now, else null. */
  shortUrl: string | null;
  expiresAt: number;
}

const keyOf = (prefix: string, tenantId: string, method: string, path: string) => `${prefix}:wh-test:${tenantId}:${method}:${webhookPathShape(path)}`;
const shortKeyOf = (prefix: string, method: string, path: string) => `${prefix}:wh-test-short:${method}:${webhookPathShape(path)}`;

/**
 * Starts a test listen (the builder's "listen for test event"): the draft's Webhook nodes answer on
 * `/t/{tenant}/webhook-test/{path}` (and `/webhook-test/{path}` when no other tenant listens on it) for
 * `ttlSeconds`; each call runs the draft in test mode. The listen lives in Redis with a TTL, so every
 * gateway instance sees it and it ends by itself. A later call for the same path replaces it.
 */
export async function registerTestWebhooks(redis: Redis, request: RegisterTestWebhooksRequest): Promise<RegisteredTestWebhook[]> {
  const prefix = request.prefix ?? DEFAULT_TRIGGER_PREFIX;
  const ttl = Math.max(1, Math.floor(request.ttlSeconds ?? 120));
  const expiresAt = Date.now() + ttl * 1000;
  const registered: RegisteredTestWebhook[] = [];
  for (const hook of extractTriggers(request.definition).webhooks) {
    const listen: TestWebhookListen = { tenantId: request.tenantId, workflowId: request.workflowId, method: hook.method, path: hook.path, config: hook.config, expiresAt };
    await redis.set(keyOf(prefix, request.tenantId, hook.method, hook.path), JSON.stringify(listen), "EX", ttl);
    const shortKey = shortKeyOf(prefix, hook.method, hook.path);
    const claimed = await redis.set(shortKey, request.tenantId, "EX", ttl, "NX");
    let short = claimed === "OK";
    if (!short && (await redis.get(shortKey)) === request.tenantId) {
      await redis.expire(shortKey, ttl);
      short = true;
    }
    registered.push({ method: hook.method, path: hook.path, tenantUrl: `/t/${request.tenantId}/webhook-test/${hook.path}`, shortUrl: short ? `/webhook-test/${hook.path}` : null, expiresAt });
  }
  return registered;
}

/** Ends a workflow's test listens now (e.g. the builder closed the panel, or the test run started). */
export async function unregisterTestWebhooks(redis: Redis, request: Omit<RegisterTestWebhooksRequest, "ttlSeconds">): Promise<void> {
  const prefix = request.prefix ?? DEFAULT_TRIGGER_PREFIX;
  for (const hook of extractTriggers(request.definition).webhooks) {
    await redis.del(keyOf(prefix, request.tenantId, hook.method, hook.path));
    const shortKey = shortKeyOf(prefix, hook.method, hook.path);
    if ((await redis.get(shortKey)) === request.tenantId) await redis.del(shortKey);
  }
}
