import type { WorkflowNode } from "@bos/workflow-schema";

export type OnError = "stopWorkflow" | "continueRegularOutput" | "continueErrorOutput";

/** The per-node execution settings, with n8n's defaults and clamps applied. */
export interface NodeSettings {
  onError: OnError;
  /** Total tries (1 without retryOnFail). */
  maxTries: number;
  waitBetweenTriesMs: number;
  executeOnce: boolean;
  alwaysOutputData: boolean;
}

function clamp(value: unknown, min: number, max: number, fallback: number): number {
  const n = typeof value === "number" && Number.isFinite(value) ? value : fallback;
  return Math.min(max, Math.max(min, n));
}

/**
 * Reads a node's settings (FORMAT §1.2, §6): `onError` wins over the legacy `continueOnFail: true`
 * (= continueRegularOutput); with `retryOnFail`, `maxTries` is clamped to [2, 5] (default 3) and
 * `waitBetweenTries` to [0, 5000] ms (default 1000).
 */
export function nodeSettings(node: WorkflowNode): NodeSettings {
  const onError: OnError = node.onError ?? (node.continueOnFail === true ? "continueRegularOutput" : "stopWorkflow");
  const retry = node.retryOnFail === true;
  return {
    onError,
    maxTries: retry ? Math.floor(clamp(node.maxTries, 2, 5, 3)) : 1,
    waitBetweenTriesMs: retry ? clamp(node.waitBetweenTries, 0, 5000, 1000) : 0,
    executeOnce: node.executeOnce === true,
    alwaysOutputData: node.alwaysOutputData === true,
  };
}
