import { useCallback } from "react";
import {
  Background,
  Controls,
  MarkerType,
  ReactFlow,
  type DefaultEdgeOptions,
  type NodeTypes,
  type OnSelectionChangeParams,
} from "@xyflow/react";
import type { CanvasEdge, CanvasNode } from "../canvas/flow-types";
import { StickyNoteView } from "./sticky-note-view";
import { WorkflowNodeCard } from "./workflow-node-card";

// Defined once at module level: xyflow re-mounts every node if these objects change identity.
const nodeTypes: NodeTypes = { workflowNode: WorkflowNodeCard, stickyNote: StickyNoteView };
const defaultEdgeOptions: DefaultEdgeOptions = { markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 } };

interface WorkflowCanvasProps {
  nodes: CanvasNode[];
  edges: CanvasEdge[];
  /** Called with the selected workflow node's name, or null when the selection is cleared. */
  onSelect: (name: string | null) => void;
}

/**
 * The read-only canvas. Uncontrolled (`defaultNodes`): xyflow owns selection and viewport state, and
 * nothing can be moved or connected. The parent re-mounts it (via `key`) when the document changes.
 */
export function WorkflowCanvas({ nodes, edges, onSelect }: WorkflowCanvasProps) {
  const onSelectionChange = useCallback(
    ({ nodes: selected }: OnSelectionChangeParams) => {
      onSelect(selected.find((n) => n.type === "workflowNode")?.id ?? null);
    },
    [onSelect],
  );

  return (
    <div className="canvas" data-testid="workflow-canvas">
      <ReactFlow
        defaultNodes={nodes}
        defaultEdges={edges}
        nodeTypes={nodeTypes}
        defaultEdgeOptions={defaultEdgeOptions}
        onSelectionChange={onSelectionChange}
        nodesDraggable={false}
        nodesConnectable={false}
        edgesFocusable={false}
        elementsSelectable
        fitView
        fitViewOptions={{ padding: 0.15 }}
        minZoom={0.1}
      >
        <Background gap={20} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
