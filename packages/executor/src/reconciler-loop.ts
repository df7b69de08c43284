import { type ExecutionServiceDeps, type Notifier, reconcileExecutions } from "@bos/executions";
import type { Logger } from "pino";
import type { WorkerMetrics } from "./worker-metrics";

export interface ReconcilerLoopOptions {
  /** Pause between rounds, ms. */
  intervalMs: number;
  /** Executions untouched for less than this are left alone, ms. */
  minAgeMs: number;
}

/**
 * Runs the reconciler every `intervalMs` (first round right away). Rounds never overlap in one process;
 * across processes the advisory lock inside reconcileExecutions lets one of them work.
 */
export function startReconcilerLoop(deps: Pick<ExecutionServiceDeps, "db" | "queue"> & { notifier?: Notifier }, log: Logger, metrics: WorkerMetrics, options: ReconcilerLoopOptions): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> | undefined;
  const round = async () => {
    try {
      const result = await reconcileExecutions({ ...deps, log }, { minAgeMs: options.minAgeMs });
      metrics.requeuedByReconciler += result.requeued.length;
    } catch (error) {
      // Postgres or Redis unreachable: the next round tries again.
      log.warn({ err: error }, "reconciler round failed");
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      current = round().finally(schedule);
    }, options.intervalMs);
    timer.unref();
  };
  current = round().finally(schedule);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
