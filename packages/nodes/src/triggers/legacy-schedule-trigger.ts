import type { NodeResult } from "@bos/node-sdk";

/**
 * What the legacy, hidden schedule triggers (Cron, Interval) have in common: no inputs, one output,
 * fired by the scheduler, no side effects. Spread into their descriptions.
 */
export const legacyScheduleTriggerTraits = {
  group: ["trigger", "schedule"],
  inputs: 0,
  outputs: 1,
  trigger: "schedule",
  sideEffects: "none",
  hidden: true,
} as const;

/** A legacy schedule trigger's run: one empty item (n8n's Cron and Interval emit `{}`). */
export async function emitEmptyItem(): Promise<NodeResult> {
  return [[{ json: {} }]];
}
