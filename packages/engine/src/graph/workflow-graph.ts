import type { WorkflowDocument, WorkflowNode } from "@bos/workflow-schema";

/** Sticky notes are canvas decoration: no inputs, no outputs, never run. */
export const STICKY_NOTE_TYPE = "n8n-nodes-base.stickyNote";

/** One `main` connection seen from its source: the target node and the target's input index. */
export interface OutgoingConnection {
  node: string;
  inputIndex: number;
}

/** One `main` connection seen from its destination: the source node and the source's output index. */
export interface IncomingConnection {
  node: string;
  outputIndex: number;
}

/**
 * The executable graph of a workflow: its nodes by name (sticky notes dropped) and its `main`
 * connections indexed both ways. Built once per run; never mutated.
 */
export interface WorkflowGraph {
  readonly nodes: ReadonlyMap<string, WorkflowNode>;
  /** source name -> output index -> targets, in connection order. */
  readonly children: ReadonlyMap<string, readonly (readonly OutgoingConnection[])[]>;
  /** destination name -> input index -> sources, in document order (n8n's connectionsByDestinationNode). */
  readonly parents: ReadonlyMap<string, readonly (readonly IncomingConnection[])[]>;
}

/**
 * Builds the graph. Tolerates what old files contain: `null` output entries, missing trailing
 * outputs, connections to or from nodes that do not exist (ignored), non-`main` connection types
 * (ignored: only `main` carries items).
 */
export function buildWorkflowGraph(doc: Pick<WorkflowDocument, "nodes" | "connections">): WorkflowGraph {
  const nodes = new Map<string, WorkflowNode>();
  for (const node of doc.nodes) {
    if (node.type === STICKY_NOTE_TYPE) continue;
    nodes.set(node.name, node);
  }
  const children = new Map<string, OutgoingConnection[][]>();
  const parents = new Map<string, IncomingConnection[][]>();
  for (const [source, byType] of Object.entries(doc.connections ?? {})) {
    if (!nodes.has(source)) continue;
    const outputs = byType?.main;
    if (!Array.isArray(outputs)) continue;
    const out: OutgoingConnection[][] = [];
    outputs.forEach((targets, outputIndex) => {
      const list: OutgoingConnection[] = [];
      for (const target of targets ?? []) {
        if (!target || !nodes.has(target.node)) continue;
        const inputIndex = typeof target.index === "number" ? target.index : 0;
        list.push({ node: target.node, inputIndex });
        let inputs = parents.get(target.node);
        if (!inputs) {
          inputs = [];
          parents.set(target.node, inputs);
        }
        while (inputs.length <= inputIndex) inputs.push([]);
        (inputs[inputIndex] as IncomingConnection[]).push({ node: source, outputIndex });
      }
      out[outputIndex] = list;
    });
    for (let i = 0; i < out.length; i++) out[i] ??= [];
    children.set(source, out);
  }
  return { nodes, children, parents };
}

/** Number of input slots that have connections (n8n: connectionsByDestinationNode[node].main.length). */
export function connectedInputCount(graph: WorkflowGraph, node: string): number {
  return graph.parents.get(node)?.length ?? 0;
}

/** Direct parents of a node over all inputs, without duplicates, in input then connection order. */
export function directParents(graph: WorkflowGraph, node: string): string[] {
  const seen = new Set<string>();
  for (const input of graph.parents.get(node) ?? []) for (const c of input) seen.add(c.node);
  return [...seen];
}

/** Every ancestor of a node, nearest first (breadth-first over incoming connections); the node itself excluded. */
export function ancestorsOf(graph: WorkflowGraph, node: string): string[] {
  const seen = new Set<string>([node]);
  const order: string[] = [];
  let frontier = [node];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const current of frontier) {
      for (const parent of directParents(graph, current)) {
        if (seen.has(parent)) continue;
        seen.add(parent);
        order.push(parent);
        next.push(parent);
      }
    }
    frontier = next;
  }
  return order;
}
