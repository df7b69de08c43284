import type { CompletionOutcome, ExecutionDetail, StartedExecution } from "@bos/executions";
import type { ExecutionProgress } from "@bos/queue";
import type { z } from "zod";
import type { ExecutionViewSchema, RunOutcomeSchema } from "./api-schemas";

type ExecutionView = z.input<typeof ExecutionViewSchema>;
type RunOutcome = z.input<typeof RunOutcomeSchema>;

/** An execution as the API shows it (no tenant id; duration computed). */
export function toExecutionView(detail: ExecutionDetail, progress?: ExecutionProgress): ExecutionView {
  const { tenantId: _tenantId, ...rest } = detail;
  const durationMs = detail.startedAt && detail.finishedAt ? Date.parse(detail.finishedAt) - Date.parse(detail.startedAt) : null;
  return { ...rest, durationMs, ...(progress ? { progress } : {}) };
}

export function linksOf(executionId: string): RunOutcome["links"] {
  return { execution: `/executions/${executionId}`, events: `/executions/${executionId}/events` };
}

/**
 * The answer to a run request: 200 with the execution when it finished within the wait, else 202 with the
 * id and links to follow it.
 */
export function runOutcome(started: StartedExecution): { status: 200 | 202; body: RunOutcome } {
  const completion: CompletionOutcome | undefined = started.completion;
  if (completion?.done) {
    return {
      status: 200,
      body: { executionId: started.executionId, status: completion.status, done: true, execution: toExecutionView(completion.execution), links: linksOf(started.executionId) },
    };
  }
  return { status: 202, body: { executionId: started.executionId, status: completion?.status ?? started.status, done: false, links: linksOf(started.executionId) } };
}
