import type { NodeDescription, TriggerKind, WorkflowNode } from "@bos/workflow-schema";
import { NoStartNodeError, StartNodeNotFoundError } from "../errors";
import type { WorkflowGraph } from "./workflow-graph";

/** The pre-1.0 start node; it runs as the Manual Trigger. */
export const LEGACY_START_TYPE = "n8n-nodes-base.start";

/** n8n's STARTING_NODE_TYPES preference, by our trigger kinds. */
const TRIGGER_PREFERENCE: readonly TriggerKind[] = ["manual", "executeWorkflow", "error", "schedule", "event", "webhook"];

export type DescribeNode = (node: WorkflowNode) => NodeDescription | undefined;

/** The trigger kind of a node (legacy `start` counts as manual), or undefined for non-triggers. */
export function triggerKindOf(node: WorkflowNode, describe: DescribeNode): TriggerKind | undefined {
  if (node.type === LEGACY_START_TYPE) return "manual";
  return describe(node)?.trigger;
}

/**
 * Picks the node a run starts from (FORMAT §3.4): the named one when given (it must exist and be
 * enabled); else the only enabled node; else the first enabled trigger by n8n's preference (manual,
 * execute-workflow, error, then the others) and document order. Disabled nodes never start a run.
 */
export function findStartNode(graph: WorkflowGraph, describe: DescribeNode, requested?: string): WorkflowNode {
  if (requested !== undefined) {
    const node = graph.nodes.get(requested);
    if (!node) throw new StartNodeNotFoundError(requested, "no node has that name");
    if (node.disabled) throw new StartNodeNotFoundError(requested, "the node is disabled");
    return node;
  }
  const enabled = [...graph.nodes.values()].filter((n) => !n.disabled);
  if (enabled.length === 0) throw new NoStartNodeError("every node is disabled or the workflow is empty");
  if (enabled.length === 1) return enabled[0] as WorkflowNode;
  for (const kind of TRIGGER_PREFERENCE) {
    const found = enabled.find((n) => triggerKindOf(n, describe) === kind);
    if (found) return found;
  }
  throw new NoStartNodeError("no enabled trigger node");
}

/** The first enabled node with this trigger kind (Execute Workflow starts sub-workflows here). */
export function findTriggerOfKind(graph: WorkflowGraph, describe: DescribeNode, kind: TriggerKind): WorkflowNode | undefined {
  for (const node of graph.nodes.values()) if (!node.disabled && triggerKindOf(node, describe) === kind) return node;
  return undefined;
}
