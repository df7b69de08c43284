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

  // The hot path in one round trip each (issue 5's throughput target): admission, the worker's load and the
  // worker's fenced group commit. SECURITY INVOKER: they run as the caller (bos_app), so row-level security
  // applies; each sets app.tenant_id for its own (implicit) transaction first. In READ COMMITTED every
  // statement inside a VOLATILE plpgsql function takes a fresh snapshot, so the counts read after the
  // tenant row lock include every admission committed before it.
  await sql`
    CREATE FUNCTION bos_admit_execution(
      p_tenant uuid, p_id uuid, p_workflow uuid, p_version uuid, p_mode text, p_trigger_kind text, p_trigger_payload jsonb,
      p_input jsonb, p_priority integer, p_created_by uuid, p_retry_of uuid, p_attempt integer, p_run_state jsonb,
      p_copy_steps_from uuid, p_exclude_steps bigint[], p_period text)
    RETURNS TABLE (outcome text, version_id uuid, quota text, quota_limit bigint, used bigint)
    LANGUAGE plpgsql SECURITY INVOKER SET search_path = public AS $$
    DECLARE
      v_version uuid; v_active uuid; v_draft uuid;
      v_runs_limit bigint; v_conc_limit bigint; v_runs bigint; v_running bigint;
      v_quota text; v_limit bigint; v_used bigint;
    BEGIN
      PERFORM set_config('app.tenant_id', p_tenant::text, true);
      SELECT w.active_version_id, w.draft_version_id INTO v_active, v_draft FROM workflows w WHERE w.tenant_id = p_tenant AND w.id = p_workflow;
      IF NOT FOUND THEN
        RETURN QUERY SELECT 'workflow_not_found'::text, NULL::uuid, NULL::text, NULL::bigint, NULL::bigint;
        RETURN;
      END IF;
      IF p_version IS NOT NULL THEN
        SELECT v.id INTO v_version FROM workflow_versions v WHERE v.tenant_id = p_tenant AND v.workflow_id = p_workflow AND v.id = p_version;
        IF NOT FOUND THEN
          RETURN QUERY SELECT 'version_not_found'::text, NULL::uuid, NULL::text, NULL::bigint, NULL::bigint;
          RETURN;
        END IF;
      ELSIF p_mode = 'production' THEN
        v_version := v_active;
      ELSE
        v_version := COALESCE(v_draft, v_active);
      END IF;
      IF v_version IS NULL THEN
        RETURN QUERY SELECT 'no_runnable_version'::text, NULL::uuid, NULL::text, NULL::bigint, NULL::bigint;
        RETURN;
      END IF;

      SELECT t.quota_runs_per_month, t.quota_concurrent_runs INTO v_runs_limit, v_conc_limit FROM tenants t WHERE t.id = p_tenant FOR UPDATE;
      SELECT COALESCE((SELECT u.value FROM usage_counters u WHERE u.tenant_id = p_tenant AND u.metric = 'runs' AND u.period = p_period), 0) INTO v_runs;
      SELECT count(*) INTO v_running FROM (SELECT 1 FROM executions e WHERE e.tenant_id = p_tenant AND e.status IN ('queued', 'running') LIMIT v_conc_limit + 1) a;
      IF v_runs >= v_runs_limit THEN
        v_quota := 'runs_per_month'; v_limit := v_runs_limit; v_used := v_runs;
      ELSIF v_running >= v_conc_limit THEN
        v_quota := 'concurrent_runs'; v_limit := v_conc_limit; v_used := v_running;
      END IF;

      IF v_quota IS NOT NULL THEN
        INSERT INTO executions (id, tenant_id, workflow_id, version_id, mode, trigger_kind, trigger_payload, input, priority, created_by, retry_of, attempt, status, finished_at, error)
        VALUES (p_id, p_tenant, p_workflow, v_version, p_mode, p_trigger_kind, p_trigger_payload, p_input, p_priority, p_created_by, p_retry_of, p_attempt, 'failed', now(),
          jsonb_build_object('code', 'WF_QUOTA_EXCEEDED', 'quota', v_quota, 'limit', v_limit, 'used', v_used,
            'message', format('quota %s exceeded: %s of %s used', v_quota, v_used, v_limit)));
        INSERT INTO usage_counters (tenant_id, metric, period, value) VALUES (p_tenant, 'runs_rejected', p_period, 1)
          ON CONFLICT (tenant_id, metric, period) DO UPDATE SET value = usage_counters.value + 1, updated_at = now();
        RETURN QUERY SELECT 'rejected'::text, v_version, v_quota, v_limit, v_used;
        RETURN;
      END IF;

      INSERT INTO executions (id, tenant_id, workflow_id, version_id, mode, trigger_kind, trigger_payload, input, priority, created_by, retry_of, attempt, status, run_state)
      VALUES (p_id, p_tenant, p_workflow, v_version, p_mode, p_trigger_kind, p_trigger_payload, p_input, p_priority, p_created_by, p_retry_of, p_attempt, 'queued', p_run_state);
      IF p_copy_steps_from IS NOT NULL THEN
        INSERT INTO execution_steps (tenant_id, execution_id, node_name, run_index, attempt, status, input_source, output, error, started_at, finished_at, execution_index)
        SELECT s.tenant_id, p_id, s.node_name, s.run_index, s.attempt, s.status, s.input_source, s.output, s.error, s.started_at, s.finished_at, s.execution_index
        FROM execution_steps s
        WHERE s.tenant_id = p_tenant AND s.execution_id = p_copy_steps_from AND NOT (s.id = ANY (COALESCE(p_exclude_steps, '{}')));
      END IF;
      INSERT INTO usage_counters (tenant_id, metric, period, value) VALUES (p_tenant, 'runs', p_period, 1)
        ON CONFLICT (tenant_id, metric, period) DO UPDATE SET value = usage_counters.value + 1, updated_at = now();
      RETURN QUERY SELECT 'admitted'::text, v_version, NULL::text, NULL::bigint, NULL::bigint;
    END
    $$`.execute(db);

  // Group admission: the same as bos_admit_execution for many runs of one tenant at once (one lock, one
  // statement, one commit). Requests are admitted in array order until a quota is reached; the rest are
  // recorded as rejected. Output columns are r_* so they never shadow table columns inside the body.
  await sql`
    CREATE FUNCTION bos_admit_executions(p_tenant uuid, p_period text, p_requests jsonb)
    RETURNS TABLE (r_idx integer, r_outcome text, r_version uuid, r_quota text, r_limit bigint, r_used bigint)
    LANGUAGE plpgsql SECURITY INVOKER SET search_path = public AS $$
    DECLARE
      v_req jsonb; v_version uuid; v_active uuid; v_draft uuid; v_workflow uuid;
      v_runs_limit bigint; v_conc_limit bigint; v_runs bigint; v_running bigint;
      v_admitted bigint := 0; v_rejected bigint := 0;
    BEGIN
      PERFORM set_config('app.tenant_id', p_tenant::text, true);
      SELECT t.quota_runs_per_month, t.quota_concurrent_runs INTO v_runs_limit, v_conc_limit FROM tenants t WHERE t.id = p_tenant FOR UPDATE;
      SELECT COALESCE((SELECT u.value FROM usage_counters u WHERE u.tenant_id = p_tenant AND u.metric = 'runs' AND u.period = p_period), 0) INTO v_runs;
      SELECT count(*) INTO v_running FROM (SELECT 1 FROM executions e WHERE e.tenant_id = p_tenant AND e.status IN ('queued', 'running') LIMIT v_conc_limit + 1) a;
      FOR r_idx, v_req IN SELECT (x.ordinality - 1)::integer, x.value FROM jsonb_array_elements(p_requests) WITH ORDINALITY AS x(value, ordinality) LOOP
        r_version := NULL; r_quota := NULL; r_limit := NULL; r_used := NULL;
        v_workflow := (v_req->>'workflow')::uuid;
        SELECT w.active_version_id, w.draft_version_id INTO v_active, v_draft FROM workflows w WHERE w.tenant_id = p_tenant AND w.id = v_workflow;
        IF NOT FOUND THEN
          r_outcome := 'workflow_not_found'; RETURN NEXT; CONTINUE;
        END IF;
        IF v_req->>'version' IS NOT NULL THEN
          SELECT v.id INTO v_version FROM workflow_versions v WHERE v.tenant_id = p_tenant AND v.workflow_id = v_workflow AND v.id = (v_req->>'version')::uuid;
          IF NOT FOUND THEN
            r_outcome := 'version_not_found'; RETURN NEXT; CONTINUE;
          END IF;
        ELSIF v_req->>'mode' = 'production' THEN
          v_version := v_active;
        ELSE
          v_version := COALESCE(v_draft, v_active);
        END IF;
        IF v_version IS NULL THEN
          r_outcome := 'no_runnable_version'; RETURN NEXT; CONTINUE;
        END IF;
        r_version := v_version;
        IF v_runs >= v_runs_limit THEN
          r_quota := 'runs_per_month'; r_limit := v_runs_limit; r_used := v_runs;
        ELSIF v_running >= v_conc_limit THEN
          r_quota := 'concurrent_runs'; r_limit := v_conc_limit; r_used := v_running;
        END IF;
        IF r_quota IS NOT NULL THEN
          INSERT INTO executions (id, tenant_id, workflow_id, version_id, mode, trigger_kind, trigger_payload, input, priority, created_by, status, finished_at, error)
          VALUES ((v_req->>'id')::uuid, p_tenant, v_workflow, v_version, v_req->>'mode', v_req->>'trigger_kind', v_req->'trigger_payload', v_req->'input',
            COALESCE((v_req->>'priority')::integer, 0), (v_req->>'created_by')::uuid, 'failed', now(),
            jsonb_build_object('code', 'WF_QUOTA_EXCEEDED', 'quota', r_quota, 'limit', r_limit, 'used', r_used,
              'message', format('quota %s exceeded: %s of %s used', r_quota, r_used, r_limit)));
          v_rejected := v_rejected + 1;
          r_outcome := 'rejected'; RETURN NEXT; CONTINUE;
        END IF;
        INSERT INTO executions (id, tenant_id, workflow_id, version_id, mode, trigger_kind, trigger_payload, input, priority, created_by, status)
        VALUES ((v_req->>'id')::uuid, p_tenant, v_workflow, v_version, v_req->>'mode', v_req->>'trigger_kind', v_req->'trigger_payload', v_req->'input',
          COALESCE((v_req->>'priority')::integer, 0), (v_req->>'created_by')::uuid, 'queued');
        v_runs := v_runs + 1; v_running := v_running + 1; v_admitted := v_admitted + 1;
        r_outcome := 'admitted'; RETURN NEXT;
      END LOOP;
      IF v_admitted > 0 THEN
        INSERT INTO usage_counters (tenant_id, metric, period, value) VALUES (p_tenant, 'runs', p_period, v_admitted)
          ON CONFLICT (tenant_id, metric, period) DO UPDATE SET value = usage_counters.value + EXCLUDED.value, updated_at = now();
      END IF;
      IF v_rejected > 0 THEN
        INSERT INTO usage_counters (tenant_id, metric, period, value) VALUES (p_tenant, 'runs_rejected', p_period, v_rejected)
          ON CONFLICT (tenant_id, metric, period) DO UPDATE SET value = usage_counters.value + EXCLUDED.value, updated_at = now();
      END IF;
    END
    $$`.execute(db);

  await sql`
    CREATE FUNCTION bos_load_execution(p_tenant uuid, p_id uuid, p_with_definition boolean)
    RETURNS TABLE (id uuid, workflow_id uuid, version_id uuid, mode text, status text, lease_token bigint, input jsonb,
      wait_until timestamptz, run_state jsonb, resume_payload jsonb, trigger_payload jsonb, definition jsonb)
    LANGUAGE plpgsql SECURITY INVOKER SET search_path = public AS $$
    BEGIN
      PERFORM set_config('app.tenant_id', p_tenant::text, true);
      RETURN QUERY
        SELECT e.id, e.workflow_id, e.version_id, e.mode, e.status, e.lease_token, e.input, e.wait_until, e.run_state, e.resume_payload, e.trigger_payload,
          CASE WHEN p_with_definition THEN (SELECT v.definition FROM workflow_versions v WHERE v.tenant_id = e.tenant_id AND v.id = e.version_id) END
        FROM executions e WHERE e.tenant_id = p_tenant AND e.id = p_id;
    END
    $$`.execute(db);

  // Batched loads: the worker's concurrent job starts read their executions in one round trip.
  await sql`
    CREATE FUNCTION bos_load_executions(p_items jsonb)
    RETURNS TABLE (r_idx integer, id uuid, workflow_id uuid, version_id uuid, mode text, status text, lease_token bigint, input jsonb,
      wait_until timestamptz, run_state jsonb, resume_payload jsonb, trigger_payload jsonb, definition jsonb)
    LANGUAGE plpgsql SECURITY INVOKER SET search_path = public AS $$
    DECLARE
      v_idx integer; v_item jsonb;
    BEGIN
      FOR v_idx, v_item IN SELECT (x.ordinality - 1)::integer, x.value FROM jsonb_array_elements(p_items) WITH ORDINALITY AS x(value, ordinality) LOOP
        RETURN QUERY SELECT v_idx, l.* FROM bos_load_execution((v_item->>'tenant')::uuid, (v_item->>'id')::uuid, (v_item->>'with_definition')::boolean) l;
      END LOOP;
    END
    $$`.execute(db);

  // The fenced group commit: nothing is written unless lease_token still equals p_token (then it is bumped).
  await sql`
    CREATE FUNCTION bos_commit_execution(
      p_tenant uuid, p_id uuid, p_token bigint, p_owner text, p_status text, p_finished boolean, p_error jsonb,
      p_run_state jsonb, p_wait_until timestamptz, p_steps jsonb, p_dead_letter jsonb)
    RETURNS TABLE (lease_token bigint, dead_letter_id uuid)
    LANGUAGE plpgsql SECURITY INVOKER SET search_path = public AS $$
    DECLARE
      v_token bigint; v_dead_letter uuid; v_workflow uuid;
    BEGIN
      PERFORM set_config('app.tenant_id', p_tenant::text, true);
      UPDATE executions e SET
        status = p_status,
        lease_token = e.lease_token + 1,
        lease_owner = p_owner,
        started_at = COALESCE(e.started_at, now()),
        updated_at = now(),
        run_state = p_run_state,
        wait_until = p_wait_until,
        resume_payload = NULL,
        error = CASE WHEN p_finished THEN p_error ELSE e.error END,
        finished_at = CASE WHEN p_finished THEN now() ELSE NULL END
      WHERE e.tenant_id = p_tenant AND e.id = p_id AND e.lease_token = p_token AND e.status IN ('queued', 'running', 'waiting')
      RETURNING e.lease_token, e.workflow_id INTO v_token, v_workflow;
      IF NOT FOUND THEN
        RETURN;
      END IF;
      IF p_steps IS NOT NULL AND jsonb_array_length(p_steps) > 0 THEN
        INSERT INTO execution_steps (tenant_id, execution_id, node_name, run_index, status, input_source, output, error, started_at, finished_at, execution_index)
        SELECT p_tenant, p_id, s.node_name, s.run_index, s.status, s.input_source, s.output, s.error, s.started_at, s.finished_at, s.execution_index
        FROM jsonb_to_recordset(p_steps) AS s(node_name text, run_index integer, status text, input_source jsonb, output jsonb, error jsonb,
          started_at timestamptz, finished_at timestamptz, execution_index integer);
      END IF;
      IF p_dead_letter IS NOT NULL THEN
        INSERT INTO dead_letters (tenant_id, execution_id, workflow_id, reason, error, input)
        VALUES (p_tenant, p_id, v_workflow, p_dead_letter->>'reason', p_dead_letter->'error', p_dead_letter->'input')
        ON CONFLICT (execution_id) DO NOTHING
        RETURNING id INTO v_dead_letter;
      END IF;
      RETURN QUERY SELECT v_token, v_dead_letter;
    END
    $$`.execute(db);
  // Group commit across executions: the worker sends the commits of its concurrent runs that queue up while
  // one statement is in flight as the next statement. Each item is fenced on its own (a lost lease skips that
  // item only: r_token NULL); one Postgres transaction, one WAL flush for all.
  await sql`
    CREATE FUNCTION bos_commit_executions(p_items jsonb)
    RETURNS TABLE (r_idx integer, r_token bigint, r_dead_letter uuid)
    LANGUAGE plpgsql SECURITY INVOKER SET search_path = public AS $$
    DECLARE
      v_item jsonb;
    BEGIN
      FOR r_idx, v_item IN SELECT (x.ordinality - 1)::integer, x.value FROM jsonb_array_elements(p_items) WITH ORDINALITY AS x(value, ordinality) LOOP
        r_token := NULL; r_dead_letter := NULL;
        SELECT c.lease_token, c.dead_letter_id INTO r_token, r_dead_letter FROM bos_commit_execution(
          (v_item->>'tenant')::uuid, (v_item->>'id')::uuid, (v_item->>'token')::bigint, v_item->>'owner', v_item->>'status',
          (v_item->>'finished')::boolean, NULLIF(v_item->'error', 'null'::jsonb), NULLIF(v_item->'run_state', 'null'::jsonb),
          (v_item->>'wait_until')::timestamptz, NULLIF(v_item->'steps', 'null'::jsonb), NULLIF(v_item->'dead_letter', 'null'::jsonb)) c;
        RETURN NEXT;
      END LOOP;
    END
    $$`.execute(db);
  await sql`CREATE INDEX executions_unfinished_updated_idx ON executions (updated_at, id) WHERE status IN ('queued', 'running', 'waiting')`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("WF_DB_NO_DOWN_MIGRATION: migrations run forward only; restore a backup instead");
}
