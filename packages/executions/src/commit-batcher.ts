import type { Database, Kysely } from "@bos/db";
import { sql } from "kysely";

/** One fenced commit of one execution, as bos_commit_executions takes it (absent keys are SQL NULL). */
export interface ExecutionCommit {
  tenant: string;
  id: string;
  token: string;
  owner: string;
  status: string;
  finished: boolean;
  error?: unknown;
  run_state?: unknown;
  wait_until?: string;
  steps?: unknown[];
  dead_letter?: unknown;
}

/** The result of one commit: the new lease token, or undefined when the lease was lost (nothing written). */
export interface CommitResult {
  leaseToken: string;
  deadLetterId?: string;
}

interface Pending {
  request: ExecutionCommit;
  resolve(result: CommitResult | undefined): void;
  reject(error: unknown): void;
}

const MAX_BATCH = 128;

/**
 * Group commit across the executions a worker runs at once: while `concurrency` statements are in flight,
 * the commits that arrive wait and go together as the next one (bos_commit_executions), so N concurrent
 * runs cost a few Postgres transactions and WAL flushes instead of N. A lone commit goes at once (no added latency). Each
 * item is fenced by its own lease token. If a batch fails as a whole (a constraint, a dropped connection),
 * its commits are retried one by one, so one bad commit never fails another.
 */
export class CommitBatcher {
  private queue: Pending[] = [];
  private active = 0;
  /** Postgres statements (transactions) sent. */
  transactions = 0;

  /** @param concurrency statements in flight at once (default 4). */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly concurrency = 4,
  ) {}

  commit(commit: ExecutionCommit): Promise<CommitResult | undefined> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request: commit, resolve, reject });
      this.kick();
    });
  }

  /** Starts batches while fewer than `concurrency` are in flight (so Postgres still works on several at once). */
  private kick(): void {
    while (this.active < this.concurrency && this.queue.length > 0) {
      this.active++;
      const batch = this.queue.splice(0, MAX_BATCH);
      void this.send(batch).finally(() => {
        this.active--;
        this.kick();
      });
    }
  }

  private async send(batch: Pending[]): Promise<void> {
    try {
      const results = await this.run(batch.map((p) => p.request));
      batch.forEach((p, i) => p.resolve(results[i]));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      for (const p of batch) {
        try {
          p.resolve((await this.run([p.request]))[0]);
        } catch (single) {
          p.reject(single);
        }
      }
    }
  }

  private async run(commits: ExecutionCommit[]): Promise<Array<CommitResult | undefined>> {
    this.transactions++;
    const rows = await sql<{ r_idx: number; r_token: string | null; r_dead_letter: string | null }>`
      SELECT * FROM bos_commit_executions(${JSON.stringify(commits)}::jsonb)`.execute(this.db);
    const out: Array<CommitResult | undefined> = new Array(commits.length).fill(undefined);
    for (const r of rows.rows) {
      if (r.r_token !== null) out[r.r_idx] = { leaseToken: String(r.r_token), ...(r.r_dead_letter ? { deadLetterId: r.r_dead_letter } : {}) };
    }
    return out;
  }
}

const batchers = new WeakMap<Kysely<Database>, CommitBatcher>();

/** The commit batcher of a database handle (one per process and pool). */
export function commitBatcherFor(db: Kysely<Database>): CommitBatcher {
  let batcher = batchers.get(db);
  if (!batcher) {
    batcher = new CommitBatcher(db);
    batchers.set(db, batcher);
  }
  return batcher;
}
