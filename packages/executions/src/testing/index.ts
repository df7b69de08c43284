import { randomBytes } from "node:crypto";
import { type Database, type Kysely, contentHash } from "@bos/db";

/**
 * Seeding for integration tests of executions (here, in the worker and in the API): a tenant with quotas
 * and a workflow whose version is both draft and active. Uses the owner connection (bypasses RLS).
 */
export interface SeedTenantOptions {
  runsPerMonth?: number;
  concurrentRuns?: number;
  activeWorkflows?: number;
}

export async function seedTenant(adminDb: Kysely<Database>, options: SeedTenantOptions = {}): Promise<string> {
  const slug = `t-${randomBytes(5).toString("hex")}`;
  const row = await adminDb
    .insertInto("tenants")
    .values({
      slug,
      name: slug,
      ...(options.runsPerMonth !== undefined ? { quota_runs_per_month: options.runsPerMonth } : {}),
      ...(options.concurrentRuns !== undefined ? { quota_concurrent_runs: options.concurrentRuns } : {}),
      ...(options.activeWorkflows !== undefined ? { quota_active_workflows: options.activeWorkflows } : {}),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A workflow with one version, which is its draft and its active version. */
export async function seedWorkflow(adminDb: Kysely<Database>, tenantId: string, definition: unknown): Promise<{ workflowId: string; versionId: string }> {
  return adminDb.transaction().execute(async (trx) => {
    const workflow = await trx
      .insertInto("workflows")
      .values({ tenant_id: tenantId, name: String((definition as { name?: unknown }).name ?? "test"), status: "active" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const version = await trx
      .insertInto("workflow_versions")
      .values({ tenant_id: tenantId, workflow_id: workflow.id, definition: JSON.stringify(definition), content_hash: contentHash(definition), parent_version_id: null, author_id: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx.updateTable("workflows").set({ draft_version_id: version.id, active_version_id: version.id }).where("id", "=", workflow.id).execute();
    return { workflowId: workflow.id, versionId: version.id };
  });
}

/** Polls `check` every `intervalMs` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs: number, what: string, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
