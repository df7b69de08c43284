import { type Database, type Kysely, withTenant } from "@bos/db";
import type { WebhookResponse } from "@bos/node-sdk";
import { sql } from "kysely";

/** The part of a finished (or suspended) run a synchronous webhook answers with, read without the rest of the run data. */
export interface WebhookResult {
  /** responseNode: the first Respond to Webhook response, in execution order. */
  response?: WebhookResponse;
  /** lastNode: the first output of the node that ran last. */
  lastItems?: Array<{ json?: Record<string, unknown>; binary?: Record<string, unknown> }>;
}

/** One statement: the first recorded `webhookResponse` (responseNode) or the last step's first output (lastNode). */
export async function readWebhookResult(db: Kysely<Database>, tenantId: string, executionId: string, mode: "lastNode" | "responseNode"): Promise<WebhookResult> {
  return withTenant(db, tenantId, async (trx) => {
    if (mode === "responseNode") {
      const row = await sql<{ response: WebhookResponse }>`
        SELECT output->'metadata'->'webhookResponse' AS response FROM execution_steps
        WHERE tenant_id = ${tenantId} AND execution_id = ${executionId} AND output->'metadata' ? 'webhookResponse'
        ORDER BY execution_index, id LIMIT 1`.execute(trx);
      return row.rows[0] ? { response: row.rows[0].response } : {};
    }
    const row = await sql<{ items: WebhookResult["lastItems"] | null }>`
      SELECT output->'main'->0 AS items FROM execution_steps
      WHERE tenant_id = ${tenantId} AND execution_id = ${executionId}
      ORDER BY execution_index DESC NULLS LAST, id DESC LIMIT 1`.execute(trx);
    return { lastItems: row.rows[0]?.items ?? [] };
  });
}
