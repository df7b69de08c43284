import { type Kysely, sql } from "kysely";

/**
 * The trigger registry (issue 6): what the trigger gateway serves, written by @bos/triggers when a workflow
 * is published, archived or deactivated.
 *
 * - `webhooks`: a path and method belong to one workflow per tenant (was: globally unique); the row carries
 *   what the gateway needs to serve it (`config`: auth, response mode, options), the version it runs, and
 *   whether the tenant holds n8n's short form `/webhook/{path}` for it.
 * - `webhook_short_paths`: who claimed the short form of a path (the first tenant). Not readable by the app
 *   role: claims and releases go through SECURITY DEFINER functions that act for the current tenant only,
 *   so no tenant learns who holds a path.
 * - `trigger_schedules`: Schedule Trigger / Cron / Interval rules as scheduler specs, per workflow.
 * - `event_subscriptions.node_name`: which Event Trigger node subscribes.
 * - `bos_trigger_*()` functions: the gateway builds its routing table across tenants (the app role sees no row
 *   without a tenant setting), so these reads run as the owner and return only what routing needs.
 */
const CURRENT_TENANT = sql.raw("NULLIF(current_setting('app.tenant_id', true), '')::uuid");

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE webhooks DROP CONSTRAINT IF EXISTS webhooks_method_path_key`.execute(db);
  await sql`
    ALTER TABLE webhooks
      ADD COLUMN version_id uuid,
      ADD COLUMN config jsonb NOT NULL DEFAULT '{}',
      ADD COLUMN short_form boolean NOT NULL DEFAULT false,
      ADD COLUMN is_dynamic boolean NOT NULL DEFAULT false`.execute(db);
  await sql`CREATE UNIQUE INDEX webhooks_tenant_method_path_idx ON webhooks (tenant_id, method, path)`.execute(db);

  await sql`ALTER TABLE event_subscriptions ADD COLUMN node_name text NOT NULL DEFAULT ''`.execute(db);
  await sql`CREATE INDEX event_subscriptions_tenant_workflow_idx ON event_subscriptions (tenant_id, workflow_id)`.execute(db);

  await sql`
    CREATE TABLE trigger_schedules (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL,
      workflow_id uuid NOT NULL,
      node_name text NOT NULL,
      rule_index integer NOT NULL,
      spec jsonb NOT NULL,
      timezone text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, workflow_id, node_name, rule_index),
      FOREIGN KEY (tenant_id, workflow_id) REFERENCES workflows(tenant_id, id) ON DELETE CASCADE
    )`.execute(db);
  await sql`ALTER TABLE trigger_schedules ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`CREATE POLICY tenant_isolation ON trigger_schedules USING (tenant_id = ${CURRENT_TENANT}) WITH CHECK (tenant_id = ${CURRENT_TENANT})`.execute(db);
  await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON trigger_schedules TO bos_app`.execute(db);

  await sql`
    CREATE TABLE webhook_short_paths (
      path text PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      claimed_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`ALTER TABLE webhook_short_paths ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`CREATE POLICY tenant_isolation ON webhook_short_paths USING (tenant_id = ${CURRENT_TENANT}) WITH CHECK (tenant_id = ${CURRENT_TENANT})`.execute(db);
  await sql`REVOKE ALL ON webhook_short_paths FROM bos_app`.execute(db);

  // Claims the short form of a path for the current tenant; true when the tenant holds it (now or before).
  await sql`
    CREATE FUNCTION bos_claim_webhook_short_path(claim_path text) RETURNS boolean
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
    DECLARE
      me uuid := NULLIF(current_setting('app.tenant_id', true), '')::uuid;
      holder uuid;
    BEGIN
      IF me IS NULL THEN RETURN false; END IF;
      INSERT INTO webhook_short_paths (path, tenant_id) VALUES (claim_path, me) ON CONFLICT (path) DO NOTHING;
      SELECT tenant_id INTO holder FROM webhook_short_paths WHERE path = claim_path;
      RETURN holder = me;
    END
    $$`.execute(db);
  // Releases the current tenant's claims on paths it no longer serves.
  await sql`
    CREATE FUNCTION bos_release_webhook_short_paths() RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
      DELETE FROM webhook_short_paths s
      WHERE s.tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid
        AND NOT EXISTS (SELECT 1 FROM webhooks w WHERE w.tenant_id = s.tenant_id AND w.path = s.path)
    $$`.execute(db);

  // Routing reads across tenants (NULL workflow: all).
  await sql`
    CREATE FUNCTION bos_trigger_webhooks(only_workflow uuid)
    RETURNS TABLE (tenant_id uuid, tenant_slug text, workflow_id uuid, version_id uuid, node_name text, method text, path text, is_dynamic boolean, short_form boolean, config jsonb)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT w.tenant_id, t.slug, w.workflow_id, w.version_id, w.node_name, w.method, w.path, w.is_dynamic, w.short_form, w.config
      FROM webhooks w JOIN tenants t ON t.id = w.tenant_id
      WHERE only_workflow IS NULL OR w.workflow_id = only_workflow
    $$`.execute(db);
  await sql`
    CREATE FUNCTION bos_trigger_schedules(only_workflow uuid)
    RETURNS TABLE (tenant_id uuid, workflow_id uuid, node_name text, rule_index integer, spec jsonb, timezone text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT s.tenant_id, s.workflow_id, s.node_name, s.rule_index, s.spec, s.timezone
      FROM trigger_schedules s
      WHERE only_workflow IS NULL OR s.workflow_id = only_workflow
    $$`.execute(db);
  await sql`
    CREATE FUNCTION bos_trigger_event_subscriptions(only_workflow uuid)
    RETURNS TABLE (tenant_id uuid, workflow_id uuid, node_name text, event_type text, filter jsonb)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT e.tenant_id, e.workflow_id, e.node_name, e.event_type, e.filter
      FROM event_subscriptions e
      WHERE e.active AND (only_workflow IS NULL OR e.workflow_id = only_workflow)
    $$`.execute(db);
  // Resolves a tenant slug for the /t/{tenant}/... routes (id only).
  await sql`
    CREATE FUNCTION bos_tenant_id_by_slug(tenant_slug text) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT id FROM tenants WHERE slug = tenant_slug
    $$`.execute(db);
  // The Wait node's resume URL (/webhook-waiting/{executionId}) carries no tenant: find it, for waiting executions only.
  await sql`
    CREATE FUNCTION bos_waiting_execution_tenant(execution uuid) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT tenant_id FROM executions WHERE id = execution AND status = 'waiting'
    $$`.execute(db);
  for (const signature of [
    "bos_waiting_execution_tenant(uuid)",
    "bos_claim_webhook_short_path(text)",
    "bos_release_webhook_short_paths()",
    "bos_trigger_webhooks(uuid)",
    "bos_trigger_schedules(uuid)",
    "bos_trigger_event_subscriptions(uuid)",
    "bos_tenant_id_by_slug(text)",
  ]) {
    const fn = sql.raw(signature);
    await sql`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`.execute(db);
    await sql`GRANT EXECUTE ON FUNCTION ${fn} TO bos_app`.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error("WF_DB_NO_DOWN_MIGRATION: migrations run forward only; restore a backup instead");
}
