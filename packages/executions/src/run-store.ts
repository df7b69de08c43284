import { type Database, type ExecutionMode, type ExecutionStatus, type Kysely, type Transaction, withTenant } from "@bos/db";
import type { RunState, TaskData } from "@bos/engine";
import type { Item } from "@bos/node-sdk";
import { sql } from "kysely";
import { InvalidDefinitionError, LeaseLostError } from "./errors";
import { loadRunData } from "./get-execution";

/** What the worker needs to run (or resume) one execution. */
export interface ExecutionForRun {
  id: string;
  tenantId: string;
  workflowId: string;
  versionId: string;
  mode: ExecutionMode;
  status: ExecutionStatus;
  /** The fencing token as read; the first commit must still see it. */
  leaseToken: string;
  input: Item[];
  waitUntil: Date | null;
  /** The resume point (checkpoint with runData rebuilt from steps), when one was committed. */
  resumeState?: RunState;
  /** A waiting execution was resumed (webhook, form, API): it runs now, with `resumePayload` as the Wait node's output when given. */
  resumed: boolean;
  resumePayload?: Item[];
  definition: unknown;
  /** The trigger node the run starts from (`trigger_payload.node`, set by the trigger gateway); default: the engine's choice. */
  startNode?: string;
}

/** Immutable version definitions, cached by version id (bounded). */
export class DefinitionCache {
  private readonly map = new Map<string, unknown>();
  constructor(private readonly max = 500) {}
  get(id: string): unknown {
    return this.map.get(id);
  }
  set(id: string, definition: unknown): void {
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value as string);
    this.map.set(id, definition);
  }
}

/** Reads the execution, its version's definition and, for a resume, the checkpoint and recorded steps. */
export async function loadExecutionForRun(db: Kysely<Database>, tenantId: string, executionId: string, cache?: DefinitionCache): Promise<ExecutionForRun | undefined> {
  return withTenant(db, tenantId, async (trx) => {
    const row = await trx
      .selectFrom("executions")
      .select(["id", "tenant_id", "workflow_id", "version_id", "mode", "status", "lease_token", "input", "wait_until", "run_state", "resume_payload", "trigger_payload"])
      .where("tenant_id", "=", tenantId)
      .where("id", "=", executionId)
      .executeTakeFirst();
    if (!row) return undefined;
    let definition = cache?.get(row.version_id);
    if (definition === undefined) {
      const version = await trx.selectFrom("workflow_versions").select("definition").where("tenant_id", "=", tenantId).where("id", "=", row.version_id).executeTakeFirst();
      if (!version) throw new InvalidDefinitionError(row.version_id, "the version row is missing");
      definition = version.definition;
      cache?.set(row.version_id, definition);
    }
    const result: ExecutionForRun = {
      id: row.id,
      tenantId: row.tenant_id,
      workflowId: row.workflow_id,
      versionId: row.version_id,
      mode: row.mode,
      status: row.status,
      leaseToken: String(row.lease_token),
      input: (row.input as Item[] | null) ?? [{ json: {} }],
      waitUntil: row.wait_until,
      resumed: row.resume_payload !== null && row.resume_payload !== undefined,
      definition,
    };
    const startNode = (row.trigger_payload as { node?: unknown } | null)?.node;
    if (typeof startNode === "string" && startNode !== "") result.startNode = startNode;
    if (row.run_state) {
      const { runData } = await loadRunData(trx, tenantId, executionId);
      result.resumeState = { ...(row.run_state as RunState), runData };
    }
    const payload = (row.resume_payload as { items?: Item[] | null } | null)?.items;
    if (payload) result.resumePayload = payload;
    return result;
  });
}

/** The checkpoint as stored: the run state without its runData (execution_steps holds that). */
export function checkpointOf(state: RunState): Omit<RunState, "runData"> & { runData: Record<string, never> } {
  return { ...state, runData: {} };
}

interface PendingStep {
  node: string;
  runIndex: number;
  task: TaskData;
}

export interface StepRecorderOptions {
  db: Kysely<Database>;
  tenantId: string;
  executionId: string;
  /** The fencing token read when the job started. */
  leaseToken: string;
  /** Shown in executions.lease_owner (host:pid). */
  workerId: string;
  /** Called after each commit (metrics). */
  onCommit?: () => void;
}

export type FinalStatus = "succeeded" | "failed" | "canceled";

export interface FinishOptions {
  status: FinalStatus;
  error?: unknown;
  /** Kept for a retry from the failed node (failed runs). */
  state?: RunState;
  /** Extra writes in the same commit (the dead letter). */
  extra?: (trx: Transaction<Database>) => Promise<void>;
}

/**
 * Group commit of node runs with fencing. Steps are buffered as nodes finish and written together:
 * before a node with side effects (`checkpoint`), when the run suspends (`suspend`) and with the final
 * status (`finish`). Every commit is one transaction whose first statement is
 * `UPDATE executions ... SET lease_token = lease_token + 1 WHERE lease_token = <ours>`: when another worker
 * (a re-delivery after a stall) or a cancel moved the token on, nothing is written and LeaseLostError is
 * thrown. The first commit of a job is its claim, so a pure run costs a single commit.
 */
export class StepRecorder {
  private buffer: PendingStep[] = [];
  private token: string;
  /** Commits made by this recorder. */
  commits = 0;

  constructor(private readonly options: StepRecorderOptions) {
    this.token = options.leaseToken;
  }

  get pendingSteps(): number {
    return this.buffer.length;
  }

  get claimed(): boolean {
    return this.commits > 0;
  }

  addStep(node: string, runIndex: number, task: TaskData): void {
    this.buffer.push({ node, runIndex, task });
  }

  /** Commits buffered steps and the resume point (status running). Call before a node with side effects. */
  async checkpoint(state: RunState): Promise<void> {
    await this.commit({ status: "running", run_state: JSON.stringify(checkpointOf(state)), wait_until: null, resume_payload: null });
  }

  /** Commits buffered steps and the suspension (status waiting). */
  async suspend(state: RunState, waitUntil: Date | null): Promise<void> {
    await this.commit({ status: "waiting", run_state: JSON.stringify(checkpointOf(state)), wait_until: waitUntil, resume_payload: null });
  }

  /** The final commit: remaining steps, status, error, (for failures) the state, and `extra` writes. */
  async finish(options: FinishOptions): Promise<void> {
    await this.commit(
      {
        status: options.status,
        finished_at: sql<Date>`now()`,
        error: options.error === undefined ? null : JSON.stringify(options.error),
        run_state: options.state ? JSON.stringify(checkpointOf(options.state)) : null,
        wait_until: null,
        resume_payload: null,
      },
      options.extra,
    );
  }

  private async commit(set: Record<string, unknown>, extra?: (trx: Transaction<Database>) => Promise<void>): Promise<void> {
    const { db, tenantId, executionId, workerId } = this.options;
    const steps = this.buffer;
    const newToken = await withTenant(db, tenantId, async (trx) => {
      const updated = await trx
        .updateTable("executions")
        .set({
          ...(set as object),
          lease_token: sql<string>`lease_token + 1`,
          lease_owner: workerId,
          started_at: sql<Date>`COALESCE(started_at, now())`,
          updated_at: sql<Date>`now()`,
        })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", executionId)
        .where("lease_token", "=", this.token)
        .where("status", "in", ["queued", "running", "waiting"])
        .returning("lease_token")
        .executeTakeFirst();
      if (!updated) throw new LeaseLostError(executionId, this.token);
      if (steps.length > 0) {
        await trx
          .insertInto("execution_steps")
          .values(steps.map((s) => stepRow(tenantId, executionId, s)))
          .execute();
      }
      if (extra) await extra(trx);
      return String(updated.lease_token);
    });
    this.token = newToken;
    this.buffer = [];
    this.commits++;
    this.options.onCommit?.();
  }
}

function stepRow(tenantId: string, executionId: string, step: PendingStep) {
  const { task } = step;
  const metadata = task.metadata;
  const output = task.data || metadata !== undefined ? { ...(task.data ? { main: task.data.main } : {}), ...(metadata !== undefined ? { metadata } : {}) } : null;
  return {
    tenant_id: tenantId,
    execution_id: executionId,
    node_name: step.node,
    run_index: step.runIndex,
    status: task.executionStatus === "success" ? ("succeeded" as const) : ("failed" as const),
    input_source: JSON.stringify(task.source ?? []),
    output: output ? JSON.stringify(output) : null,
    error: task.error ? JSON.stringify(task.error) : null,
    started_at: new Date(task.startTime),
    finished_at: new Date(task.startTime + task.executionTime),
    execution_index: task.executionIndex,
  };
}
