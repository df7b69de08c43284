import type { ExecuteWorkflowOptions, ExecuteWorkflowResult, Item } from "@bos/node-sdk";
import { jsonOf, runNodeForTest } from "../testing/test-context";
import { executeWorkflowNode, parseInlineWorkflow, workflowIdFrom } from "./execute-workflow";

const inlineWorkflow = JSON.stringify({
  nodes: [
    { parameters: { inputSource: "passthrough" }, name: "Sub Trigger", type: "n8n-nodes-base.executeWorkflowTrigger", typeVersion: 1.1, position: [0, 0] },
    { parameters: {}, name: "Sub Set", type: "n8n-nodes-base.set", typeVersion: 3.4, position: [220, 0] },
  ],
  connections: { "Sub Trigger": { main: [[{ node: "Sub Set", type: "main", index: 0 }]] } },
  settings: { executionOrder: "v1" },
});

/** Stands in for the engine: "runs" the sub-workflow as the case's Sub Set node would. */
function fakeSubWorkflow(via: string, calls: ExecuteWorkflowOptions[]) {
  return async (options: ExecuteWorkflowOptions): Promise<ExecuteWorkflowResult> => {
    calls.push(options);
    const n = options.items.length;
    return { outputs: [options.items.map((item) => ({ json: { ...item.json, squared: Number(item.json.n) ** 2, batchSize: n, via } }))] };
  };
}

const seed: Item[] = [1, 2, 3].map((n) => ({ json: { n } }));

describe("Execute Workflow", () => {
  it("runs an inline sub-workflow once with all items (case execute-workflow-inline, Call Once)", async () => {
    const calls: ExecuteWorkflowOptions[] = [];
    const out = await runNodeForTest(executeWorkflowNode, {
      typeVersion: 1.2,
      parameters: { source: "parameter", workflowJson: inlineWorkflow, mode: "once", options: {} },
      items: seed,
      executeWorkflow: fakeSubWorkflow("once", calls),
    });
    expect(jsonOf(out)).toEqual([
      [
        { n: 1, squared: 1, batchSize: 3, via: "once" },
        { n: 2, squared: 4, batchSize: 3, via: "once" },
        { n: 3, squared: 9, batchSize: 3, via: "once" },
      ],
    ]);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.source.kind).toBe("inline");
    expect(calls[0]?.wait).toBe(true);
    expect(out[0]?.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
  });

  it("runs once per item in each mode (case execute-workflow-inline, Call Each)", async () => {
    const calls: ExecuteWorkflowOptions[] = [];
    const out = await runNodeForTest(executeWorkflowNode, {
      typeVersion: 1.2,
      parameters: { source: "parameter", workflowJson: inlineWorkflow, mode: "each", options: {} },
      items: seed,
      executeWorkflow: fakeSubWorkflow("each", calls),
    });
    expect(jsonOf(out)).toEqual([
      [
        { n: 1, squared: 1, batchSize: 1, via: "each" },
        { n: 2, squared: 4, batchSize: 1, via: "each" },
        { n: 3, squared: 9, batchSize: 1, via: "each" },
      ],
    ]);
    expect(calls).toHaveLength(3);
    expect(out[0]?.[2]?.pairedItem).toEqual({ item: 2 });
  });

  it("links every output item to every input item when the counts differ", async () => {
    const out = await runNodeForTest(executeWorkflowNode, {
      parameters: { workflowId: "abc" },
      items: seed,
      executeWorkflow: async () => ({ outputs: [[{ json: { total: 6 } }]] }),
    });
    expect(out[0]?.[0]?.pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
  });

  it("calls a stored workflow by id, from a string or a resource locator", async () => {
    const calls: ExecuteWorkflowOptions[] = [];
    const executeWorkflow = fakeSubWorkflow("db", calls);
    await runNodeForTest(executeWorkflowNode, { typeVersion: 1, parameters: { workflowId: "Zy3" }, items: seed, executeWorkflow });
    await runNodeForTest(executeWorkflowNode, { parameters: { workflowId: { __rl: true, mode: "list", value: "Zy4" } }, items: seed, executeWorkflow });
    expect(calls.map((call) => call.source)).toEqual([
      { kind: "id", id: "Zy3" },
      { kind: "id", id: "Zy4" },
    ]);
    expect(workflowIdFrom({ __rl: true, mode: "url", value: "https://n8n.example.com/workflow/AbC123?x=1" })).toBe("AbC123");
  });

  it("passes the input through without waiting when waitForSubWorkflow is off", async () => {
    const calls: ExecuteWorkflowOptions[] = [];
    const out = await runNodeForTest(executeWorkflowNode, { parameters: { workflowId: "x", options: { waitForSubWorkflow: false } }, items: seed, executeWorkflow: fakeSubWorkflow("bg", calls) });
    expect(jsonOf(out)).toEqual([seed.map((item) => item.json)]);
    expect(calls[0]?.wait).toBe(false);
  });

  it("lays mapped workflow inputs over each item", async () => {
    const calls: ExecuteWorkflowOptions[] = [];
    await runNodeForTest(executeWorkflowNode, {
      typeVersion: 1.2,
      parameters: { workflowId: "x", workflowInputs: { mappingMode: "defineBelow", value: {} } },
      perItemParameters: seed.map((item) => ({ workflowInputs: { mappingMode: "defineBelow", value: { customerId: Number(item.json.n) * 10 } } })),
      items: seed,
      executeWorkflow: fakeSubWorkflow("mapped", calls),
    });
    expect(calls[0]?.items.map((item) => item.json)).toEqual([
      { n: 1, customerId: 10 },
      { n: 2, customerId: 20 },
      { n: 3, customerId: 30 },
    ]);
  });

  it("refuses local files and URLs, a missing workflow, and bad inline JSON, with clear errors", async () => {
    const executeWorkflow = fakeSubWorkflow("x", []);
    await expect(runNodeForTest(executeWorkflowNode, { parameters: { source: "localFile", workflowPath: "/tmp/w.json" }, executeWorkflow })).rejects.toThrow(/from a local file is not supported/);
    await expect(runNodeForTest(executeWorkflowNode, { parameters: { source: "url", workflowUrl: "https://x" }, executeWorkflow })).rejects.toThrow(/from a URL is not supported/);
    await expect(runNodeForTest(executeWorkflowNode, { parameters: {}, executeWorkflow })).rejects.toThrow("No sub-workflow selected");
    await expect(runNodeForTest(executeWorkflowNode, { parameters: { source: "parameter", workflowJson: "{nodes" }, executeWorkflow })).rejects.toThrow(/not valid JSON/);
    expect(() => parseInlineWorkflow({ nodes: "nope" }, "Call", 0)).toThrow(/not a valid workflow/);
  });

  it("turns a failing call into an error item when continuing on fail (each mode)", async () => {
    const out = await runNodeForTest(executeWorkflowNode, {
      onError: "continueRegularOutput",
      parameters: { workflowId: "x", mode: "each" },
      items: seed.slice(0, 2),
      executeWorkflow: async (options) => {
        if (options.items[0]?.json.n === 2) throw new Error("sub-workflow failed");
        return { outputs: [options.items] };
      },
    });
    expect(jsonOf(out)).toEqual([[{ n: 1 }, { error: "sub-workflow failed" }]]);
  });
});
