import { type Database, type ExecutionMode, type ExecutionStatus, type Kysely, type Transaction, withTenant } from "@bos/db";
import type { RunState, TaskData } from "@bos/engine";
import type { Item } from "@bos/node-sdk";
import { sql } from "kysely";
import { InvalidDefinitionError, LeaseLostError } from "./errors";
import { commitBatcherFor, type ExecutionCommit } from "./commit-batcher";
import { loadRunData } from "./get-execution";
import { type ExecutionLoadRow, loadBatcherFor } from "./load-batcher";

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
  /**
   * A synchronous webhook waits for this run (`trigger_payload.respond`, set by the trigger gateway): the
   * worker puts the reply of that response mode on the finished/waiting event.
   */
  webhookReply?: "responseNode" | "lastNode";
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


/**
 * Reads the execution and (unless cached) its version's definition in one round trip (bos_load_execution[s],
 * migration 0002, batched with concurrent loads by LoadBatcher); for a resume, also the recorded steps, which rebuild the checkpoint's runData.
 */
export async function loadExecutionForRun(db: Kysely<Database>, tenantId: string, executionId: string, cache?: DefinitionCache): Promise<ExecutionForRun | undefined> {
  // Without a cache every load brings the definition; with one, only the first load of a version does.
  let row = await loadBatcherFor(db).load(tenantId, executionId, cache === undefined);
  if (row && cache && cache.get(row.version_id) === undefined) {
    row = (await sql<ExecutionLoadRow>`SELECT * FROM bos_load_execution(${tenantId}::uuid, ${executionId}::uuid, true)`.execute(db)).rows[0];
  }
  if (!row) return undefined;
  let definition = cache?.get(row.version_id);
  if (definition === undefined) {
    definition = row.definition;
    if (definition === null || definition === undefined) throw new InvalidDefinitionError(row.version_id, "the version row is missing");
    cache?.set(row.version_id, definition);
  }
  const result: ExecutionForRun = {
    id: row.id,
    tenantId,
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
  applyTriggerPayload(result, row.trigger_payload);
  if (row.run_state) {
    const { runData } = await withTenant(db, tenantId, (trx) => loadRunData(trx, tenantId, executionId));
    result.resumeState = { ...(row.run_state as RunState), runData };
  }
  const payload = (row.resume_payload as { items?: Item[] | null } | null)?.items;
  if (payload) result.resumePayload = payload;
  return result;
}

/** What admission committed for a run, as the execution job carries it (executionJob's `admitted`). */
export interface AdmittedExecution {
  workflowId: string;
  versionId: string;
  mode: ExecutionMode;
  input: unknown[];
  triggerPayload?: unknown;
}

/**
 * The execution as admission committed it (status queued, lease token 0, no checkpoint), built from the job
 * instead of read from Postgres; undefined when the version's definition is not cached (then load it). Only
 * for a job's first start: a stale snapshot (the run was canceled, or another worker claimed it) writes
 * nothing, because the first commit is fenced by lease token 0 and fails with LeaseLostError.
 */
export function admittedExecutionForRun(tenantId: string, executionId: string, admitted: AdmittedExecution, cache: DefinitionCache): ExecutionForRun | undefined {
  const definition = cache.get(admitted.versionId);
  if (definition === undefined) return undefined;
  const result: ExecutionForRun = {
    id: executionId,
    tenantId,
    workflowId: admitted.workflowId,
    versionId: admitted.versionId,
    mode: admitted.mode,
    status: "queued",
    // bos_admit_executions inserts the row with the column default.
    leaseToken: "0",
    input: admitted.input.length > 0 ? (admitted.input as Item[]) : [{ json: {} }],
    waitUntil: null,
    resumed: false,
    definition,
  };
  applyTriggerPayload(result, admitted.triggerPayload);
  return result;
}

/** `trigger_payload.node` (the start node) and `.respond` (a synchronous webhook's reply mode), set by the trigger gateway. */
function applyTriggerPayload(result: ExecutionForRun, payload: unknown): void {
  const trigger = payload as { node?: unknown; respond?: unknown } | null | undefined;
  if (typeof trigger?.node === "string" && trigger.node !== "") result.startNode = trigger.node;
  if (trigger?.respond === "responseNode" || trigger?.respond === "lastNode") result.webhookReply = trigger.respond;
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
  /** Record a dead letter in the same commit (reason, error and the run's input). */
  deadLetter?: { reason: string; error?: unknown; input?: unknown };
}

/**
 * Group commit of node runs with fencing. Steps are buffered as nodes finish and written together:
 * before a node with side effects (`checkpoint`), when the run suspends (`suspend`) and with the final
 * status (`finish`). Every commit goes through bos_commit_execution (migration 0002; batched with other
 * runs' commits by CommitBatcher), whose UPDATE is `... SET lease_token = lease_token + 1 WHERE
 * lease_token = <ours>`: when another worker (a re-delivery after a stall) or a cancel moved the token on,
 * nothing is written and LeaseLostError is thrown. The first commit of a job is its claim, so a pure run
 * costs one commit.
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
    await this.commit({ status: "running", finished: false, runState: state, waitUntil: null });
  }

  /** Commits buffered steps and the suspension (status waiting). */
  async suspend(state: RunState, waitUntil: Date | null): Promise<void> {
    await this.commit({ status: "waiting", finished: false, runState: state, waitUntil });
  }

  /** The final commit: remaining steps, status, error, (for failures) the state, and the dead letter. Returns the dead letter's id. */
  async finish(options: FinishOptions): Promise<string | undefined> {
    return this.commit({ status: options.status, finished: true, error: options.error, runState: options.state, waitUntil: null, deadLetter: options.deadLetter });
  }

  private async commit(c: { status: string; finished: boolean; error?: unknown; runState?: RunState; waitUntil: Date | null; deadLetter?: FinishOptions["deadLetter"] }): Promise<string | undefined> {
    const { db, tenantId, executionId, workerId } = this.options;
    const steps = this.buffer;
    const commit: ExecutionCommit = { tenant: tenantId, id: executionId, token: this.token, owner: workerId, status: c.status, finished: c.finished };
    if (c.error !== undefined && c.error !== null) commit.error = c.error;
    if (c.runState) commit.run_state = checkpointOf(c.runState);
    if (c.waitUntil) commit.wait_until = c.waitUntil.toISOString();
    if (steps.length > 0) commit.steps = steps.map(stepRow);
    if (c.deadLetter) commit.dead_letter = c.deadLetter;
    // Concurrent runs' commits share one statement and one transaction (CommitBatcher).
    const result = await commitBatcherFor(db).commit(commit);
    if (!result) throw new LeaseLostError(executionId, this.token);
    this.token = result.leaseToken;
    this.buffer = [];
    this.commits++;
    this.options.onCommit?.();
    return result.deadLetterId;
  }
}

function stepRow(step: PendingStep) {
  const { task } = step;
  const metadata = task.metadata;
  const output = task.data || metadata !== undefined ? { ...(task.data ? { main: task.data.main } : {}), ...(metadata !== undefined ? { metadata } : {}) } : null;
  return {
    node_name: step.node,
    run_index: step.runIndex,
    status: task.executionStatus === "success" ? "succeeded" : "failed",
    input_source: task.source ?? [],
    output,
    error: task.error ?? null,
    started_at: new Date(task.startTime).toISOString(),
    finished_at: new Date(task.startTime + task.executionTime).toISOString(),
    execution_index: task.executionIndex,
  };
}
