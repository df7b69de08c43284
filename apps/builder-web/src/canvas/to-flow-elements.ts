import type { Connections, WorkflowDocument, WorkflowNode } from "@bos/workflow-schema";
import {
  inputHandleId,
  outputHandleId,
  type CanvasEdge,
  type CanvasNode,
  type StickyFlowNode,
  type WorkflowFlowNode,
} from "./flow-types";
import { describeNodePorts, isTriggerType, STICKY_NOTE_TYPE } from "./node-ports";
import { nodeTypeLabel } from "./node-type-label";

/** The canvas for one workflow document, plus what could not be drawn and why. */
export interface FlowElements {
  nodes: CanvasNode[];
  edges: CanvasEdge[];
  /** Human-readable problems with the document (dangling connections, duplicate names). */
  issues: string[];
}

/** n8n's default sticky size in canvas pixels. */
const STICKY_DEFAULT = { width: 240, height: 160 };

interface Link {
  source: string;
  output: number;
  target: string;
  input: number;
}

/** Collects valid main-type links; anything malformed or pointing nowhere becomes an issue. */
function collectLinks(connections: Connections, known: Map<string, WorkflowNode>, issues: string[]): Link[] {
  const links: Link[] = [];
  for (const [source, byType] of Object.entries(connections)) {
    // Only "main" connections are drawn for now; AI sub-node types (ai_languageModel, ...) are not.
    const outputs = byType.main;
    if (!outputs) continue;
    if (!known.has(source)) {
      issues.push(`Connections start at "${source}", which is not a node in this workflow.`);
      continue;
    }
    outputs.forEach((targets, output) => {
      for (const target of targets ?? []) {
        const name = (target as { node?: unknown }).node;
        const input = (target as { index?: unknown }).index;
        if (typeof name !== "string" || typeof input !== "number" || !Number.isInteger(input) || input < 0) {
          issues.push(`A connection from "${source}" output ${output} is malformed and was skipped.`);
        } else if (!known.has(name)) {
          issues.push(`"${source}" output ${output} connects to "${name}", which is not a node in this workflow.`);
        } else {
          links.push({ source, output, target: name, input });
        }
      }
    });
  }
  return links;
}

/** Pads a label list so index `needed - 1` exists. */
function ensurePorts(labels: string[], needed: number): string[] {
  return labels.length >= needed ? labels : [...labels, ...Array.from({ length: needed - labels.length }, () => "")];
}

function stickyNode(node: WorkflowNode): StickyFlowNode {
  const p = node.parameters;
  const width = typeof p.width === "number" && p.width > 0 ? p.width : STICKY_DEFAULT.width;
  const height = typeof p.height === "number" && p.height > 0 ? p.height : STICKY_DEFAULT.height;
  return {
    id: `sticky:${node.name}`,
    type: "stickyNote",
    position: { x: node.position[0], y: node.position[1] },
    data: { content: typeof p.content === "string" ? p.content : "", color: typeof p.color === "number" ? p.color : 1 },
    width,
    height,
    // Sticky notes sit behind the workflow and are not part of it: not selectable, never on top.
    zIndex: -1,
    selectable: false,
    draggable: false,
    connectable: false,
  };
}

/**
 * Turns an n8n workflow document into read-only xyflow nodes and edges. Node ids are node names
 * (unique in a workflow, and what connections reference); sticky notes get `sticky:<name>` and come
 * first so they render underneath. n8n positions are canvas pixels with y pointing down, as in xyflow.
 */
export function toFlowElements(doc: Pick<WorkflowDocument, "nodes" | "connections">): FlowElements {
  const issues: string[] = [];
  const stickies: StickyFlowNode[] = [];
  const known = new Map<string, WorkflowNode>();
  for (const node of doc.nodes) {
    if (node.type === STICKY_NOTE_TYPE) {
      stickies.push(stickyNode(node));
    } else if (known.has(node.name)) {
      issues.push(`Two nodes are named "${node.name}"; only the first is shown. Node names must be unique.`);
    } else {
      known.set(node.name, node);
    }
  }

  const links = collectLinks(doc.connections, known, issues);
  const outputsUsed = new Map<string, number>();
  const inputsUsed = new Map<string, number>();
  for (const l of links) {
    outputsUsed.set(l.source, Math.max(outputsUsed.get(l.source) ?? 0, l.output + 1));
    inputsUsed.set(l.target, Math.max(inputsUsed.get(l.target) ?? 0, l.input + 1));
  }

  const workflowNodes: WorkflowFlowNode[] = [...known.values()].map((node) => {
    const ports = describeNodePorts(node);
    return {
      id: node.name,
      type: "workflowNode",
      position: { x: node.position[0], y: node.position[1] },
      data: {
        node,
        typeLabel: nodeTypeLabel(node.type),
        isTrigger: isTriggerType(node.type),
        disabled: node.disabled === true,
        inputs: ensurePorts(ports.inputs, inputsUsed.get(node.name) ?? 0),
        outputs: ensurePorts(ports.outputs, outputsUsed.get(node.name) ?? 0),
      },
      draggable: false,
      connectable: false,
    };
  });

  const seen = new Set<string>();
  const edges: CanvasEdge[] = [];
  for (const l of links) {
    const id = `${l.source}#${l.output}->${l.target}#${l.input}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const touchesDisabled = known.get(l.source)?.disabled === true || known.get(l.target)?.disabled === true;
    edges.push({
      id,
      source: l.source,
      sourceHandle: outputHandleId(l.output),
      target: l.target,
      targetHandle: inputHandleId(l.input),
      ...(touchesDisabled ? { className: "edge-disabled" } : {}),
    });
  }

  return { nodes: [...stickies, ...workflowNodes], edges, issues };
}
