import type { MetricsRegistry } from "@bos/service-kit";

/**
 * Counters of the execution worker, exposed on /metrics. `bos_executor_pg_commits_total /
 * bos_executor_executions_finished_total` is the Postgres commits per finished execution (target <= 2 for a
 * pure workflow; a pure run makes exactly one: its claim and its result are the same commit).
 */
export class WorkerMetrics {
  commits = 0;
  jobsStarted = 0;
  /** Jobs started from the admission snapshot they carry, without reading the execution back. */
  loadsSkipped = 0;
  finished: Record<"succeeded" | "failed" | "canceled", number> = { succeeded: 0, failed: 0, canceled: 0 };
  suspended = 0;
  leaseLost = 0;
  duplicatesDropped = 0;
  infraErrors = 0;
  requeuedByReconciler = 0;
  /** The sandbox pool's counts (SandboxPool.stats), when the worker has one. */
  sandbox?: () => { ready: number; active: number; created: number; recycled: number; discarded: number; renewed: number };
  /** Postgres transactions the commits went out in (group commit: fewer than commits under load). */
  transactions: () => number = () => this.commits;

  get finishedTotal(): number {
    return this.finished.succeeded + this.finished.failed + this.finished.canceled;
  }

  register(registry: MetricsRegistry): void {
    const counter = (name: string, help: string, read: () => number) => registry.register({ name, help, collect: () => [{ value: read() }] });
    counter("bos_executor_pg_commits_total", "Postgres commits made by the worker for executions (group commits).", () => this.commits);
    counter("bos_executor_pg_transactions_total", "Postgres transactions carrying those commits (several runs' commits share one).", () => this.transactions());
    counter("bos_executor_jobs_started_total", "Execution jobs the worker started processing.", () => this.jobsStarted);
    counter("bos_executor_loads_skipped_total", "Jobs started from the admission snapshot on the job, without reading the execution.", () => this.loadsSkipped);
    registry.register({
      name: "bos_executor_executions_finished_total",
      help: "Executions the worker finished, by status.",
      collect: () => Object.entries(this.finished).map(([status, value]) => ({ labels: { status }, value })),
    });
    counter("bos_executor_commits_per_execution", "Commits per finished execution since start.", () => (this.finishedTotal === 0 ? 0 : this.commits / this.finishedTotal));
    counter("bos_executor_suspended_total", "Executions suspended on a long wait (worker freed).", () => this.suspended);
    counter("bos_executor_lease_lost_total", "Writes refused because another worker or a cancel held the lease.", () => this.leaseLost);
    counter("bos_executor_duplicate_jobs_total", "Jobs dropped because their execution had already finished.", () => this.duplicatesDropped);
    counter("bos_executor_infra_errors_total", "Jobs that failed on an infrastructure error (retried by BullMQ).", () => this.infraErrors);
    counter("bos_executor_reconciler_requeued_total", "Executions the reconciler enqueued again after Redis lost their job.", () => this.requeuedByReconciler);
    const sandbox = this.sandbox;
    if (sandbox) {
      counter("bos_sandbox_isolates_ready", "Isolates with a prepared context waiting in the pool.", () => sandbox().ready);
      counter("bos_sandbox_isolates_active", "Isolates serving an execution now.", () => sandbox().active);
      counter("bos_sandbox_isolates_created_total", "Isolates created (about 1.5 ms CPU each).", () => sandbox().created);
      counter("bos_sandbox_isolates_recycled_total", "Isolates that served an execution and got a fresh context for the next one.", () => sandbox().recycled);
      counter("bos_sandbox_isolates_discarded_total", "Isolates not reused after an execution (a limit hit, isolateReuse reached, too much heap).", () => sandbox().discarded);
      counter("bos_sandbox_isolates_renewed_total", "Idle isolates that had served executions, swapped for new ones.", () => sandbox().renewed);
    }
  }
}
