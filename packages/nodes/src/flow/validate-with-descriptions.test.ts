import { NodeRegistry } from "@bos/node-sdk";
import { loadN8nCases } from "@bos/testing";
import { validateWorkflow } from "@bos/workflow-schema";
import { registerLegacyAliases } from "../legacy-aliases";
import { triggerNodes } from "../triggers";
import { flowNodes } from "./index";

/** A registry with only this area's nodes; issues on other nodes (Set, Code...) are not ours to judge. */
function registry(): NodeRegistry {
  const r = new NodeRegistry().register(...triggerNodes, ...flowNodes);
  registerLegacyAliases(r);
  return r;
}

const ours = new Set([...triggerNodes, ...flowNodes].map((node) => node.description.type));

function issuesOnOurNodes(doc: { nodes: Array<{ name: string; type: string }> }) {
  const names = new Set(doc.nodes.filter((node) => ours.has(node.type)).map((node) => node.name));
  const result = validateWorkflow(doc, registry());
  // Errors, and every parameter finding (some are warnings when saving), on nodes of ours.
  return result.issues.filter((issue) => (issue.severity === "error" || issue.code.startsWith("WF_SCHEMA_PARAM")) && issue.node !== undefined && names.has(issue.node));
}

function workflow(nodes: Array<{ name: string; type: string; typeVersion: number; parameters: Record<string, unknown> }>) {
  return {
    name: "validation",
    nodes: [
      { name: "Start", type: "n8n-nodes-base.manualTrigger", typeVersion: 1, position: [0, 0] as [number, number], parameters: {} },
      ...nodes.map((node, i) => ({ ...node, position: [200 * (i + 1), 0] as [number, number] })),
    ],
    connections: { Start: { main: [nodes.map((node) => ({ node: node.name, type: "main", index: 0 }))] } },
    settings: { executionOrder: "v1" },
  };
}

describe("validation of n8n-shaped parameters against the flow and trigger descriptions", () => {
  it.each(loadN8nCases().map((testCase) => [testCase.name, testCase.workflow] as const))("case %s raises no error or parameter finding on our nodes", (_name, doc) => {
    expect(issuesOnOurNodes(doc as { nodes: Array<{ name: string; type: string }> })).toEqual([]);
  });

  it("accepts values n8n loads at runtime: a rule index as Switch fallback, preferInput1 clash handling, input 3", () => {
    const doc = workflow([
      { name: "Switch", type: "n8n-nodes-base.switch", typeVersion: 3.2, parameters: { rules: { values: [] }, options: { fallbackOutput: 0 } } },
      { name: "Merge", type: "n8n-nodes-base.merge", typeVersion: 3.2, parameters: { mode: "combine", fieldsToMatchString: "id", options: { clashHandling: { values: { resolveClash: "preferInput1" } } } } },
      { name: "Choose", type: "n8n-nodes-base.merge", typeVersion: 3.2, parameters: { mode: "chooseBranch", numberInputs: 3, useDataOfInput: 3 } },
      { name: "Old Switch", type: "n8n-nodes-base.switch", typeVersion: 2, parameters: { dataType: "number", rules: { rules: [] }, fallbackOutput: 5 } },
    ]);
    expect(issuesOnOurNodes(doc)).toEqual([]);
  });

  it("accepts typical trigger and flow parameters, and the legacy start node", () => {
    const doc = workflow([
      { name: "Webhook", type: "n8n-nodes-base.webhook", typeVersion: 2, parameters: { httpMethod: "POST", path: "hook", responseMode: "responseNode", options: {} } },
      { name: "Respond", type: "n8n-nodes-base.respondToWebhook", typeVersion: 1.1, parameters: { respondWith: "json", responseBody: "={{ { ok: true } }}", options: { responseCode: 201 } } },
      { name: "Schedule", type: "n8n-nodes-base.scheduleTrigger", typeVersion: 1.2, parameters: { rule: { interval: [{ field: "hours", hoursInterval: 1, triggerAtMinute: 5 }] } } },
      { name: "Wait", type: "n8n-nodes-base.wait", typeVersion: 1.1, parameters: { amount: 10, unit: "minutes" } },
      { name: "Call", type: "n8n-nodes-base.executeWorkflow", typeVersion: 1.2, parameters: { workflowId: { __rl: true, mode: "list", value: "abc" }, mode: "each", options: { waitForSubWorkflow: false } } },
      { name: "Stop", type: "n8n-nodes-base.stopAndError", typeVersion: 1, parameters: { errorMessage: "bad" } },
      { name: "Old Start", type: "n8n-nodes-base.start", typeVersion: 1, parameters: {} },
    ]);
    expect(issuesOnOurNodes(doc)).toEqual([]);
  });

  it("still reports a required parameter left empty and a value that is no option", () => {
    const doc = workflow([
      { name: "Stop", type: "n8n-nodes-base.stopAndError", typeVersion: 1, parameters: {} },
      { name: "Webhook", type: "n8n-nodes-base.webhook", typeVersion: 2, parameters: { httpMethod: "FETCH", path: "x" } },
    ]);
    expect(issuesOnOurNodes(doc).map((issue) => `${issue.node}:${issue.code}`)).toEqual(["Stop:WF_SCHEMA_PARAM_REQUIRED", "Webhook:WF_SCHEMA_PARAM_OPTION"]);
  });
});
