import type { NodeDescription, WorkflowNode } from "@bos/workflow-schema";
import { workflow } from "../__fixtures__/workflow";
import { findStartNode, findTriggerOfKind } from "./find-start-node";
import { buildWorkflowGraph } from "./workflow-graph";

const kinds: Record<string, NodeDescription["trigger"]> = { manual: "manual", schedule: "schedule", sub: "executeWorkflow", webhook: "webhook" };
const describe_ = (node: WorkflowNode) => ({ trigger: kinds[node.type] }) as NodeDescription;

describe("findStartNode", () => {
  it("prefers the manual trigger over other triggers regardless of document order", () => {
    const graph = buildWorkflowGraph(workflow({ Cron: { type: "schedule" }, Hook: { type: "webhook" }, Go: { type: "manual" } }, []));
    expect(findStartNode(graph, describe_).name).toBe("Go");
  });

  it("treats the legacy start node as a manual trigger", () => {
    const graph = buildWorkflowGraph(workflow({ Cron: { type: "schedule" }, Start: { type: "n8n-nodes-base.start" } }, []));
    expect(findStartNode(graph, describe_).name).toBe("Start");
  });

  it("takes the only enabled node even when it is no trigger", () => {
    const graph = buildWorkflowGraph(workflow({ Only: { type: "set" }, Off: { type: "manual", disabled: true } }, []));
    expect(findStartNode(graph, describe_).name).toBe("Only");
  });

  it("never starts from a disabled node", () => {
    const graph = buildWorkflowGraph(workflow({ Off: { type: "manual", disabled: true }, Set: { type: "set" }, Other: { type: "set" } }, []));
    expect(() => findStartNode(graph, describe_)).toThrow(expect.objectContaining({ code: "WF_ENGINE_NO_START_NODE" }));
    expect(() => findStartNode(graph, describe_, "Off")).toThrow(expect.objectContaining({ code: "WF_ENGINE_START_NODE_NOT_FOUND" }));
  });

  it("starts from a named node and fails clearly on an unknown name", () => {
    const graph = buildWorkflowGraph(workflow({ Go: { type: "manual" }, Hook: { type: "webhook" } }, []));
    expect(findStartNode(graph, describe_, "Hook").name).toBe("Hook");
    expect(() => findStartNode(graph, describe_, "Nope")).toThrow(/Cannot start from node "Nope": no node has that name/);
  });

  it("finds the execute-workflow trigger for sub-workflows", () => {
    const graph = buildWorkflowGraph(workflow({ Go: { type: "manual" }, In: { type: "sub" } }, []));
    expect(findTriggerOfKind(graph, describe_, "executeWorkflow")?.name).toBe("In");
  });
});
