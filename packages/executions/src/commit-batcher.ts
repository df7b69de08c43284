import { type Database, type Kysely, queryPrepared } from "@bos/db";
import { StatementBatcher } from "./statement-batcher";

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

/**
 * Group commit across the executions a worker runs at once (bos_commit_executions; see StatementBatcher):
 * N concurrent runs cost a few Postgres transactions and WAL flushes instead of N. Each item is fenced by
 * its own lease token, and a failed batch is retried one by one, so one bad commit never fails another.
 */
export class CommitBatcher {
  private readonly batcher: StatementBatcher<ExecutionCommit, CommitResult | undefined>;

  /** @param concurrency statements in flight at once (default 4). */
  constructor(
    private readonly db: Kysely<Database>,
    concurrency = 4,
  ) {
    this.batcher = new StatementBatcher((commits) => this.run(commits), concurrency);
  }

  /** Postgres statements (transactions) sent. */
  get transactions(): number {
    return this.batcher.statements;
  }

  commit(commit: ExecutionCommit): Promise<CommitResult | undefined> {
    return this.batcher.submit(commit);
  }

  private async run(commits: ExecutionCommit[]): Promise<Array<CommitResult | undefined>> {
    const rows = await queryPrepared<{ r_idx: number; r_token: string | null; r_dead_letter: string | null }>(
      this.db,
      "bos_commit_executions",
      "SELECT * FROM bos_commit_executions($1::jsonb)",
      [JSON.stringify(commits)],
    );
    const out: Array<CommitResult | undefined> = new Array(commits.length).fill(undefined);
    for (const r of rows) {
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
