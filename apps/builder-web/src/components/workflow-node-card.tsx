import { Handle, Position, type NodeProps } from "@xyflow/react";
import { inputHandleId, outputHandleId, type WorkflowFlowNode } from "../canvas/flow-types";

/** Vertical room per port, so nodes with many inputs/outputs (Switch, Merge) grow instead of crowding. */
const PORT_SPACING = 22;
const MIN_HEIGHT = 60;

/** Where the i-th of n ports sits, as a share of the card height. */
function portTop(index: number, count: number): string {
  return `${((index + 1) / (count + 1)) * 100}%`;
}

/** A workflow node on the canvas: name, short type label, and one handle per main input and output. */
export function WorkflowNodeCard({ data, selected }: NodeProps<WorkflowFlowNode>) {
  const { node, typeLabel, disabled, isTrigger, inputs, outputs } = data;
  const height = Math.max(MIN_HEIGHT, PORT_SPACING * (Math.max(inputs.length, outputs.length) + 1));
  const classes = ["wf-node", isTrigger && "wf-node-trigger", disabled && "wf-node-disabled", selected && "wf-node-selected"];

  return (
    <div
      className={classes.filter(Boolean).join(" ")}
      style={{ minHeight: height }}
      data-testid="canvas-node"
      data-node-name={node.name}
      data-disabled={disabled ? "true" : undefined}
      title={`${node.name} (${node.type} v${node.typeVersion})${disabled ? ", disabled" : ""}`}
    >
      {inputs.map((label, i) => (
        <Handle
          key={inputHandleId(i)}
          id={inputHandleId(i)}
          type="target"
          position={Position.Left}
          isConnectable={false}
          style={{ top: portTop(i, inputs.length) }}
        >
          {label && <span className="wf-port-label wf-port-label-in">{label}</span>}
        </Handle>
      ))}
      <div className="wf-node-body">
        <div className="wf-node-name">{node.name}</div>
        <div className="wf-node-type">
          {isTrigger && <span className="wf-node-trigger-mark" aria-label="trigger">⚡ </span>}
          {typeLabel}
          {disabled && <span className="wf-node-disabled-mark"> · disabled</span>}
        </div>
      </div>
      {outputs.map((label, i) => (
        <Handle
          key={outputHandleId(i)}
          id={outputHandleId(i)}
          type="source"
          position={Position.Right}
          isConnectable={false}
          style={{ top: portTop(i, outputs.length) }}
        >
          {label && <span className="wf-port-label wf-port-label-out">{label}</span>}
        </Handle>
      ))}
    </div>
  );
}
