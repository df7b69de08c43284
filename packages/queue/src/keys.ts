/**
 * Every Redis key and channel outside BullMQ's own, in one place. All of them start with the queue prefix
 * (a hash tag such as `{bos}`), so on Redis Cluster they share the queue's slot and tests can give each run
 * its own key space.
 */
export const redisKeys = {
  /** Pub/Sub channel of one execution: node and execution events, in order (waitForCompletion, SSE). */
  executionChannel: (prefix: string, executionId: string) => `${prefix}:exec:${executionId}`,
  /** Stream of every event of a tenant (the gateway and the event bus read it with XREAD / consumer groups). */
  tenantStream: (prefix: string, tenantId: string) => `${prefix}:events:${tenantId}`,
  /** In-flight progress of one execution (JSON, with a TTL). */
  progress: (prefix: string, executionId: string) => `${prefix}:progress:${executionId}`,
  /** Pub/Sub channel on which workers hear cancel requests. */
  controlChannel: (prefix: string) => `${prefix}:control`,
};
