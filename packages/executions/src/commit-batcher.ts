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
  commit: ExecutionCommit;
  resolve(result: CommitResult | undefined): void;
  reject(error: unknown): void;
}

const MAX_BATCH = 128;

/**
 * Group commit across the executions a worker runs at once: while one statement is in flight, the commits
 * that arrive wait and go together as the next one (bos_commit_executions), so N concurrent runs cost one
 * Postgres transaction and one WAL flush instead of N. A lone commit goes at once (no added latency). Each
 * item is fenced by its own lease token. If a batch fails as a whole (a constraint, a dropped connection),
 * its commits are retried one by one, so one bad commit never fails another.
 */
export class CommitBatcher {
  private queue: Pending[] = [];
  private busy = false;
  /** Postgres statements (transactions) sent. */
  transactions = 0;

  constructor(private readonly db: Kysely<Database>) {}

  commit(commit: ExecutionCommit): Promise<CommitResult | undefined> {
    return new Promise((resolve, reject) => {
      this.queue.push({ commit, resolve, reject });
      if (!this.busy) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.busy = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          const results = await this.run(batch.map((p) => p.commit));
          batch.forEach((p, i) => p.resolve(results[i]));
        } catch (error) {
          if (batch.length === 1) {
            batch[0]?.reject(error);
            continue;
          }
          for (const p of batch) {
            try {
              p.resolve((await this.run([p.commit]))[0]);
            } catch (single) {
              p.reject(single);
            }
          }
        }
      }
    } finally {
      this.busy = false;
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
