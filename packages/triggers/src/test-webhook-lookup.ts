import type { Redis } from "ioredis";
import type { WebhookConfig } from "./extract-triggers";

/** A draft's webhook listening on `/webhook-test/...` for a limited time. */
export interface TestWebhookListen {
  tenantId: string;
  workflowId: string;
  method: string;
  path: string;
  config: WebhookConfig;
  /** Ends at (epoch ms). */
  expiresAt: number;
}

/**
 * Finds the test listen for a request (the gateway): exact path first, then the shapes of dynamic paths
 * the candidate list offers. `tenantId` undefined means the short form (`/webhook-test/...`).
 */
export async function findTestWebhook(redis: Redis, prefix: string, tenantId: string | undefined, method: string, shapes: string[]): Promise<TestWebhookListen | undefined> {
  for (const shape of shapes) {
    let tenant = tenantId;
    if (tenant === undefined) {
      const holder = await redis.get(`${prefix}:wh-test-short:${method}:${shape}`);
      if (!holder) continue;
      tenant = holder;
    }
    const raw = await redis.get(`${prefix}:wh-test:${tenant}:${method}:${shape}`);
    if (raw) return JSON.parse(raw) as TestWebhookListen;
  }
  return undefined;
}
