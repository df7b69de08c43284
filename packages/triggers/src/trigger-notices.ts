import type { Redis } from "ioredis";

/** A workflow's triggers changed (published, archived, deactivated): gateways reload them. */
export interface TriggerChangeNotice {
  tenantId: string;
  workflowId: string;
}

export const DEFAULT_TRIGGER_PREFIX = "{bos}";

/** The Pub/Sub channel gateways listen on. */
export function triggerChangeChannel(prefix = DEFAULT_TRIGGER_PREFIX): string {
  return `${prefix}:triggers:changed`;
}

/**
 * Tells every gateway instance that a workflow's triggers changed (call after the registry transaction
 * committed). A gateway that misses it (down, disconnected) rebuilds from Postgres when it (re)connects.
 */
export async function publishTriggerChange(redis: Redis, notice: TriggerChangeNotice, prefix = DEFAULT_TRIGGER_PREFIX): Promise<void> {
  await redis.publish(triggerChangeChannel(prefix), JSON.stringify(notice));
}
