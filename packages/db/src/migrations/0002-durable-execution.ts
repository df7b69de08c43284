import { type Kysely, sql } from "kysely";

/**
 * Durable execution (issue 5): the lease/fencing columns and resume checkpoint on executions, the run order
 * on steps, the dead-letter store, and the cross-tenant scan the reconciler needs.
 *
 * - `executions.lease_token`: the fencing token. Every worker write is `... WHERE lease_token = <seen>` and
 *   bumps it, so a worker that lost the job (stalled, re-delivered elsewhere) can no longer write.
 * - `executions.run_state`: the engine's RunState without its runData (rebuilt from execution_steps) as of
 *   the last commit: the resume point after a crash, a wait, or for a retry from the failed node.
 * - `executions.input`: the items the start node receives; `resume_payload`: what resumed a waiting run.
 */
const CURRENT_TENANT = sql.raw("NULLIF(current_setting('app.tenant_id', true), '')::uuid");

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE executions
      ADD COLUMN lease_token bigint NOT NULL DEFAULT 0,
      ADD COLUMN lease_owner text,
      ADD COLUMN priority integer NOT NULL DEFAULT 0,
      ADD COLUMN input jsonb,
      ADD COLUMN run_state jsonb,
      ADD COLUMN resume_payload jsonb,
      ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`.execute(db);
  // Admission counts a tenant's queued and running executions (the concurrent-runs quota).
  await sql`CREATE INDEX executions_tenant_active_idx ON executions (tenant_id) WHERE status IN ('queued', 'running')`.execute(db);

  await sql`ALTER TABLE execution_steps ADD COLUMN execution_index integer`.execute(db);

  await sql`
    CREATE TABLE dead_letters (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL,
      execution_id uuid NOT NULL,
      workflow_id uuid NOT NULL,
      reason text NOT NULL,
      error jsonb,
      input jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      redriven_at timestamptz,
      redrive_execution_id uuid,
      UNIQUE (tenant_id, id),
      UNIQUE (execution_id),
      FOREIGN KEY (tenant_id, execution_id) REFERENCES executions(tenant_id, id) ON DELETE CASCADE
    )`.execute(db);
  await sql`CREATE INDEX dead_letters_tenant_created_idx ON dead_letters (tenant_id, created_at DESC, id DESC)`.execute(db);
  await sql`ALTER TABLE dead_letters ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`CREATE POLICY tenant_isolation ON dead_letters USING (tenant_id = ${CURRENT_TENANT}) WITH CHECK (tenant_id = ${CURRENT_TENANT})`.execute(db);
  // 0001's default privileges grant bos_app DML on this table; say so explicitly for databases migrated otherwise.
  await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON dead_letters TO bos_app`.execute(db);

  // The reconciler looks across tenants for unfinished executions whose job Redis may have lost. The app role
  // sees no row without a tenant setting, so this one read runs as the owner: it returns ids only.
  await sql`
    CREATE FUNCTION bos_unfinished_executions(min_age_seconds double precision, after_updated timestamptz, after_id uuid, max_rows integer)
    RETURNS TABLE (id uuid, tenant_id uuid, status text, wait_until timestamptz, priority integer, resume_payload_present boolean, updated_at timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT e.id, e.tenant_id, e.status, e.wait_until, e.priority, e.resume_payload IS NOT NULL, e.updated_at
      FROM executions e
      WHERE e.status IN ('queued', 'running', 'waiting')
        AND e.updated_at < now() - make_interval(secs => min_age_seconds)
        AND (after_updated IS NULL OR (e.updated_at, e.id) > (after_updated, after_id))
      ORDER BY e.updated_at, e.id
      LIMIT max_rows
    $$`.execute(db);
  const signature = sql.raw("bos_unfinished_executions(double precision, timestamptz, uuid, integer)");
  await sql`REVOKE ALL ON FUNCTION ${signature} FROM PUBLIC`.execute(db);
  await sql`GRANT EXECUTE ON FUNCTION ${signature} TO bos_app`.execute(db);
  await sql`CREATE INDEX executions_unfinished_updated_idx ON executions (updated_at, id) WHERE status IN ('queued', 'running', 'waiting')`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("WF_DB_NO_DOWN_MIGRATION: migrations run forward only; restore a backup instead");
}
