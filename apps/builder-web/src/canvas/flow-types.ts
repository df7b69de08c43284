import type { Edge, Node } from "@xyflow/react";
import type { WorkflowNode } from "@bos/workflow-schema";

/** What a workflow node card renders. (A type alias: xyflow wants data assignable to a record.) */
export type WorkflowNodeData = {
  node: WorkflowNode;
  typeLabel: string;
  isTrigger: boolean;
  disabled: boolean;
  /** Labels of the main inputs / outputs, one per index (handles `in-<i>` / `out-<i>`). */
  inputs: string[];
  outputs: string[];
};

export type StickyNoteData = {
  content: string;
  /** n8n's sticky colour number (1 = default yellow). */
  color: number;
};

export type WorkflowFlowNode = Node<WorkflowNodeData, "workflowNode">;
export type StickyFlowNode = Node<StickyNoteData, "stickyNote">;
export type CanvasNode = WorkflowFlowNode | StickyFlowNode;
export type CanvasEdge = Edge;

/** Handle ids: one per port index so If's true/false and Merge's inputs are distinct. */
export function outputHandleId(index: number): string {
  return `out-${index}`;
}

export function inputHandleId(index: number): string {
  return `in-${index}`;
}
