import type { NodeDescription, PortCount, SideEffects, WorkflowNode } from "@bos/workflow-schema";

function resolveCount(count: PortCount, parameters: Readonly<Record<string, unknown>>): number {
  const value = typeof count === "function" ? count(parameters) : count;
  return Number.isFinite(value) && value >= 0 ? Math.floor(value) : 0;
}

/** Main inputs the node type declares for these parameters. */
export function inputCount(description: NodeDescription, node: WorkflowNode): number {
  return resolveCount(description.inputs, node.parameters ?? {});
}

/** Normal main outputs (without the extra error output). */
export function regularOutputCount(description: NodeDescription, node: WorkflowNode): number {
  return resolveCount(description.outputs, node.parameters ?? {});
}

/** All main outputs, with the error output that `onError: continueErrorOutput` appends. */
export function outputCount(description: NodeDescription, node: WorkflowNode): number {
  return regularOutputCount(description, node) + (node.onError === "continueErrorOutput" ? 1 : 0);
}

/**
 * v1 dry-stack rule: which inputs a waiting multi-input node needs. `undefined` means every connected
 * input (the node never runs on partial data).
 */
export function requiredInputs(description: NodeDescription | undefined, node: WorkflowNode): number | readonly number[] | undefined {
  const required = description?.requiredInputs;
  if (required === undefined) return undefined;
  return typeof required === "function" ? required(node.parameters ?? {}) : required;
}

/**
 * Whether running this node may change something outside the engine. Unknown (no `sideEffects` in
 * the description) counts as yes, except for triggers: the durable worker commits before such nodes,
 * so erring on "yes" costs a commit, erring on "no" could repeat an effect.
 */
export function hasSideEffects(description: NodeDescription | undefined, node: WorkflowNode): boolean {
  if (node.disabled) return false;
  const effects: SideEffects | undefined = description?.sideEffects;
  if (effects === undefined) return description?.trigger === undefined;
  if (effects === "none") return false;
  if (effects === "always") return true;
  // `{ subworkflow }`: the sub-workflow decides; the engine's async check (dry-run/side-effects.ts) loads it.
  if (typeof effects === "object") return true;
  return effects(node.parameters ?? {});
}

/** Whether the node's side effects are those of a sub-workflow it runs (`sideEffects: { subworkflow }`). */
export function delegatesSideEffects(description: NodeDescription | undefined): boolean {
  return typeof description?.sideEffects === "object";
}
