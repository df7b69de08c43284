import { type Database, type Kysely, type Transaction, withTenant } from "@bos/db";
import { sql } from "kysely";
import { type WebhookClash, WebhookPathClashError } from "./errors";
import { extractTriggers, type WorkflowTriggers, webhookPathShape } from "./extract-triggers";

type Executor = Kysely<Database> | Transaction<Database>;

export interface SyncedWebhook {
  method: string;
  path: string;
  node: string;
  /** `/t/{tenant}/webhook/{path}`, relative to the gateway's base URL (tenant slug). */
  tenantUrl: string;
  /** `/webhook/{path}` when this tenant holds the short form, else null. */
  shortUrl: string | null;
}

/** What the registry now holds for the workflow, and warnings for the publisher. */
export interface TriggerSyncResult {
  webhooks: SyncedWebhook[];
  schedules: number;
  subscriptions: number;
  /** E.g. the short form of a path is taken (never says by whom). */
  warnings: string[];
}

/**
 * Writes a workflow's triggers to the registry: the webhooks, schedules and event subscriptions of
 * `activeDefinition`, replacing what was there; with `null` (archived, deactivated) removes them all.
 * Refuses (WebhookPathClashError, 409) a method+path another active workflow of the tenant serves, or that
 * two Webhook nodes of this workflow share; throws InvalidTriggerError (422) for unusable trigger settings.
 * Claims n8n's short form `/webhook/{path}` for the tenant when no other tenant holds it (a warning says
 * when it is taken, without naming anyone).
 *
 * Pass the publish route's transaction (already under withTenant) so the registry changes with the
 * workflow's status; a plain Kysely runs it in its own tenant transaction. After commit, call
 * `publishTriggerChange` so every gateway reloads the workflow's routes and schedules at once.
 *
 * @example
 * await withTenant(db, tenantId, async (trx) => {
 *   // ... make the version active ...
 *   result = await syncWorkflowTriggers(trx, tenantId, workflowId, definition);
 * });
 * await publishTriggerChange(redis, { tenantId, workflowId });
 */
export async function syncWorkflowTriggers(db: Executor, tenantId: string, workflowId: string, activeDefinition: unknown | null, versionId?: string | null): Promise<TriggerSyncResult> {
  if (!db.isTransaction) return withTenant(db as Kysely<Database>, tenantId, (trx) => syncWorkflowTriggers(trx, tenantId, workflowId, activeDefinition, versionId));
  const trx = db as Transaction<Database>;
  const triggers: WorkflowTriggers = activeDefinition === null ? { webhooks: [], schedules: [], subscriptions: [] } : extractTriggers(activeDefinition);
  const clashes = await findWebhookClashes(trx, tenantId, workflowId, triggers);
  if (clashes.length > 0) throw new WebhookPathClashError(clashes);

  await trx.deleteFrom("webhooks").where("tenant_id", "=", tenantId).where("workflow_id", "=", workflowId).execute();
  await trx.deleteFrom("trigger_schedules").where("tenant_id", "=", tenantId).where("workflow_id", "=", workflowId).execute();
  await trx.deleteFrom("event_subscriptions").where("tenant_id", "=", tenantId).where("workflow_id", "=", workflowId).execute();

  const warnings: string[] = [];
  const webhooks: SyncedWebhook[] = [];
  const tenant = await sql<{ slug: string }>`SELECT slug FROM tenants WHERE id = ${tenantId}`.execute(trx);
  const slug = tenant.rows[0]?.slug ?? tenantId;
  const claimed = new Map<string, boolean>();
  for (const hook of triggers.webhooks) {
    let short = claimed.get(hook.path);
    if (short === undefined) {
      const claim = await sql<{ held: boolean }>`SELECT bos_claim_webhook_short_path(${hook.path}) AS held`.execute(trx);
      short = claim.rows[0]?.held === true;
      claimed.set(hook.path, short);
      if (!short) warnings.push(`the short form /webhook/${hook.path} is taken; callers must use /t/${slug}/webhook/${hook.path}`);
    }
    await trx
      .insertInto("webhooks")
      .values({
        tenant_id: tenantId,
        workflow_id: workflowId,
        node_name: hook.config.node,
        method: hook.method,
        path: hook.path,
        version_id: versionId ?? null,
        config: JSON.stringify(hook.config),
        short_form: short,
        is_dynamic: hook.isDynamic,
      })
      .execute();
    webhooks.push({ method: hook.method, path: hook.path, node: hook.config.node, tenantUrl: `/t/${slug}/webhook/${hook.path}`, shortUrl: short ? `/webhook/${hook.path}` : null });
  }
  await sql`SELECT bos_release_webhook_short_paths()`.execute(trx);

  if (triggers.schedules.length > 0) {
    await trx
      .insertInto("trigger_schedules")
      .values(triggers.schedules.map((s) => ({ tenant_id: tenantId, workflow_id: workflowId, node_name: s.node, rule_index: s.ruleIndex, spec: JSON.stringify(s.spec), timezone: s.timezone })))
      .execute();
  }
  if (triggers.subscriptions.length > 0) {
    await trx
      .insertInto("event_subscriptions")
      .values(triggers.subscriptions.map((s) => ({ tenant_id: tenantId, workflow_id: workflowId, node_name: s.node, event_type: s.eventType, filter: s.filter ? JSON.stringify(s.filter) : null })))
      .execute();
  }
  return { webhooks, schedules: triggers.schedules.length, subscriptions: triggers.subscriptions.length, warnings };
}

/**
 * The clashes publishing `definition` would cause: method+path (parameter names ignored) served by another
 * workflow of the tenant, or by two Webhook nodes of this one. Empty when publishing is fine. The API may
 * call it to report clashes with its validation problems; syncWorkflowTriggers checks again.
 */
export async function checkWebhookClashes(db: Executor, tenantId: string, workflowId: string, definition: unknown): Promise<WebhookClash[]> {
  const triggers = extractTriggers(definition);
  if (!db.isTransaction) return withTenant(db as Kysely<Database>, tenantId, (trx) => findWebhookClashes(trx, tenantId, workflowId, triggers));
  return findWebhookClashes(db as Transaction<Database>, tenantId, workflowId, triggers);
}

async function findWebhookClashes(trx: Transaction<Database>, tenantId: string, workflowId: string, triggers: WorkflowTriggers): Promise<WebhookClash[]> {
  const clashes: WebhookClash[] = [];
  const seen = new Map<string, string>();
  for (const hook of triggers.webhooks) {
    const key = `${hook.method} ${webhookPathShape(hook.path)}`;
    const other = seen.get(key);
    if (other !== undefined && other !== hook.config.node) clashes.push({ method: hook.method, path: hook.path, workflowId, workflowName: "(this workflow)", node: other });
    seen.set(key, hook.config.node);
  }
  if (triggers.webhooks.length === 0) return clashes;
  const rows = await trx
    .selectFrom("webhooks as w")
    .innerJoin("workflows as f", (join) => join.onRef("f.id", "=", "w.workflow_id").onRef("f.tenant_id", "=", "w.tenant_id"))
    .select(["w.method", "w.path", "w.node_name", "w.workflow_id", "f.name"])
    .where("w.tenant_id", "=", tenantId)
    .where("w.workflow_id", "<>", workflowId)
    .where(
      "w.method",
      "in",
      triggers.webhooks.map((h) => h.method),
    )
    .execute();
  for (const hook of triggers.webhooks) {
    const shape = webhookPathShape(hook.path);
    for (const row of rows) {
      if (row.method === hook.method && webhookPathShape(row.path) === shape) {
        clashes.push({ method: hook.method, path: hook.path, workflowId: row.workflow_id, workflowName: row.name, node: row.node_name });
      }
    }
  }
  return clashes;
}
