import { Queue } from "bullmq";
import type { Redis } from "ioredis";

/** The queue that carries one job per execution (job id = execution id; see issue 5). */
export const EXECUTIONS_QUEUE = "executions";

/**
 * The worker's handle on the executions queue. Processing arrives with durable execution (issue 5); for now
 * the worker connects, reports the queue's depth in /metrics and checks it in /readyz.
 */
export function openExecutionsQueue(connection: Redis, prefix: string): Queue {
  return new Queue(EXECUTIONS_QUEUE, { connection, prefix });
}

/** Job counts by state, for /metrics. */
export async function queueDepth(queue: Queue): Promise<Record<string, number>> {
  return queue.getJobCounts("waiting", "active", "delayed", "prioritized", "waiting-children", "completed", "failed", "paused");
}
