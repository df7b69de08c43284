import { randomUUID } from "node:crypto";
import { type Database, type ExecutionMode, type Kysely, withTenant } from "@bos/db";
import type { RunHooks } from "@bos/engine";
import { StepRecorder } from "@bos/executions";
import type { Item } from "@bos/node-sdk";

const OWNER = "workflow-api";

export interface RecordedExecutionRequest {
  tenantId: string;
  workflowId: string;
  versionId: string;
  mode: ExecutionMode;
  /** `dry-run`, `debug`, `partial`: what started it. */
  triggerKind: string;
  triggerPayload?: unknown;
  input: Item[];
  createdBy: string | null;
}

/**
 * An execution the API runs itself (in-process engine) and records like the worker does: a row in
 * `executions` (lease token 0) and the node runs in `execution_steps`, committed through a fenced
 * StepRecorder, so `GET /executions/{id}` shows it like any other. The row starts `waiting` (no deadline)
 * rather than `running`: the worker never runs it. If the API process dies mid-run, the execution stays
 * waiting at its last commit (a debug session can go on from there; others can be canceled).
 */
export async function createRecordedExecution(db: Kysely<Database>, request: RecordedExecutionRequest): Promise<{ executionId: string; recorder: StepRecorder }> {
  const executionId = randomUUID();
  await withTenant(db, request.tenantId, (trx) =>
    trx
      .insertInto("executions")
      .values({
        id: executionId,
        tenant_id: request.tenantId,
        workflow_id: request.workflowId,
        version_id: request.versionId,
        mode: request.mode,
        trigger_kind: request.triggerKind,
        trigger_payload: request.triggerPayload === undefined ? null : JSON.stringify(request.triggerPayload),
        // Waiting without a deadline: the reconciler and the worker leave it alone, so a run the API started
        // (a partial run, a debug leg) is never taken over and run whole by the worker if the API dies mid-run.
        status: "waiting",
        input: JSON.stringify(request.input),
        created_by: request.createdBy,
        retry_of: null,
        started_at: new Date(),
        finished_at: null,
        wait_until: null,
        error: null,
        lease_owner: OWNER,
        run_state: null,
        resume_payload: null,
      })
      .execute(),
  );
  return { executionId, recorder: recorderFor(db, request.tenantId, executionId, "0") };
}

/** A fenced recorder for an execution whose lease token was read as `leaseToken`. */
export function recorderFor(db: Kysely<Database>, tenantId: string, executionId: string, leaseToken: string): StepRecorder {
  return new StepRecorder({ db, tenantId, executionId, leaseToken, workerId: OWNER });
}

/** Hooks that buffer every node run as a step (committed with the recorder's next commit). */
export function recordingHooks(recorder: StepRecorder): RunHooks {
  return { afterNodeRun: (event) => recorder.addStep(event.node.name, event.runIndex, event.task) };
}
