import type { Database, Kysely } from "@bos/db";
import type { ScheduleSpec } from "@bos/nodes";
import { sql } from "kysely";
import type { WebhookConfig } from "./extract-triggers";

/** One served webhook, across tenants (what the gateway routes on). */
export interface RegisteredWebhook {
  tenantId: string;
  tenantSlug: string;
  workflowId: string;
  versionId: string | null;
  node: string;
  method: string;
  path: string;
  isDynamic: boolean;
  shortForm: boolean;
  config: WebhookConfig;
}

export interface RegisteredSchedule {
  tenantId: string;
  workflowId: string;
  node: string;
  ruleIndex: number;
  spec: ScheduleSpec;
  timezone: string;
}

export interface RegisteredSubscription {
  tenantId: string;
  workflowId: string;
  node: string;
  eventType: string;
  filter: Record<string, unknown> | null;
}

export interface TriggerRegistrySnapshot {
  webhooks: RegisteredWebhook[];
  schedules: RegisteredSchedule[];
  subscriptions: RegisteredSubscription[];
}

/**
 * Reads the registry across tenants (all workflows, or one), through the owner's SECURITY DEFINER functions
 * of migration 0003: the gateway's routing table is rebuilt from this on start and on each change notice.
 */
export async function loadTriggerRegistry(db: Kysely<Database>, workflowId?: string): Promise<TriggerRegistrySnapshot> {
  const only = workflowId ?? null;
  const [webhooks, schedules, subscriptions] = await Promise.all([
    sql<{ tenant_id: string; tenant_slug: string; workflow_id: string; version_id: string | null; node_name: string; method: string; path: string; is_dynamic: boolean; short_form: boolean; config: WebhookConfig }>`
      SELECT * FROM bos_trigger_webhooks(${only}::uuid)`.execute(db),
    sql<{ tenant_id: string; workflow_id: string; node_name: string; rule_index: number; spec: ScheduleSpec; timezone: string }>`
      SELECT * FROM bos_trigger_schedules(${only}::uuid)`.execute(db),
    sql<{ tenant_id: string; workflow_id: string; node_name: string; event_type: string; filter: Record<string, unknown> | null }>`
      SELECT * FROM bos_trigger_event_subscriptions(${only}::uuid)`.execute(db),
  ]);
  return {
    webhooks: webhooks.rows.map((r) => ({
      tenantId: r.tenant_id,
      tenantSlug: r.tenant_slug,
      workflowId: r.workflow_id,
      versionId: r.version_id,
      node: r.node_name,
      method: r.method,
      path: r.path,
      isDynamic: r.is_dynamic,
      shortForm: r.short_form,
      config: r.config,
    })),
    schedules: schedules.rows.map((r) => ({ tenantId: r.tenant_id, workflowId: r.workflow_id, node: r.node_name, ruleIndex: r.rule_index, spec: r.spec, timezone: r.timezone })),
    subscriptions: subscriptions.rows.map((r) => ({ tenantId: r.tenant_id, workflowId: r.workflow_id, node: r.node_name, eventType: r.event_type, filter: r.filter })),
  };
}
