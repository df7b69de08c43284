import type { Database, Transaction } from "@bos/db";
import type { AuditLogRow } from "@bos/executions";
import { type AuthContext, actorIdOf } from "./auth.plugin";

/** What a state-changing route did, for the append-only audit log. */
export interface AuditEntry {
  /** `<resource>.<verb>`, e.g. `workflow.publish`. */
  action: string;
  targetKind: "workflow" | "workflow_version" | "execution" | "dead_letter" | "api_key" | "credential";
  targetId: string;
  details?: Record<string, unknown>;
}

/**
 * Writes one audit_log row inside the caller's transaction, so the change and its record commit together.
 * A user id that is not a UUID (local tokens) is kept in details.actor; actor_id is a uuid column.
 */
export async function writeAudit(trx: Transaction<Database>, caller: AuthContext, entry: AuditEntry): Promise<void> {
  await trx.insertInto("audit_log").values(auditRow(caller, entry)).execute();
}

/** The audit_log row of an entry, for callers that insert it themselves (admission batches several in one insert). */
export function auditRow(caller: AuthContext, entry: AuditEntry): AuditLogRow {
  const actorId = actorIdOf(caller);
  const details = { ...(entry.details ?? {}), ...(actorId === null ? { actor: caller.userId } : {}) };
  return {
    tenant_id: caller.tenantId,
    actor_id: actorId,
    actor_kind: caller.actorKind,
    action: entry.action,
    target_kind: entry.targetKind,
    target_id: entry.targetId,
    details: JSON.stringify(details),
  };
}
