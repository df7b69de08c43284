import { NodeRegistry, type AnyNodeType } from "@bos/node-sdk";
import { json } from "./__fixtures__/engine-setup";
import { testNodes } from "./__fixtures__/test-nodes";
import { TestSandboxProvider } from "./__fixtures__/test-sandbox";
import { workflow } from "./__fixtures__/workflow";
import type { CredentialRequest } from "./types";
import { WorkflowEngine } from "./workflow-engine";

/** A node that reads its `httpBasicAuth` credentials and outputs the user name. */
const credentialNode: AnyNodeType = {
  description: {
    type: "test.credentialed",
    versions: [1],
    displayName: "credentialed",
    group: ["test"],
    description: "reads credentials",
    defaults: { name: "credentialed" },
    inputs: 1,
    outputs: 1,
    parameters: [],
    sideEffects: "none",
  },
  async execute(ctx) {
    const data = await ctx.getCredentials<{ user: string }>("httpBasicAuth");
    return [[{ json: { user: data.user } }]];
  },
};

/** The engine with a provider that records what it is asked and answers with the tenant it was given. */
function setupWithCredentials() {
  const requests: CredentialRequest[] = [];
  const engine = new WorkflowEngine({
    registry: new NodeRegistry().register(...testNodes, credentialNode),
    sandboxPool: new TestSandboxProvider(),
    credentials: {
      async get(request) {
        requests.push(request);
        return { user: `user of ${request.tenantId ?? "(no tenant)"}` };
      },
    },
  });
  return { engine, requests };
}

const TENANT = "6f1c2a4e-3b1d-4c9a-8e7f-0a1b2c3d4e5f";
const credentials = { httpBasicAuth: { id: "17", name: "Partner API" } };

describe("WorkflowEngine: the run's tenant reaches the credentials provider", () => {
  it("adds RunOptions.tenantId to every credential request, with the node's reference", async () => {
    const { engine, requests } = setupWithCredentials();
    const doc = { ...workflow({ Start: { type: "test.trigger" }, Auth: { type: "test.credentialed", credentials } }, ["Start -> Auth"]), id: "wf-1" };
    const result = await engine.run(doc, { tenantId: TENANT, executionId: "exec-1" });
    expect(json(result, "Auth")).toEqual([{ user: `user of ${TENANT}` }]);
    expect(requests).toEqual([{ tenantId: TENANT, type: "httpBasicAuth", id: "17", name: "Partner API", node: "Auth", workflowId: "wf-1", executionId: "exec-1" }]);
  });

  it("sends no tenantId when the host gave none", async () => {
    const { engine, requests } = setupWithCredentials();
    const doc = workflow({ Start: { type: "test.trigger" }, Auth: { type: "test.credentialed", credentials: { httpBasicAuth: "Legacy name" } } }, ["Start -> Auth"]);
    const result = await engine.run(doc);
    expect(json(result, "Auth")).toEqual([{ user: "user of (no tenant)" }]);
    expect(requests[0]).not.toHaveProperty("tenantId");
    expect(requests[0]).toMatchObject({ type: "httpBasicAuth", id: null, name: "Legacy name" });
  });

  it("keeps the tenant across a resume when the host passes it again", async () => {
    const { engine, requests } = setupWithCredentials();
    const doc = workflow({ Start: { type: "test.trigger" }, Wait: { type: "test.wait" }, Auth: { type: "test.credentialed", credentials } }, ["Start -> Wait", "Wait -> Auth"]);
    const waiting = await engine.run(doc, { tenantId: TENANT });
    expect(waiting.status).toBe("waiting");
    expect(requests).toEqual([]);
    const resumed = await engine.resume(doc, waiting.state, { tenantId: TENANT });
    expect(json(resumed, "Auth")).toEqual([{ user: `user of ${TENANT}` }]);
    expect(requests.map((r) => r.tenantId)).toEqual([TENANT]);
  });

  it("passes the tenant to the credential requests of sub-workflows", async () => {
    const { engine, requests } = setupWithCredentials();
    const inner = workflow({ In: { type: "test.subTrigger" }, Auth: { type: "test.credentialed", credentials } }, ["In -> Auth"]);
    const outer = workflow({ Start: { type: "test.trigger" }, Call: { type: "test.call", parameters: { workflow: inner } } }, ["Start -> Call"]);
    const result = await engine.run(outer, { tenantId: TENANT });
    expect(json(result, "Call")).toEqual([{ user: `user of ${TENANT}` }]);
    expect(requests.map((r) => ({ tenantId: r.tenantId, node: r.node }))).toEqual([{ tenantId: TENANT, node: "Auth" }]);
  });
});
