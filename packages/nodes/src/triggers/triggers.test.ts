import { NodeRegistry, type AnyNodeType, type Item } from "@bos/node-sdk";
import { registerLegacyAliases } from "../legacy-aliases";
import { createTestContext, jsonOf, runNodeForTest } from "../testing/test-context";
import { errorTriggerNode, EXAMPLE_ERROR_ITEM } from "./error-trigger";
import { declaredInputNames, executeWorkflowTriggerNode, executeWorkflowTriggerV1Node } from "./execute-workflow-trigger";
import { cronNode } from "./cron";
import { intervalNode } from "./interval";
import { manualTriggerNode } from "./manual-trigger";
import { webhookNode, webhookOutputCount, webhookOutputNames } from "./webhook";

describe("Manual Trigger", () => {
  it("emits one empty item by default (what the engine seeds for a manual run)", async () => {
    expect(jsonOf(await runNodeForTest(manualTriggerNode, { items: [] }))).toEqual([[{}]]);
    expect(jsonOf(await runNodeForTest(manualTriggerNode))).toEqual([[{}]]);
  });

  it("emits the items the host passed as trigger input, without links", async () => {
    const out = await runNodeForTest(manualTriggerNode, { items: [{ json: { a: 1 }, pairedItem: { item: 3 } }, { json: { a: 2 } }] });
    expect(jsonOf(out)).toEqual([[{ a: 1 }, { a: 2 }]]);
    expect(out[0]?.[0]?.pairedItem).toBeUndefined();
  });

  it("has n8n's default name and is a manual trigger; the legacy start node runs as it", () => {
    expect(manualTriggerNode.description.defaults.name).toBe("When clicking ‘Execute workflow’");
    expect(manualTriggerNode.description.trigger).toBe("manual");
    const registry = new NodeRegistry().register(manualTriggerNode);
    registerLegacyAliases(registry);
    expect(registry.getNode("n8n-nodes-base.start", 1)).toBe(manualTriggerNode);
  });
});

describe("Webhook", () => {
  const request: Item = { json: { headers: { host: "x" }, params: {}, query: { q: "1" }, body: { a: 1 }, webhookUrl: "http://x/webhook/p", executionMode: "production" } };

  it("emits the request item the gateway passed in", async () => {
    expect(jsonOf(await runNodeForTest(webhookNode, { parameters: { httpMethod: "POST", path: "p" }, items: [request] }))).toEqual([[request.json]]);
  });

  it("routes by json.method to one output per method with multipleMethods, dropping the key", async () => {
    const parameters = { multipleMethods: true, httpMethod: ["GET", "POST"], path: "p" };
    const out = await runNodeForTest(webhookNode, { parameters, items: [{ json: { ...request.json, method: "POST" } }] });
    expect(jsonOf(out)).toEqual([[], [request.json]]);
    expect(webhookOutputCount(parameters)).toBe(2);
    expect(webhookOutputNames(parameters)).toEqual(["GET", "POST"]);
    expect(webhookOutputCount({ httpMethod: "GET" })).toBe(1);
    await expect(runNodeForTest(webhookNode, { parameters, items: [{ json: { method: "PUT" } }] })).rejects.toThrow(/listens only to GET, POST/);
  });

  it("describes n8n's parameters with their defaults", () => {
    const names = webhookNode.description.parameters.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(["httpMethod", "path", "authentication", "responseMode", "responseData", "options"]));
    expect(webhookNode.description.trigger).toBe("webhook");
  });
});

describe("Execute Workflow Trigger", () => {
  const caller: Item[] = [{ json: { customerId: 7, extra: true } }, { json: { other: 1 } }];

  it("passes everything through in v1 and in passthrough mode", async () => {
    expect(jsonOf(await runNodeForTest(executeWorkflowTriggerV1Node, { typeVersion: 1, items: caller }))).toEqual([caller.map((i) => i.json)]);
    expect(jsonOf(await runNodeForTest(executeWorkflowTriggerNode, { parameters: { inputSource: "passthrough" }, items: caller }))).toEqual([caller.map((i) => i.json)]);
  });

  it("keeps only declared inputs, missing ones as null", async () => {
    const out = await runNodeForTest(executeWorkflowTriggerNode, {
      parameters: { inputSource: "workflowInputs", workflowInputs: { values: [{ name: "customerId", type: "number" }, { name: "note", type: "string" }] } },
      items: caller,
    });
    expect(jsonOf(out)).toEqual([[{ customerId: 7, note: null }, { customerId: null, note: null }]]);
  });

  it("takes the inputs from a JSON example's keys", async () => {
    const out = await runNodeForTest(executeWorkflowTriggerNode, { parameters: { inputSource: "jsonExample", jsonExample: '{"customerId": 1}' }, items: caller });
    expect(jsonOf(out)).toEqual([[{ customerId: 7 }, { customerId: null }]]);
    expect(() => declaredInputNames("jsonExample", undefined, "[1]")).toThrow(/must be a JSON object/);
    expect(() => declaredInputNames("jsonExample", undefined, "{x")).toThrow(/not valid JSON/);
  });

  it("passes everything through when no inputs are declared", async () => {
    expect(jsonOf(await runNodeForTest(executeWorkflowTriggerNode, { parameters: { inputSource: "workflowInputs" }, items: caller }))).toEqual([caller.map((i) => i.json)]);
  });
});

describe("Error Trigger", () => {
  it("emits the error payload the host passed", async () => {
    const payload = { execution: { id: "9", error: { message: "boom" }, lastNodeExecuted: "X", mode: "trigger" }, workflow: { id: "1", name: "W" } };
    expect(jsonOf(await runNodeForTest(errorTriggerNode, { items: [{ json: payload }] }))).toEqual([[payload]]);
  });

  it("emits n8n's example item in a manual run without a payload", async () => {
    expect(jsonOf(await runNodeForTest(errorTriggerNode))).toEqual([[EXAMPLE_ERROR_ITEM]]);
  });
});

describe("legacy Cron and Interval", () => {
  it("emit one empty item and are hidden schedule triggers", async () => {
    for (const node of [cronNode, intervalNode] as AnyNodeType[]) {
      expect(jsonOf((await node.execute(createTestContext(node))) as Item[][])).toEqual([[{}]]);
      expect(node.description.hidden).toBe(true);
      expect(node.description.trigger).toBe("schedule");
    }
  });
});
