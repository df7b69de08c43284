import type { RunData } from "@bos/engine";

/**
 * How many platform events the run's node runs recorded (`metadata.events`, Publish Event's outbox), resumed
 * parts included. The finished event carries it so the gateway's bus bridge reads the steps back only when
 * there is something to publish.
 *
 * @example
 * countRecordedEvents(result.runData); // 0 for a run without Publish Event nodes
 */
export function countRecordedEvents(runData: RunData): number {
  let count = 0;
  for (const runs of Object.values(runData)) for (const task of runs) count += task?.metadata?.events?.length ?? 0;
  return count;
}
