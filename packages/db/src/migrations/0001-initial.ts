import { type Kysely, sql } from "kysely";

/**
 * The schema of record. Every table holding tenant data carries `tenant_id`; row-level security keyed on
 * the per-transaction setting `app.tenant_id` (see with-tenant.ts) is a second line of defence behind the
 * WHERE clauses of the repositories. Tables belong to the migrating (owner) role; the application connects
 * as `bos_app`, which owns nothing and so is subject to every policy.
 */

/** Tenant tables whose rows are keyed by `tenant_id` and isolated by the policy below. */
const TENANT_TABLES = [
  "users",
  "role_grants",
  "api_keys",
  "workflows",
  "workflow_versions",
  "executions",
  "execution_steps",
  "audit_log",
  "usage_counters",
  "credentials",
  "webhooks",
  "event_subscriptions",
] as const;

const CURRENT_TENANT = sql.raw("NULLIF(current_setting('app.tenant_id', true), '')::uuid");

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    DO $$
    BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bos_app') THEN
        CREATE ROLE bos_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
      END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      -- another migration run created it at the same moment: that is the state we want
      NULL;
    END
    $$`.execute(db);

  await sql`
    CREATE TABLE tenants (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
      name text NOT NULL,
      quota_runs_per_month integer NOT NULL DEFAULT 10000 CHECK (quota_runs_per_month >= 0),
      quota_active_workflows integer NOT NULL DEFAULT 100 CHECK (quota_active_workflows >= 0),
      quota_concurrent_runs integer NOT NULL DEFAULT 20 CHECK (quota_concurrent_runs >= 0),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      email text NOT NULL,
      display_name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      disabled_at timestamptz,
      UNIQUE (tenant_id, email),
      UNIQUE (tenant_id, id)
    )`.execute(db);

  await sql`
    CREATE TABLE role_grants (
      tenant_id uuid NOT NULL,
      user_id uuid NOT NULL,
      role text NOT NULL CHECK (role IN ('creator', 'approver', 'executor', 'admin')),
      granted_by uuid,
      granted_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, user_id, role),
      FOREIGN KEY (tenant_id, user_id) REFERENCES users(tenant_id, id) ON DELETE CASCADE
    )`.execute(db);

  await sql`
    CREATE TABLE api_keys (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      name text NOT NULL,
      key_prefix text NOT NULL,
      key_hash text NOT NULL UNIQUE,
      roles text[] NOT NULL DEFAULT '{}',
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz,
      last_used_at timestamptz,
      revoked_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX api_keys_tenant_idx ON api_keys (tenant_id)`.execute(db);

  await sql`
    CREATE TABLE workflows (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      name text NOT NULL,
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'pending', 'active', 'archived')),
      tags text[] NOT NULL DEFAULT '{}',
      draft_version_id uuid,
      active_version_id uuid,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, id)
    )`.execute(db);
  await sql`CREATE INDEX workflows_tenant_updated_idx ON workflows (tenant_id, updated_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX workflows_tenant_status_idx ON workflows (tenant_id, status)`.execute(db);
  await sql`CREATE INDEX workflows_tags_idx ON workflows USING gin (tags)`.execute(db);

  await sql`
    CREATE TABLE workflow_versions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL,
      workflow_id uuid NOT NULL,
      definition jsonb NOT NULL,
      content_hash text NOT NULL,
      parent_version_id uuid REFERENCES workflow_versions(id),
      author_id uuid,
      message text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, id),
      FOREIGN KEY (tenant_id, workflow_id) REFERENCES workflows(tenant_id, id) ON DELETE CASCADE
    )`.execute(db);
  await sql`CREATE INDEX workflow_versions_workflow_idx ON workflow_versions (tenant_id, workflow_id, created_at DESC)`.execute(db);
  await sql`
    ALTER TABLE workflows
      ADD FOREIGN KEY (tenant_id, draft_version_id) REFERENCES workflow_versions(tenant_id, id) DEFERRABLE INITIALLY DEFERRED,
      ADD FOREIGN KEY (tenant_id, active_version_id) REFERENCES workflow_versions(tenant_id, id) DEFERRABLE INITIALLY DEFERRED`.execute(db);

  await sql`
    CREATE TABLE executions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL,
      workflow_id uuid NOT NULL,
      version_id uuid NOT NULL,
      mode text NOT NULL CHECK (mode IN ('test', 'production', 'dry-run')),
      trigger_kind text NOT NULL,
      trigger_payload jsonb,
      status text NOT NULL DEFAULT 'queued'
        CHECK (status IN ('queued', 'running', 'waiting', 'succeeded', 'failed', 'canceled')),
      attempt integer NOT NULL DEFAULT 1,
      retry_of uuid,
      queued_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      finished_at timestamptz,
      wait_until timestamptz,
      error jsonb,
      created_by uuid,
      UNIQUE (tenant_id, id),
      FOREIGN KEY (tenant_id, workflow_id) REFERENCES workflows(tenant_id, id) ON DELETE CASCADE,
      FOREIGN KEY (tenant_id, version_id) REFERENCES workflow_versions(tenant_id, id)
    )`.execute(db);
  await sql`CREATE INDEX executions_tenant_queued_idx ON executions (tenant_id, queued_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX executions_tenant_workflow_idx ON executions (tenant_id, workflow_id, queued_at DESC)`.execute(db);
  await sql`CREATE INDEX executions_unfinished_idx ON executions (status) WHERE status IN ('queued', 'running', 'waiting')`.execute(db);

  await sql`
    CREATE TABLE execution_steps (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      tenant_id uuid NOT NULL,
      execution_id uuid NOT NULL,
      node_name text NOT NULL,
      run_index integer NOT NULL,
      attempt integer NOT NULL DEFAULT 1,
      status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'canceled')),
      input_source jsonb,
      output jsonb,
      error jsonb,
      started_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      UNIQUE (execution_id, node_name, run_index, attempt),
      FOREIGN KEY (tenant_id, execution_id) REFERENCES executions(tenant_id, id) ON DELETE CASCADE
    )`.execute(db);
  await sql`CREATE INDEX execution_steps_tenant_execution_idx ON execution_steps (tenant_id, execution_id, id)`.execute(db);

  await sql`
    CREATE TABLE audit_log (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants(id),
      actor_id uuid,
      actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'api-key', 'system')),
      action text NOT NULL,
      target_kind text,
      target_id text,
      details jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX audit_log_tenant_created_idx ON audit_log (tenant_id, created_at DESC)`.execute(db);
  // Append-only for everyone, the owner included: corrections are new rows, never edits.
  await sql`
    CREATE FUNCTION bos_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'WF_DB_IMMUTABLE_ROW: % on % is not allowed: rows of this table are never changed', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
    END
    $$`.execute(db);
  await sql`
    CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION bos_reject_change()`.execute(db);
  await sql`
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION bos_reject_change()`.execute(db);
  // Versions are immutable; they go only when their workflow is deleted (cascade).
  await sql`
    CREATE TRIGGER workflow_versions_immutable BEFORE UPDATE ON workflow_versions
      FOR EACH ROW EXECUTE FUNCTION bos_reject_change()`.execute(db);

  await sql`
    CREATE TABLE usage_counters (
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      metric text NOT NULL,
      period text NOT NULL,
      value bigint NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, metric, period)
    )`.execute(db);

  await sql`
    CREATE TABLE credentials (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      name text NOT NULL,
      type text NOT NULL,
      data_encrypted bytea NOT NULL,
      encryption_key_id text NOT NULL,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, name)
    )`.execute(db);

  await sql`
    CREATE TABLE webhooks (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL,
      workflow_id uuid NOT NULL,
      node_name text NOT NULL,
      method text NOT NULL CHECK (method IN ('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD')),
      path text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (method, path),
      FOREIGN KEY (tenant_id, workflow_id) REFERENCES workflows(tenant_id, id) ON DELETE CASCADE
    )`.execute(db);
  await sql`CREATE INDEX webhooks_tenant_workflow_idx ON webhooks (tenant_id, workflow_id)`.execute(db);

  await sql`
    CREATE TABLE event_subscriptions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL,
      workflow_id uuid NOT NULL,
      event_type text NOT NULL,
      filter jsonb,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (tenant_id, workflow_id) REFERENCES workflows(tenant_id, id) ON DELETE CASCADE
    )`.execute(db);
  await sql`CREATE INDEX event_subscriptions_tenant_type_idx ON event_subscriptions (tenant_id, event_type) WHERE active`.execute(db);

  // Row-level security: a row is visible and writable only under its own tenant's setting. Without the
  // setting, current_setting(..., true) is NULL and nothing matches.
  await sql`ALTER TABLE tenants ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`CREATE POLICY tenant_isolation ON tenants USING (id = ${CURRENT_TENANT}) WITH CHECK (id = ${CURRENT_TENANT})`.execute(db);
  for (const table of TENANT_TABLES) {
    const t = sql.table(table);
    await sql`ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`CREATE POLICY tenant_isolation ON ${t} USING (tenant_id = ${CURRENT_TENANT}) WITH CHECK (tenant_id = ${CURRENT_TENANT})`.execute(db);
  }

  // The application role: data access, no DDL, no bypass. Later migrations' tables get the same grants
  // by default (ALTER DEFAULT PRIVILEGES applies to objects the migrating role creates from now on).
  await sql`GRANT USAGE ON SCHEMA public TO bos_app`.execute(db);
  await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO bos_app`.execute(db);
  await sql`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO bos_app`.execute(db);
  await sql`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO bos_app`.execute(db);
  await sql`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO bos_app`.execute(db);
  await sql`REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM bos_app`.execute(db);
  await sql`REVOKE UPDATE, TRUNCATE ON workflow_versions FROM bos_app`.execute(db);
  await sql`REVOKE ALL ON kysely_migration, kysely_migration_lock FROM bos_app`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("WF_DB_NO_DOWN_MIGRATION: the initial schema is not reversible; restore a backup instead");
}
