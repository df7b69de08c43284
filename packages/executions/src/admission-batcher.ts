import { type Database, type Kysely, queryPrepared, type Transaction, withTenant } from "@bos/db";
import { type AdmissionInfo, type AuditLogRow, auditDetails, auditRowFor } from "./start-execution";
import { monthPeriod } from "./usage-period";

/** One admission request as bos_admit_executions takes it. */
export interface BatchedAdmission {
  id: string;
  workflow: string;
  version: string | null;
  mode: string;
  trigger_kind: string;
  trigger_payload: unknown;
  input: unknown;
  priority: number;
  created_by: string | null;
  /** Runs inside the admission transaction after the row is written. */
  onAdmission?: (trx: Transaction<Database>, admission: AdmissionInfo) => Promise<void>;
  /** The audit row of the request (admission adds versionId and admitted to its details); see StartExecutionRequest.audit. */
  audit?: AuditLogRow;
  /** The commit need not be flushed before the outcome is returned (StartExecutionRequest.admissionCommit "deferred"). */
  deferFlush?: boolean;
}

export interface AdmissionOutcome {
  outcome: "admitted" | "rejected" | "workflow_not_found" | "version_not_found" | "no_runnable_version";
  versionId: string | null;
  quota: string | null;
  limit: number | null;
  used: number | null;
}

interface Pending {
  request: BatchedAdmission;
  resolve(outcome: AdmissionOutcome): void;
  reject(error: unknown): void;
}

const MAX_BATCH = 256;

/**
 * Group admission. Admissions of one tenant are serialized by the tenant row lock anyway, so while one
 * statement is in flight for a tenant, later requests of that tenant wait here and go together in the
 * next statement (bos_admit_executions: one lock, one commit for all of them). A lone request goes at once,
 * so batching adds no latency; under load it turns N lock hand-offs and N commits into one. If a batch
 * fails (a hook threw, a constraint), each of its requests is retried alone, so one bad request never fails
 * another; a hook can therefore run twice, and only its writes through `trx` (rolled back with the batch)
 * are transactional.
 */
export class AdmissionBatcher {
  private readonly queues = new Map<string, Pending[]>();
  private readonly busy = new Set<string>();

  constructor(private readonly db: Kysely<Database>) {}

  admit(tenantId: string, request: BatchedAdmission): Promise<AdmissionOutcome> {
    return new Promise((resolve, reject) => {
      let queue = this.queues.get(tenantId);
      if (!queue) {
        queue = [];
        this.queues.set(tenantId, queue);
      }
      queue.push({ request, resolve, reject });
      if (!this.busy.has(tenantId)) void this.drain(tenantId);
    });
  }

  private async drain(tenantId: string): Promise<void> {
    this.busy.add(tenantId);
    try {
      for (;;) {
        const queue = this.queues.get(tenantId);
        if (!queue || queue.length === 0) {
          this.queues.delete(tenantId);
          return;
        }
        const batch = queue.splice(0, MAX_BATCH);
        try {
          const outcomes = await this.run(tenantId, batch.map((p) => p.request));
          batch.forEach((p, i) => p.resolve(outcomes[i] as AdmissionOutcome));
        } catch (error) {
          if (batch.length === 1) {
            batch[0]?.reject(error);
            continue;
          }
          for (const p of batch) {
            try {
              p.resolve(((await this.run(tenantId, [p.request])) as AdmissionOutcome[])[0] as AdmissionOutcome);
            } catch (single) {
              p.reject(single);
            }
          }
        }
      }
    } finally {
      this.busy.delete(tenantId);
    }
  }

  private async run(tenantId: string, requests: BatchedAdmission[]): Promise<AdmissionOutcome[]> {
    const body = JSON.stringify(requests.map(({ onAdmission: _hook, audit: _audit, deferFlush: _defer, ...r }) => r));
    // A batch commits without waiting for the WAL flush only when every request in it allows that, and has no
    // hooks (a batch with hooks is a transaction of its own, committed flushed).
    const deferred = requests.every((r) => r.deferFlush === true);
    const statement = (on: Kysely<Database> | Transaction<Database>) =>
      deferred && on === this.db
        ? queryPrepared<AdmissionRow>(on, "bos_admit_executions_deferred", ADMIT_DEFERRED, [tenantId, monthPeriod(new Date()), body])
        : queryPrepared<AdmissionRow>(on, "bos_admit_executions", "SELECT * FROM bos_admit_executions($1::uuid, $2, $3::jsonb)", [tenantId, monthPeriod(new Date()), body]);
    const toOutcomes = (rows: AdmissionRow[]) => {
      const out: AdmissionOutcome[] = [];
      for (const r of rows) out[r.r_idx] = { outcome: r.r_outcome, versionId: r.r_version, quota: r.r_quota, limit: r.r_limit === null ? null : Number(r.r_limit), used: r.r_used === null ? null : Number(r.r_used) };
      return out;
    };
    if (!requests.some((r) => r.onAdmission)) {
      if (!requests.some((r) => r.audit)) return toOutcomes(await statement(this.db));
      // Audit rows without hooks: inserted by the admission statement itself (one round trip, one commit),
      // for the requests whose execution was recorded, with the outcome added to their details.
      const audits = requests.flatMap((r, idx) => (r.audit ? [{ ...r.audit, idx, details: auditDetails(r.audit) }] : []));
      const [name, text] = deferred ? ["bos_admit_executions_audited_deferred", ADMIT_AUDITED_DEFERRED] : ["bos_admit_executions_audited", ADMIT_AUDITED];
      return toOutcomes(await queryPrepared<AdmissionRow>(this.db, name, text, [tenantId, monthPeriod(new Date()), body, JSON.stringify(audits)]));
    }
    // With hooks the statement and the hooks' writes share one transaction; the audit rows of the whole
    // batch go in one insert (a round trip per admission would hold the tenant's next batch back).
    return withTenant(this.db, tenantId, async (trx) => {
      const outcomes = toOutcomes(await statement(trx));
      const recorded: Array<{ request: BatchedAdmission; info: AdmissionInfo }> = [];
      for (const [i, request] of requests.entries()) {
        const o = outcomes[i];
        if (o && (o.outcome === "admitted" || o.outcome === "rejected") && o.versionId) {
          recorded.push({ request, info: { executionId: request.id, versionId: o.versionId, admitted: o.outcome === "admitted" } });
        }
      }
      const auditRows = recorded.flatMap(({ request, info }) => (request.audit ? [auditRowFor(request.audit, info)] : []));
      if (auditRows.length > 0) await trx.insertInto("audit_log").values(auditRows).execute();
      for (const { request, info } of recorded) if (request.onAdmission) await request.onAdmission(trx, info);
      return outcomes;
    });
  }
}

/**
 * bos_admit_executions and, in the same statement (so in its transaction, after its set_config of the tenant
 * for row-level security), the audit rows of the requests it recorded: $4 is a JSON array of audit rows,
 * each with `idx`, the request's place in $3.
 */
const admitAudited = (from: string) => `
  WITH adm AS MATERIALIZED (SELECT * FROM bos_admit_executions($1::uuid, $2, $3::jsonb)),
  logged AS (
    INSERT INTO audit_log (tenant_id, actor_id, actor_kind, action, target_kind, target_id, details)
    SELECT a.tenant_id, a.actor_id, a.actor_kind, a.action, a.target_kind, a.target_id,
           COALESCE(a.details, '{}'::jsonb) || jsonb_build_object('versionId', adm.r_version, 'admitted', adm.r_outcome = 'admitted')
    FROM jsonb_to_recordset($4::jsonb) AS a(idx integer, tenant_id uuid, actor_id uuid, actor_kind text, action text, target_kind text, target_id text, details jsonb)
    JOIN adm ON adm.r_idx = a.idx
    WHERE adm.r_outcome IN ('admitted', 'rejected') AND adm.r_version IS NOT NULL
  )
  SELECT adm.* FROM ${from}`;
const ADMIT_AUDITED = admitAudited("adm");

/**
 * The same statements committing with synchronous_commit off: set_config(..., true) lasts until the end of
 * the statement's own (implicit) transaction, so its commit returns without waiting for the WAL flush
 * (0.3-0.4 ms less per admission at one connection here). The commit is still durable once any later commit on the server
 * is flushed: Postgres flushes its WAL in order, and the worker's commits of the run are flushed.
 */
const SYNC_OFF = "set_config('synchronous_commit', 'off', true)";
const ADMIT_DEFERRED = `SELECT adm.* FROM ${SYNC_OFF} AS _sync, bos_admit_executions($1::uuid, $2, $3::jsonb) AS adm`;
const ADMIT_AUDITED_DEFERRED = admitAudited(`${SYNC_OFF} AS _sync, adm`);

/** A row of bos_admit_executions. */
interface AdmissionRow {
  r_idx: number;
  r_outcome: AdmissionOutcome["outcome"];
  r_version: string | null;
  r_quota: string | null;
  r_limit: string | null;
  r_used: string | null;
}

const batchers = new WeakMap<Kysely<Database>, AdmissionBatcher>();

/** The batcher of a database handle (one per process and pool). */
export function admissionBatcherFor(db: Kysely<Database>): AdmissionBatcher {
  let batcher = batchers.get(db);
  if (!batcher) {
    batcher = new AdmissionBatcher(db);
    batchers.set(db, batcher);
  }
  return batcher;
}
