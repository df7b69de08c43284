import type { Database, Kysely } from "@bos/db";
import { sql } from "kysely";

/** A row of bos_load_execution(s). */
export interface ExecutionLoadRow {
  id: string;
  workflow_id: string;
  version_id: string;
  mode: string;
  status: string;
  lease_token: string;
  input: unknown;
  wait_until: Date | null;
  run_state: unknown;
  resume_payload: unknown;
  trigger_payload: unknown;
  definition: unknown;
}

interface LoadRequest {
  tenant: string;
  id: string;
  with_definition: boolean;
}

interface Pending {
  request: LoadRequest;
  resolve(row: ExecutionLoadRow | undefined): void;
  reject(error: unknown): void;
}

const MAX_BATCH = 128;

/**
 * Batched execution loads for the worker: job starts that arrive while a load is in flight go together in
 * the next statement (bos_load_executions). A lone load goes at once. A failed batch is retried one by one.
 */
export class LoadBatcher {
  private queue: Pending[] = [];
  private active = 0;

  /** @param concurrency statements in flight at once (default 4). */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly concurrency = 4,
  ) {}

  load(tenantId: string, executionId: string, withDefinition: boolean): Promise<ExecutionLoadRow | undefined> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request: { tenant: tenantId, id: executionId, with_definition: withDefinition }, resolve, reject });
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

  private async run(requests: LoadRequest[]): Promise<Array<ExecutionLoadRow | undefined>> {
    const result = await sql<ExecutionLoadRow & { r_idx: number }>`SELECT * FROM bos_load_executions(${JSON.stringify(requests)}::jsonb)`.execute(this.db);
    const out: Array<ExecutionLoadRow | undefined> = new Array(requests.length).fill(undefined);
    for (const row of result.rows) out[row.r_idx] = row;
    return out;
  }
}

const batchers = new WeakMap<Kysely<Database>, LoadBatcher>();

export function loadBatcherFor(db: Kysely<Database>): LoadBatcher {
  let batcher = batchers.get(db);
  if (!batcher) {
    batcher = new LoadBatcher(db);
    batchers.set(db, batcher);
  }
  return batcher;
}
