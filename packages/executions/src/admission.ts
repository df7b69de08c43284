import type { Database, Transaction } from "@bos/db";
import { sql } from "kysely";
import { QuotaExceededError, type QuotaName } from "./errors";
import { monthPeriod, USAGE_METRIC_RUNS } from "./usage-period";

export interface QuotaVerdict {
  ok: boolean;
  quota?: QuotaName;
  limit?: number;
  used?: number;
}

/**
 * Checks the tenant's run quotas inside the admission transaction. Atomic under concurrency: the first
 * statement locks the tenant row, so admissions of one tenant are serialized until commit, and the counts
 * read after the lock include every admission committed before (READ COMMITTED takes a new snapshot per
 * statement; the lock and the counts are deliberately separate statements).
 *
 * Counted: runs this month (usage_counters `runs`, UTC month) against quota_runs_per_month, and queued +
 * running executions (waiting ones hold no worker) against quota_concurrent_runs.
 */
export async function checkRunQuotas(trx: Transaction<Database>, tenantId: string, now: Date): Promise<QuotaVerdict> {
  const tenant = await sql<{ quota_runs_per_month: number; quota_concurrent_runs: number }>`
    SELECT quota_runs_per_month, quota_concurrent_runs FROM tenants WHERE id = ${tenantId} FOR UPDATE`.execute(trx);
  const quotas = tenant.rows[0];
  if (!quotas) throw new Error(`tenant ${tenantId} does not exist (or is not visible under its own tenant scope)`);
  const counts = await sql<{ runs: string; active: string }>`
    SELECT
      COALESCE((SELECT value FROM usage_counters WHERE tenant_id = ${tenantId} AND metric = ${USAGE_METRIC_RUNS} AND period = ${monthPeriod(now)}), 0) AS runs,
      (SELECT count(*) FROM (SELECT 1 FROM executions WHERE tenant_id = ${tenantId} AND status IN ('queued', 'running') LIMIT ${quotas.quota_concurrent_runs + 1}) a) AS active`.execute(trx);
  const runs = Number(counts.rows[0]?.runs ?? 0);
  const active = Number(counts.rows[0]?.active ?? 0);
  if (runs >= quotas.quota_runs_per_month) return { ok: false, quota: "runs_per_month", limit: quotas.quota_runs_per_month, used: runs };
  if (active >= quotas.quota_concurrent_runs) return { ok: false, quota: "concurrent_runs", limit: quotas.quota_concurrent_runs, used: active };
  return { ok: true };
}

/** Adds `by` to a tenant's usage counter for the period (one upsert). */
export async function addUsage(trx: Transaction<Database>, tenantId: string, metric: string, period: string, by = 1): Promise<void> {
  await sql`
    INSERT INTO usage_counters (tenant_id, metric, period, value) VALUES (${tenantId}, ${metric}, ${period}, ${by})
    ON CONFLICT (tenant_id, metric, period) DO UPDATE SET value = usage_counters.value + EXCLUDED.value, updated_at = now()`.execute(trx);
}

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
