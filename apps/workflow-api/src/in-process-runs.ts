import { type RunData, type RunHooks, type RunResult, type SimulatedEffect } from "@bos/engine";
import { type StepRecorder, getExecution, normalizeInputItems } from "@bos/executions";
import type { Item } from "@bos/node-sdk";
import type { WorkflowDocument } from "@bos/workflow-schema";
import { z } from "zod";
import type { RunOutcomeSchema } from "./api-schemas";
import { type AuthContext, actorIdOf } from "./auth.plugin";
import { linksOf, toExecutionView } from "./execution-views";
import { createRecordedExecution, recordingHooks } from "./in-process-execution";
import { asServiceError, RunDataNotFoundError } from "./in-process-errors";
import type { RouteDeps } from "./route-deps";

/** The draft a run uses: its version id and definition. */
export interface DraftToRun {
  id: string;
  definition: unknown;
}

/** Body fields of `POST /workflows/{id}/test` that make it a partial run. */
export const PartialRunFields = {
  from: z.string().min(1).max(200).optional().describe("run this node and what follows it, on earlier run data for its parents (runData, executionId or pinned data)"),
  to: z.string().min(1).max(200).optional().describe("run only this node and its ancestors"),
  runData: z.record(z.string(), z.array(z.unknown())).optional().describe("earlier n8n-shaped run data for `from`'s parents"),
  executionId: z.string().max(100).optional().describe("take the earlier run data from this execution of the tenant"),
};

/** What a dry run answers beside validation: the run and every simulated effect. */
export const DryRunFields = {
  executionId: z.string().optional().describe("the recorded dry-run execution (GET /executions/{id})"),
  run: z
    .object({ status: z.string(), lastNodeExecuted: z.string().optional(), error: z.unknown().optional(), runData: z.record(z.string(), z.array(z.unknown())) })
    .optional(),
  simulatedEffects: z
    .array(z.object({ executionId: z.string(), node: z.string(), nodeType: z.string(), runIndex: z.number(), itemIndex: z.number(), kind: z.string(), details: z.record(z.string(), z.unknown()) }))
    .optional()
    .describe("what the nodes with side effects would have sent (HTTP method, URL, headers minus secrets, body; events)"),
};

type RunOutcome = z.input<typeof RunOutcomeSchema>;

const FINAL: Record<RunResult["status"], "succeeded" | "failed" | "canceled" | undefined> = { success: "succeeded", error: "failed", canceled: "canceled", waiting: undefined };

/** Commits the run's end: a waiting run as a waiting execution (resumable), else its final status. */
async function record(recorder: StepRecorder, result: RunResult): Promise<void> {
  const status = FINAL[result.status];
  if (status === undefined) {
    const wait = result.wait;
    await recorder.suspend(result.state, wait && "until" in wait && wait.until ? wait.until : null);
    return;
  }
  await recorder.finish({ status, ...(result.error ? { error: result.error } : {}), ...(status === "failed" ? { state: result.state } : {}) });
}

/** Runs in-process, recorded as an execution; an engine refusal fails the execution and answers 422. */
async function runRecorded(
  deps: RouteDeps,
  caller: AuthContext,
  workflowId: string,
  draft: DraftToRun,
  kind: { mode: "test" | "dry-run"; trigger: string; payload?: unknown },
  input: Item[],
  run: (executionId: string, hooks: RunHooks, signal: AbortSignal) => Promise<RunResult>,
) {
  const { executionId, recorder } = await createRecordedExecution(deps.db, {
    tenantId: caller.tenantId,
    workflowId,
    versionId: draft.id,
    mode: kind.mode,
    triggerKind: kind.trigger,
    triggerPayload: kind.payload,
    input,
    createdBy: actorIdOf(caller),
  });
  let result: RunResult;
  try {
    // The request waits for the run: one that outlives the run wait is canceled (WF_ENGINE_CANCELED).
    result = await run(executionId, recordingHooks(recorder), AbortSignal.timeout(deps.runWaitMs));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await recorder.finish({ status: "failed", error: { message, ...(error instanceof Error && "code" in error ? { code: String(error.code) } : {}) } }).catch(() => undefined);
    throw asServiceError(error);
  }
  await record(recorder, result);
  return { executionId, result };
}

/**
 * `POST /workflows/{id}/dry-run`: the draft runs in this process as a dry run (nodes with side effects are
 * simulated, so nothing can leave the process), recorded as an execution of mode dry-run.
 */
export async function runDryRun(deps: RouteDeps, caller: AuthContext, workflowId: string, draft: DraftToRun, rawInput: unknown) {
  const doc = { ...(draft.definition as WorkflowDocument), id: workflowId };
  const input = normalizeInputItems(rawInput);
  const engine = deps.inProcess.engineFor(caller.tenantId);
  const { executionId, result } = await runRecorded(deps, caller, workflowId, draft, { mode: "dry-run", trigger: "dry-run" }, input, (id, hooks, signal) =>
    engine.run(doc, { mode: "dry-run", executionId: id, triggerItems: input, hooks, signal, tenantId: caller.tenantId }),
  );
  const effects: SimulatedEffect[] = result.simulatedEffects ?? [];
  return {
    executionId,
    run: { status: result.status, ...(result.lastNodeExecuted ? { lastNodeExecuted: result.lastNodeExecuted } : {}), ...(result.error ? { error: result.error } : {}), runData: result.runData },
    simulatedEffects: effects,
  };
}

export interface PartialRunRequest {
  from?: string;
  to?: string;
  runData?: Record<string, unknown[]>;
  executionId?: string;
  input?: unknown;
}

/**
 * `POST /workflows/{id}/test` with `from` / `to`: a partial run of the draft in this process (n8n's
 * "execute from / up to this node"), with the parents' run data from the body, an earlier execution or
 * pinned data; recorded as a test execution and answered like a finished test run.
 */
export async function runPartialTest(deps: RouteDeps, caller: AuthContext, workflowId: string, draft: DraftToRun, request: PartialRunRequest): Promise<RunOutcome> {
  let runData = request.runData as RunData | undefined;
  if (!runData && request.executionId && request.from) {
    const earlier = await getExecution(deps.db, caller.tenantId, request.executionId, { includeRunData: true });
    if (!earlier) throw new RunDataNotFoundError(request.executionId);
    runData = earlier.runData ?? {};
  }
  const doc = { ...(draft.definition as WorkflowDocument), id: workflowId };
  const input = normalizeInputItems(request.input);
  const engine = deps.inProcess.engineFor(caller.tenantId);
  const payload = { ...(request.from ? { from: request.from } : {}), ...(request.to ? { to: request.to } : {}), ...(request.executionId ? { runDataFrom: request.executionId } : {}) };
  const { executionId } = await runRecorded(deps, caller, workflowId, draft, { mode: "test", trigger: "partial", payload }, input, (id, hooks, signal) =>
    engine.runPartial(doc, { from: request.from, to: request.to, runData, mode: "manual", executionId: id, triggerItems: input, hooks, signal, tenantId: caller.tenantId }),
  );
  const detail = await getExecution(deps.db, caller.tenantId, executionId, { includeRunData: true });
  if (!detail) throw new RunDataNotFoundError(executionId);
  return { executionId, status: detail.status, done: detail.status !== "waiting", execution: toExecutionView(detail), links: linksOf(executionId) };
}
