import type { WorkflowNode } from "@bos/workflow-schema";
import { describeNodePorts, isTriggerType } from "./node-ports";
import { nodeTypeLabel } from "./node-type-label";

function node(type: string, typeVersion: number, parameters: Record<string, unknown> = {}, extra: Partial<WorkflowNode> = {}): WorkflowNode {
  return { name: "N", type: `n8n-nodes-base.${type}`, typeVersion, position: [0, 0], parameters, ...extra };
}

describe("describeNodePorts", () => {
  it("names Switch v3 outputs after renamed rules and adds the extra fallback output", () => {
    const sw = node("switch", 3.2, {
      mode: "rules",
      rules: { values: [{ renameOutput: true, outputKey: "paid" }, { renameOutput: false }] },
      options: { fallbackOutput: "extra", renameFallbackOutput: "Other" },
    });
    expect(describeNodePorts(sw).outputs).toEqual(["paid", "1", "Other"]);
  });

  it("uses numberOutputs for Switch in expression mode", () => {
    expect(describeNodePorts(node("switch", 3, { mode: "expression", numberOutputs: 3 })).outputs).toEqual(["0", "1", "2"]);
  });

  it("gives Merge v3 numberInputs inputs and older Merge two", () => {
    expect(describeNodePorts(node("merge", 3.2, { numberInputs: 3 })).inputs).toEqual(["Input 1", "Input 2", "Input 3"]);
    expect(describeNodePorts(node("merge", 2.1, { numberInputs: 3 })).inputs).toEqual(["Input 1", "Input 2"]);
  });

  it("orders Loop Over Items outputs by version: v3 done/loop, v2 loop/done", () => {
    expect(describeNodePorts(node("splitInBatches", 3)).outputs).toEqual(["done", "loop"]);
    expect(describeNodePorts(node("splitInBatches", 2)).outputs).toEqual(["loop", "done"]);
  });

  it("appends an error output when the node continues on its error output", () => {
    expect(describeNodePorts(node("if", 2.2, {}, { onError: "continueErrorOutput" })).outputs).toEqual(["true", "false", "error"]);
    expect(describeNodePorts(node("code", 2, {}, { onError: "continueErrorOutput" })).outputs).toEqual(["", "error"]);
  });

  it("gives sticky notes no ports", () => {
    expect(describeNodePorts(node("stickyNote", 1))).toEqual({ inputs: [], outputs: [] });
  });

  it("recognises triggers by type name", () => {
    expect(isTriggerType("n8n-nodes-base.manualTrigger")).toBe(true);
    expect(isTriggerType("n8n-nodes-base.webhook")).toBe(true);
    expect(isTriggerType("n8n-nodes-base.set")).toBe(false);
  });
});

describe("nodeTypeLabel", () => {
  it("turns a node type into a short readable label", () => {
    expect(nodeTypeLabel("n8n-nodes-base.httpRequest")).toBe("HTTP Request");
    expect(nodeTypeLabel("n8n-nodes-base.manualTrigger")).toBe("Manual Trigger");
    expect(nodeTypeLabel("@n8n/n8n-nodes-langchain.lmChatOpenAi")).toBe("Lm Chat Open AI");
    expect(nodeTypeLabel("custom")).toBe("Custom");
  });
});
