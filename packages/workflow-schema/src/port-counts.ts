import type { WorkflowNode } from "./document";
import type { NodeDescription, PortCount } from "./node-description";

/**
 * Evaluates a PortCount for a node's raw parameters; undefined when the description's function
 * throws or returns something that is not a count (so callers skip the check instead of failing).
 *
 * @example
 * evaluatePortCount((p) => (p.numberInputs as number) ?? 2, { numberInputs: 3 }); // 3
 */
export function evaluatePortCount(count: PortCount, parameters: Readonly<Record<string, unknown>>): number | undefined {
  if (typeof count === "number") return count;
  try {
    const value = count(parameters);
    return Number.isInteger(value) && value >= 0 ? value : undefined;
  } catch (error) {
    // A description function that cannot handle these parameters is not the document's fault.
    void error;
    return undefined;
  }
}

/**
 * How many main outputs a node has: the description's count plus the error output that
 * `onError: "continueErrorOutput"` adds.
 *
 * @example
 * countMainOutputs(ifNode, ifDescription); // 2, or 3 with continueErrorOutput
 */
export function countMainOutputs(node: WorkflowNode, description: NodeDescription): number | undefined {
  const base = evaluatePortCount(description.outputs, node.parameters);
  if (base === undefined) return undefined;
  return node.onError === "continueErrorOutput" ? base + 1 : base;
}

/**
 * How many main inputs a node has.
 *
 * @example
 * countMainInputs(mergeNode, mergeDescription); // 2 by default
 */
export function countMainInputs(node: WorkflowNode, description: NodeDescription): number | undefined {
  return evaluatePortCount(description.inputs, node.parameters);
}
