import type { WorkflowDocument, WorkflowNode } from "@bos/workflow-schema";

type NodeSpec = Partial<WorkflowNode> & { type: string; position?: [number, number] };

/**
 * Builds test workflows compactly: nodes by name, edges as "A -> B", "A:1 -> B", "A -> B:1"
 * (output and input indexes). Engine tests state the graph next to the behaviour they check.
 */
export function workflow(nodes: Record<string, NodeSpec>, edges: string[], settings: WorkflowDocument["settings"] = { executionOrder: "v1" }): WorkflowDocument {
  const list: WorkflowNode[] = Object.entries(nodes).map(([name, spec], i) => ({
    parameters: {},
    typeVersion: 1,
    position: [i * 200, 0],
    ...spec,
    name,
  }));
  const connections: WorkflowDocument["connections"] = {};
  for (const edge of edges) {
    const [from, to] = edge.split("->").map((s) => s.trim()) as [string, string];
    const [source, output = "0"] = from.split(":");
    const [target, input = "0"] = to.split(":");
    const main = ((connections[source as string] ??= { main: [] }).main ??= []);
    while (main.length <= Number(output)) main.push([]);
    (main[Number(output)] as Array<{ node: string; type: string; index: number }>).push({ node: target as string, type: "main", index: Number(input) });
  }
  return { name: "test", nodes: list, connections, settings };
}
