import { type Database, type ExecutionMode, type ExecutionStatus, type Kysely, queryPrepared } from "@bos/db";
import { StatementBatcher } from "./statement-batcher";

/** A row of bos_load_execution(s). */
export interface ExecutionLoadRow {
  id: string;
  workflow_id: string;
  version_id: string;
  mode: ExecutionMode;
  status: ExecutionStatus;
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

/**
 * Batched execution loads for the worker: job starts that arrive while a load is in flight go together in
 * the next statement (bos_load_executions); see StatementBatcher.
 */
export class LoadBatcher {
  private readonly batcher: StatementBatcher<LoadRequest, ExecutionLoadRow | undefined>;

  /** @param concurrency statements in flight at once (default 4). */
  constructor(
    private readonly db: Kysely<Database>,
    concurrency = 4,
  ) {
    this.batcher = new StatementBatcher((requests) => this.run(requests), concurrency);
  }

  load(tenantId: string, executionId: string, withDefinition: boolean): Promise<ExecutionLoadRow | undefined> {
    return this.batcher.submit({ tenant: tenantId, id: executionId, with_definition: withDefinition });
  }

  private async run(requests: LoadRequest[]): Promise<Array<ExecutionLoadRow | undefined>> {
    const rows = await queryPrepared<ExecutionLoadRow & { r_idx: number }>(this.db, "bos_load_executions", "SELECT * FROM bos_load_executions($1::jsonb)", [JSON.stringify(requests)]);
    const out: Array<ExecutionLoadRow | undefined> = new Array(requests.length).fill(undefined);
    for (const row of rows) out[row.r_idx] = row;
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
