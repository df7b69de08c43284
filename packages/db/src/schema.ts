import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/**
 * Kysely's view of the schema of record (migrations/0001-initial.ts). Columns with database defaults are
 * `Generated`; timestamps read as Date and accept Date or ISO strings; jsonb reads as unknown and must be
 * parsed by whoever reads it.
 */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json = ColumnType<unknown, string, string>;

export type WorkflowStatus = "draft" | "pending" | "active" | "archived";
export type Role = "creator" | "approver" | "executor" | "admin";
export type ExecutionMode = "test" | "production" | "dry-run";
export type ExecutionStatus = "queued" | "running" | "waiting" | "succeeded" | "failed" | "canceled";
export type StepStatus = "running" | "succeeded" | "failed" | "canceled";

export interface TenantsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  quota_runs_per_month: Generated<number>;
  quota_active_workflows: Generated<number>;
  quota_concurrent_runs: Generated<number>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface UsersTable {
  id: Generated<string>;
  tenant_id: string;
  email: string;
  display_name: string;
  created_at: CreatedAt;
  disabled_at: Timestamp | null;
}

export interface RoleGrantsTable {
  tenant_id: string;
  user_id: string;
  role: Role;
  granted_by: string | null;
  granted_at: CreatedAt;
}

export interface ApiKeysTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  /** The first characters of the key, shown to users to tell keys apart; never enough to use it. */
  key_prefix: string;
  /** SHA-256 (hex) of the whole key; the key itself is never stored. */
  key_hash: string;
  roles: ColumnType<Role[], Role[] | undefined, Role[]>;
  created_by: string | null;
  created_at: CreatedAt;
  expires_at: Timestamp | null;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface WorkflowsTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  status: ColumnType<WorkflowStatus, WorkflowStatus | undefined, WorkflowStatus>;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  draft_version_id: string | null;
  active_version_id: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** Immutable: a trigger rejects UPDATE; rows go only with their workflow. */
export interface WorkflowVersionsTable {
  id: Generated<string>;
  tenant_id: string;
  workflow_id: string;
  definition: Json;
  /** SHA-256 (hex) of the canonical JSON of `definition` (see content-hash.ts). */
  content_hash: string;
  parent_version_id: string | null;
  author_id: string | null;
  message: Generated<string>;
  created_at: CreatedAt;
}

export interface ExecutionsTable {
  id: Generated<string>;
  tenant_id: string;
  workflow_id: string;
  version_id: string;
  mode: ExecutionMode;
  trigger_kind: string;
  trigger_payload: Json | null;
  status: ColumnType<ExecutionStatus, ExecutionStatus | undefined, ExecutionStatus>;
  attempt: Generated<number>;
  retry_of: string | null;
  queued_at: ColumnType<Date, Date | string | undefined, Date | string>;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  wait_until: Timestamp | null;
  error: Json | null;
  created_by: string | null;
  /** Fencing token (0002): every worker write is conditional on the value it read and bumps it. */
  lease_token: ColumnType<string, number | string | undefined, number | string>;
  lease_owner: string | null;
  priority: Generated<number>;
  /** Items the start node receives (0002). */
  input: Json | null;
  /** The engine's RunState without runData as of the last commit: the resume point (0002). */
  run_state: Json | null;
  /** What resumed a waiting execution (webhook call, form), until the worker consumes it (0002). */
  resume_payload: Json | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface ExecutionStepsTable {
  id: Generated<string>;
  tenant_id: string;
  execution_id: string;
  node_name: string;
  run_index: number;
  attempt: Generated<number>;
  status: StepStatus;
  input_source: Json | null;
  output: Json | null;
  error: Json | null;
  started_at: ColumnType<Date, Date | string | undefined, Date | string>;
  finished_at: Timestamp | null;
  /** Place in the execution's order of node runs (0002). */
  execution_index: number | null;
}

/** Executions that failed for good, kept for inspection and redrive (0002). */
export interface DeadLettersTable {
  id: Generated<string>;
  tenant_id: string;
  execution_id: string;
  workflow_id: string;
  reason: string;
  error: Json | null;
  input: Json | null;
  created_at: CreatedAt;
  redriven_at: Timestamp | null;
  redrive_execution_id: string | null;
}

/** Append-only: UPDATE, DELETE and TRUNCATE are revoked from the app role and rejected by a trigger. */
export interface AuditLogTable {
  id: Generated<string>;
  tenant_id: string;
  actor_id: string | null;
  actor_kind: "user" | "api-key" | "system";
  action: string;
  target_kind: string | null;
  target_id: string | null;
  details: ColumnType<unknown, string | undefined, never>;
  created_at: CreatedAt;
}

export interface UsageCountersTable {
  tenant_id: string;
  metric: string;
  /** The counting period, e.g. `2026-11` for a monthly counter. */
  period: string;
  value: ColumnType<string, number | bigint | string | undefined, number | bigint | string>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface CredentialsTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  type: string;
  /** Ciphertext (authenticated encryption done by the application); never plaintext. */
  data_encrypted: Buffer;
  /** Which key encrypted it, so keys can rotate. */
  encryption_key_id: string;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface WebhooksTable {
  id: Generated<string>;
  tenant_id: string;
  workflow_id: string;
  node_name: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD";
  path: string;
  created_at: CreatedAt;
  /** The workflow version served (0003). */
  version_id: string | null;
  /** What the gateway needs to serve it: auth, response mode, options (0003; see @bos/triggers). */
  config: ColumnType<unknown, string | undefined, string>;
  /** The tenant holds n8n's short form `/webhook/{path}` (0003). */
  short_form: Generated<boolean>;
  /** The path has `:param` segments (0003). */
  is_dynamic: Generated<boolean>;
}

export interface EventSubscriptionsTable {
  id: Generated<string>;
  tenant_id: string;
  workflow_id: string;
  event_type: string;
  filter: Json | null;
  active: Generated<boolean>;
  created_at: CreatedAt;
  /** The Event Trigger node that subscribes (0003). */
  node_name: Generated<string>;
}

/** Schedule Trigger / Cron / Interval rules of active workflows, as scheduler specs (0003). */
export interface TriggerSchedulesTable {
  id: Generated<string>;
  tenant_id: string;
  workflow_id: string;
  node_name: string;
  rule_index: number;
  spec: Json;
  timezone: string;
  created_at: CreatedAt;
}

/** Every table of the schema of record, by name. */
export interface Database {
  tenants: TenantsTable;
  users: UsersTable;
  role_grants: RoleGrantsTable;
  api_keys: ApiKeysTable;
  workflows: WorkflowsTable;
  workflow_versions: WorkflowVersionsTable;
  executions: ExecutionsTable;
  execution_steps: ExecutionStepsTable;
  audit_log: AuditLogTable;
  usage_counters: UsageCountersTable;
  credentials: CredentialsTable;
  webhooks: WebhooksTable;
  event_subscriptions: EventSubscriptionsTable;
  trigger_schedules: TriggerSchedulesTable;
  dead_letters: DeadLettersTable;
}

export type Tenant = Selectable<TenantsTable>;
export type User = Selectable<UsersTable>;
export type Workflow = Selectable<WorkflowsTable>;
export type NewWorkflow = Insertable<WorkflowsTable>;
export type WorkflowUpdate = Updateable<WorkflowsTable>;
export type WorkflowVersion = Selectable<WorkflowVersionsTable>;
export type Execution = Selectable<ExecutionsTable>;
export type ExecutionStep = Selectable<ExecutionStepsTable>;
export type DeadLetter = Selectable<DeadLettersTable>;
