import type { ExecutionStatus } from "@bos/db";
import type { ExecutionEvent } from "@bos/queue";
import type { ExecutionServiceDeps } from "./deps";
import { type ExecutionDetail, getExecution } from "./get-execution";

/** The outcome of waiting: the finished execution (with run data), or still running at the timeout. */
export type CompletionOutcome =
  | { done: true; status: ExecutionStatus; execution: ExecutionDetail }
  | { done: false; status: ExecutionStatus; executionId: string };

const FINISHED: ReadonlySet<ExecutionStatus> = new Set(["succeeded", "failed", "canceled"]);

export function isFinishedStatus(status: ExecutionStatus): boolean {
  return FINISHED.has(status);
}

/**
 * Waits until the execution finishes or `timeoutMs` passes, through the execution's Redis channel (no
 * polling). Subscribes first, then reads Postgres, so a run that finished in between is not missed. The
 * answer on timeout is `{ done: false, status }` ("still running": follow it with GET /executions/{id} or SSE).
 * A waiting execution (Wait node) counts as not done.
 */
export async function waitForCompletion(deps: ExecutionServiceDeps, tenantId: string, executionId: string, timeoutMs: number): Promise<CompletionOutcome> {
  const prepared = await waitForCompletion.prepare(deps, tenantId, executionId, timeoutMs);
  try {
    return await prepared.wait();
  } finally {
    await prepared.cancel();
  }
}

/** Subscribes now; `wait()` later reads Postgres and waits for the finished event. For callers that must subscribe before the run can start. */
waitForCompletion.prepare = async function prepare(deps: ExecutionServiceDeps, tenantId: string, executionId: string, timeoutMs: number) {
  const subscriber = deps.subscriber;
  if (!subscriber) throw new Error("waitForCompletion needs deps.subscriber (an ExecutionEventSubscriber)");
  let resolveFinished: (event: ExecutionEvent) => void = () => undefined;
  const finished = new Promise<ExecutionEvent>((resolve) => {
    resolveFinished = resolve;
  });
  const unsubscribe = await subscriber.subscribe(executionId, (event) => {
    if (event.type === "execution.finished") resolveFinished(event);
  });
  let timer: NodeJS.Timeout | undefined;
  return {
    async wait(): Promise<CompletionOutcome> {
      const current = await getExecution(deps.db, tenantId, executionId, { includeRunData: true });
      if (!current) return { done: false, status: "queued", executionId };
      if (isFinishedStatus(current.status)) return { done: true, status: current.status, execution: current };
      const timedOut = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), timeoutMs);
      });
      const outcome = await Promise.race([finished, timedOut]);
      const latest = await getExecution(deps.db, tenantId, executionId, { includeRunData: outcome !== "timeout" });
      if (!latest) return { done: false, status: current.status, executionId };
      if (isFinishedStatus(latest.status)) {
        const execution = latest.runData ? latest : ((await getExecution(deps.db, tenantId, executionId, { includeRunData: true })) ?? latest);
        return { done: true, status: latest.status, execution };
      }
      return { done: false, status: latest.status, executionId };
    },
    async cancel(): Promise<void> {
      if (timer) clearTimeout(timer);
      await unsubscribe();
    },
  };
};
