import { EXECUTIONS_QUEUE, executionJob, openQueue } from "@bos/queue";
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";

export { EXECUTIONS_QUEUE };

/** The worker's handle on the executions queue, defined once in @bos/queue (job id = execution id). */
export function openExecutionsQueue(connection: Redis, prefix: string): Queue {
  return openQueue(executionJob, connection, prefix);
}

/** Job counts by state, for /metrics. */
export async function queueDepth(queue: Queue): Promise<Record<string, number>> {
  return queue.getJobCounts("waiting", "active", "delayed", "prioritized", "waiting-children", "completed", "failed", "paused");
}
