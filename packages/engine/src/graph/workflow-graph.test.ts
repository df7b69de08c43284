import { workflow } from "../__fixtures__/workflow";
import { ancestorsOf, buildWorkflowGraph, connectedInputCount, directParents } from "./workflow-graph";

describe("buildWorkflowGraph", () => {
  const doc = workflow({ A: { type: "t" }, B: { type: "t" }, C: { type: "t" }, M: { type: "t" }, Note: { type: "n8n-nodes-base.stickyNote" } }, ["A -> B", "A:1 -> C", "B -> M", "C -> M:1"]);

  it("indexes children by output and parents by input", () => {
    const graph = buildWorkflowGraph(doc);
    expect(graph.children.get("A")).toEqual([[{ node: "B", inputIndex: 0 }], [{ node: "C", inputIndex: 0 }]]);
    expect(graph.parents.get("M")).toEqual([[{ node: "B", outputIndex: 0 }], [{ node: "C", outputIndex: 0 }]]);
    expect(connectedInputCount(graph, "M")).toBe(2);
    expect(connectedInputCount(graph, "A")).toBe(0);
  });

  it("drops sticky notes", () => {
    expect(buildWorkflowGraph(doc).nodes.has("Note")).toBe(false);
  });

  it("tolerates null outputs, unknown targets and non-main connection types", () => {
    const graph = buildWorkflowGraph({
      nodes: doc.nodes,
      connections: { A: { main: [null, [{ node: "C", type: "main", index: 0 }, { node: "Ghost", type: "main", index: 0 }]], ai_tool: [[{ node: "B", type: "ai_tool", index: 0 }]] } },
    });
    expect(graph.children.get("A")).toEqual([[], [{ node: "C", inputIndex: 0 }]]);
    expect(graph.parents.has("B")).toBe(false);
  });

  it("lists direct parents and all ancestors nearest first", () => {
    const graph = buildWorkflowGraph(doc);
    expect(directParents(graph, "M")).toEqual(["B", "C"]);
    expect(ancestorsOf(graph, "M")).toEqual(["B", "C", "A"]);
  });

  it("terminates on cycles", () => {
    const loop = buildWorkflowGraph(workflow({ A: { type: "t" }, B: { type: "t" } }, ["A -> B", "B -> A"]));
    expect(ancestorsOf(loop, "A")).toEqual(["B"]);
  });
});
