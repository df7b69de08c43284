import type { WorkflowDocument, WorkflowNode } from "@bos/workflow-schema";
import { parseWorkflowDetail } from "../api/parse-responses";
import orderTriage from "../__fixtures__/order-triage.workflow.json";
import type { WorkflowFlowNode } from "./flow-types";
import { toFlowElements } from "./to-flow-elements";

function node(name: string, type: string, extra: Partial<WorkflowNode> = {}): WorkflowNode {
  return { name, type: `n8n-nodes-base.${type}`, typeVersion: 1, position: [0, 0], parameters: {}, ...extra };
}

function doc(nodes: WorkflowNode[], connections: WorkflowDocument["connections"] = {}) {
  return { nodes, connections };
}

function workflowNode(nodes: ReturnType<typeof toFlowElements>["nodes"], name: string): WorkflowFlowNode {
  const found = nodes.find((n): n is WorkflowFlowNode => n.type === "workflowNode" && n.id === name);
  if (!found) throw new Error(`no workflow node ${name}`);
  return found;
}

describe("toFlowElements", () => {
  const fixture = parseWorkflowDetail(orderTriage).definition!;

  it("makes one workflow node per non-sticky node, at its n8n position", () => {
    const { nodes } = toFlowElements(fixture);
    const wf = nodes.filter((n) => n.type === "workflowNode");
    expect(wf.map((n) => n.id)).toEqual(["Order received", "Normalize", "Paid?", "Fulfil", "Needs review", "Combine", "Legacy audit"]);
    expect(workflowNode(nodes, "Fulfil").position).toEqual({ x: 680, y: -120 });
  });

  it("renders sticky notes first, behind, unselectable, with their size", () => {
    const { nodes } = toFlowElements(fixture);
    const sticky = nodes[0];
    expect(sticky).toMatchObject({ id: "sticky:About this workflow", type: "stickyNote", zIndex: -1, selectable: false, width: 460, height: 150 });
    expect(sticky?.data).toEqual({ content: "## Order triage\nPaid orders go to fulfilment, the rest to manual review.", color: 5 });
  });

  it("gives If two labelled outputs and Merge two inputs, and routes edges to the right handles", () => {
    const { nodes, edges } = toFlowElements(fixture);
    expect(workflowNode(nodes, "Paid?").data.outputs).toEqual(["true", "false"]);
    expect(workflowNode(nodes, "Combine").data.inputs).toEqual(["Input 1", "Input 2"]);
    expect(edges).toContainEqual(expect.objectContaining({ source: "Paid?", sourceHandle: "out-1", target: "Needs review", targetHandle: "in-0" }));
    expect(edges).toContainEqual(expect.objectContaining({ source: "Needs review", sourceHandle: "out-0", target: "Combine", targetHandle: "in-1" }));
    expect(edges).toHaveLength(7);
  });

  it("marks disabled nodes and the edges that touch them", () => {
    const { nodes, edges } = toFlowElements(fixture);
    expect(workflowNode(nodes, "Legacy audit").data.disabled).toBe(true);
    expect(workflowNode(nodes, "Combine").data.disabled).toBe(false);
    expect(edges.find((e) => e.target === "Legacy audit")?.className).toBe("edge-disabled");
  });

  it("gives triggers no input handle", () => {
    const { nodes } = toFlowElements(fixture);
    expect(workflowNode(nodes, "Order received").data).toMatchObject({ isTrigger: true, inputs: [], outputs: [""] });
  });

  it("adds handles for output and input indexes that connections use beyond the known ports", () => {
    const { nodes, edges } = toFlowElements(
      doc([node("A", "code"), node("B", "noOp")], { A: { main: [[], [], [{ node: "B", type: "main", index: 2 }]] } }),
    );
    expect(workflowNode(nodes, "A").data.outputs).toEqual(["", "", ""]);
    expect(workflowNode(nodes, "B").data.inputs).toEqual(["", "", ""]);
    expect(edges).toEqual([expect.objectContaining({ sourceHandle: "out-2", targetHandle: "in-2" })]);
  });

  it("tolerates null and missing outputs, as old n8n files have them", () => {
    const { edges, issues } = toFlowElements(
      doc([node("A", "if"), node("B", "noOp")], { A: { main: [null, [{ node: "B", type: "main", index: 0 }]] } }),
    );
    expect(issues).toEqual([]);
    expect(edges.map((e) => e.sourceHandle)).toEqual(["out-1"]);
  });

  it("skips connections to or from unknown nodes and says so", () => {
    const { edges, issues } = toFlowElements(
      doc([node("A", "noOp")], {
        A: { main: [[{ node: "Ghost", type: "main", index: 0 }]] },
        Phantom: { main: [[{ node: "A", type: "main", index: 0 }]] },
      }),
    );
    expect(edges).toEqual([]);
    expect(issues).toEqual([
      '"A" output 0 connects to "Ghost", which is not a node in this workflow.',
      'Connections start at "Phantom", which is not a node in this workflow.',
    ]);
  });

  it("keeps the first of two nodes with the same name and reports the duplicate", () => {
    const { nodes, issues } = toFlowElements(doc([node("A", "noOp"), node("A", "set")]));
    expect(nodes).toHaveLength(1);
    expect(workflowNode(nodes, "A").data.node.type).toBe("n8n-nodes-base.noOp");
    expect(issues[0]).toMatch(/Two nodes are named "A"/);
  });

  it("draws only main connections (AI sub-node connection types are not drawn yet)", () => {
    const { edges, issues } = toFlowElements(
      doc([node("Model", "lmChatOpenAi"), node("Agent", "agent")], {
        Model: { ai_languageModel: [[{ node: "Agent", type: "ai_languageModel", index: 0 }]] },
      }),
    );
    expect(edges).toEqual([]);
    expect(issues).toEqual([]);
  });
});
