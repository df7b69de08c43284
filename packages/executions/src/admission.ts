import type { Database, Transaction } from "@bos/db";
import { sql } from "kysely";
import { QuotaExceededError, type QuotaName } from "./errors";

/**
 * The active-workflows quota, for the publish route: call inside the publishing transaction (withTenant)
 * before making a workflow active; throws QuotaExceededError (429) when the tenant already has its limit.
 * Locks the tenant row, so concurrent publishes cannot both pass.
 */
export async function assertActiveWorkflowQuota(trx: Transaction<Database>, tenantId: string, workflowId: string): Promise<void> {
  const tenant = await sql<{ quota_active_workflows: number }>`SELECT quota_active_workflows FROM tenants WHERE id = ${tenantId} FOR UPDATE`.execute(trx);
  const limit = tenant.rows[0]?.quota_active_workflows ?? 0;
  const count = await sql<{ n: string }>`
    SELECT count(*) AS n FROM workflows WHERE tenant_id = ${tenantId} AND status = 'active' AND id <> ${workflowId}`.execute(trx);
  const used = Number(count.rows[0]?.n ?? 0);
  if (used >= limit) throw new QuotaExceededError("active_workflows", limit, used);
}
