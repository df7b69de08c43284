import type { RunData, TaskData } from "@bos/engine";
import { WEBHOOK_REPLY_MAX_BYTES, type WebhookReplyData } from "@bos/queue";

/**
 * The reply a synchronous webhook waits for, taken from the run's data the way the trigger gateway reads it
 * from the committed steps (apps/trigger-gateway/src/webhook-result.ts), so the finished or waiting event can
 * carry it and the gateway skips that read:
 * - `responseNode`: the first `metadata.webhookResponse` in execution order (null when no Respond to Webhook
 *   node has run);
 * - `lastNode`: the first output of the node run with the highest execution index ([] when it has none).
 * Undefined when its JSON exceeds `maxBytes`: the event stays small and the gateway reads Postgres instead.
 *
 * @example
 * webhookReplyOf("lastNode", result.runData); // { mode: "lastNode", items: [{ json: { ok: true } }] }
 */
export function webhookReplyOf(mode: "responseNode" | "lastNode", runData: RunData, maxBytes = WEBHOOK_REPLY_MAX_BYTES): WebhookReplyData | undefined {
  const tasks = orderedTasks(runData);
  const reply: WebhookReplyData =
    mode === "responseNode"
      ? { mode, response: tasks.find((task) => task.metadata?.webhookResponse !== undefined)?.metadata?.webhookResponse ?? null }
      : { mode, items: tasks[tasks.length - 1]?.data?.main[0] ?? [] };
  return Buffer.byteLength(JSON.stringify(reply)) <= maxBytes ? reply : undefined;
}

/** Every node run, in execution order (execution indexes are unique within a run). */
function orderedTasks(runData: RunData): TaskData[] {
  const tasks: TaskData[] = [];
  for (const runs of Object.values(runData)) for (const task of runs) if (task) tasks.push(task);
  return tasks.sort((a, b) => a.executionIndex - b.executionIndex);
}
