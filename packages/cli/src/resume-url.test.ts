import { WorkflowEngine } from "@bos/engine";
import { createBuiltinRegistry } from "@bos/nodes";
import { SandboxPool } from "@bos/sandbox";
import type { WorkflowDocument } from "@bos/workflow-schema";

/** `$execution.resumeUrl`: the URL the host serves for resuming a waiting execution (engine dependency). */
describe("$execution.resumeUrl", () => {
  let pool: SandboxPool;
  beforeAll(() => {
    pool = new SandboxPool({ poolSize: 1 });
  });
  afterAll(async () => {
    await pool.close();
  });

  const doc: WorkflowDocument = {
    name: "resume url",
    nodes: [
      { name: "Start", type: "n8n-nodes-base.manualTrigger", typeVersion: 1, position: [0, 0], parameters: {} },
      {
        name: "Link",
        type: "n8n-nodes-base.set",
        typeVersion: 3.4,
        position: [200, 0],
        parameters: { mode: "manual", options: {}, assignments: { assignments: [{ id: "a", name: "url", value: "={{ $execution.resumeUrl }}", type: "string" }] } },
      },
      { name: "Code", type: "n8n-nodes-base.code", typeVersion: 2, position: [400, 0], parameters: { jsCode: "return [{ json: { fromCode: $execution.resumeUrl, id: $execution.id } }];" } },
    ],
    connections: { Start: { main: [[{ node: "Link", type: "main", index: 0 }]] }, Link: { main: [[{ node: "Code", type: "main", index: 0 }]] } },
    settings: { executionOrder: "v1" },
  };

  it("is the host's URL for this execution in expressions and Code", async () => {
    const engine = new WorkflowEngine({ registry: createBuiltinRegistry(), sandboxPool: pool, resumeUrl: (id) => `https://hooks.example.com/webhook-waiting/${id}` });
    const result = await engine.run(doc, { executionId: "exec-42" });
    expect(result.status).toBe("success");
    expect(result.runData.Link?.[0]?.data?.main[0]?.[0]?.json).toEqual({ url: "https://hooks.example.com/webhook-waiting/exec-42" });
    expect(result.runData.Code?.[0]?.data?.main[0]?.[0]?.json).toEqual({ fromCode: "https://hooks.example.com/webhook-waiting/exec-42", id: "exec-42" });
  });

  it("is undefined when the host serves none (the CLI)", async () => {
    const engine = new WorkflowEngine({ registry: createBuiltinRegistry(), sandboxPool: pool });
    const result = await engine.run(doc, { executionId: "exec-43" });
    expect(result.runData.Code?.[0]?.data?.main[0]?.[0]?.json).toEqual({ id: "exec-43" });
  });
});
