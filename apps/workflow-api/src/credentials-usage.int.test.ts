import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createCredentialsProvider, createKeyring, type StoredCredentialsProvider } from "@bos/credentials";
import { WorkflowEngine } from "@bos/engine";
import { createHttpClient, type ManagedHttpClient } from "@bos/http-client";
import { createBuiltinRegistry } from "@bos/nodes";
import { SandboxPool } from "@bos/sandbox";
import { DEV_CREDENTIALS_ENCRYPTION_KEY } from "@bos/service-kit";
import { type TestRedis, createTestRedis } from "@bos/testing";
import type { WebhookConfig } from "@bos/triggers/routing";
import type { WorkflowDocument } from "@bos/workflow-schema";
import { Redis } from "ioredis";
// Tests only: the gateway's webhook authentication, imported as is, checks calls against credentials from the store
// (apps do not import apps otherwise; the gateway's own wiring is in its main.ts).
import { WebhookAuthError, authenticate } from "../../trigger-gateway/src/webhook-auth";
import { type Harness, startHarness } from "./test-harness";

/**
 * The credential store end to end: credentials created through the API are what the real engine's HTTP
 * Request node sends (to a loopback server), what the API's own in-process runs and the executor worker's
 * durable runs use, and what the gateway's webhook authentication checks calls against.
 */
let h: Harness;
let r: TestRedis;
let redis: Redis;
let server: Server;
let base: string;
let pool: SandboxPool;
let http: ManagedHttpClient;
let provider: StoredCredentialsProvider;
const seen: Array<string | undefined> = [];

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

/**
 * Trigger -> HTTP Request (GET base, basic auth from the credential named `credentialName`; the id is another
 * n8n instance's). The Manual Trigger starts test runs; production runs need another trigger.
 */
function callWithBasicAuth(credentialName: string, trigger = "n8n-nodes-base.manualTrigger"): WorkflowDocument {
  return {
    name: "basic auth call",
    nodes: [
      { id: "t", name: "Start", type: trigger, typeVersion: 1, position: [0, 0], parameters: {} },
      {
        id: "h",
        name: "HTTP Request",
        type: "n8n-nodes-base.httpRequest",
        typeVersion: 4.2,
        position: [200, 0],
        parameters: { method: "GET", url: `${base}/protected`, authentication: "genericCredentialType", genericAuthType: "httpBasicAuth", options: {} },
        credentials: { httpBasicAuth: { id: "17", name: credentialName } },
      },
    ],
    connections: { Start: { main: [[{ node: "HTTP Request", type: "main", index: 0 }]] } },
    settings: { executionOrder: "v1" },
  } as WorkflowDocument;
}

async function createCredential(tenantHeaders: Record<string, string>, name: string, type: string, data: Record<string, unknown>): Promise<string> {
  const res = await h.call({ method: "POST", url: "/credentials", headers: tenantHeaders, payload: { name, type, data } });
  expect(res.statusCode).toBe(201);
  return res.json().id as string;
}

beforeAll(async () => {
  // With the executor worker in this process, for the durable run below.
  h = await startHarness({ worker: true });
  r = await createTestRedis();
  redis = new Redis(r.url, { maxRetriesPerRequest: 2 });
  pool = new SandboxPool({ poolSize: 1 });
  http = createHttpClient();
  // The harness's API runs with the development key (no credentialKeys in its config): the same keyring reads what it wrote.
  provider = createCredentialsProvider(h.t.db, createKeyring({ current: Buffer.from(DEV_CREDENTIALS_ENCRYPTION_KEY, "base64") }));
  server = createServer((req, res) => {
    seen.push(req.headers.authorization);
    req.resume();
    req.on("end", () => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await createCredential(h.as(["creator"]), "Loopback basic", "httpBasicAuth", { user: "ana", password: "correct horse" });
  // The other tenant has a credential of the same name with other data: it must never be the one used.
  await createCredential(h.as(["creator"], h.otherTenant), "Loopback basic", "httpBasicAuth", { user: "mallory", password: "other tenant" });
}, 60000);

afterAll(async () => {
  http?.close();
  await pool?.close();
  redis?.disconnect();
  await r?.cleanup();
  await new Promise((resolve) => server.close(resolve));
  await h?.close();
});

describe("stored credentials in the engine", () => {
  it("the real HTTP Request node sends the tenant's basic-auth credentials, found by name", async () => {
    const engine = new WorkflowEngine({ registry: createBuiltinRegistry(), sandboxPool: pool, httpClient: http, credentials: provider });
    seen.length = 0;
    const result = await engine.run(callWithBasicAuth("Loopback basic"), { tenantId: h.tenant });
    expect(result.error).toBeUndefined();
    expect(result.status).toBe("success");
    expect(seen).toEqual([basic("ana", "correct horse")]);

    seen.length = 0;
    const other = await engine.run(callWithBasicAuth("Loopback basic"), { tenantId: h.otherTenant });
    expect(other.status).toBe("success");
    expect(seen).toEqual([basic("mallory", "other tenant")]);
  });

  it("fails the node clearly, sending nothing, when the credential is missing or the host gave no tenant", async () => {
    const engine = new WorkflowEngine({ registry: createBuiltinRegistry(), sandboxPool: pool, httpClient: http, credentials: provider });
    seen.length = 0;
    const missing = await engine.run(callWithBasicAuth("No such credential"), { tenantId: h.tenant });
    expect(missing.status).toBe("error");
    expect(missing.error).toMatchObject({ code: "WF_CREDENTIAL_UNRESOLVED", node: "HTTP Request" });
    expect(missing.error?.message).toContain('no httpBasicAuth credential with id 17 or named "No such credential"');
    const noTenant = await engine.run(callWithBasicAuth("Loopback basic"));
    expect(noTenant.error).toMatchObject({ code: "WF_CREDENTIAL_TENANT_REQUIRED" });
    expect(seen).toEqual([]);
  });

  it("the API's in-process test runs use the caller's tenant's credentials", async () => {
    const created = await h.call({ method: "POST", url: "/workflows", headers: h.as(["creator"]), payload: callWithBasicAuth("Loopback basic") });
    expect(created.statusCode).toBe(201);
    seen.length = 0;
    const run = await h.call({ method: "POST", url: `/workflows/${created.json().id}/test`, headers: h.as(["executor"]), payload: { to: "HTTP Request" } });
    expect(run.statusCode).toBe(200);
    expect(run.json()).toMatchObject({ status: "succeeded" });
    expect(seen).toEqual([basic("ana", "correct horse")]);
  });

  it("a production run on the executor worker sends the run's tenant's stored basic auth", async () => {
    const created = await h.call({ method: "POST", url: "/workflows", headers: h.as(["creator"]), payload: callWithBasicAuth("Loopback basic", "n8n-nodes-base.executeWorkflowTrigger") });
    const id = created.json().id as string;
    expect((await h.call({ method: "POST", url: `/workflows/${id}/publish`, headers: h.as(["approver"]) })).statusCode).toBe(200);
    seen.length = 0;
    const run = await h.call({ method: "POST", url: `/workflows/${id}/executions`, headers: h.as(["executor"]), payload: { wait: true } });
    expect(run.json()).toMatchObject({ status: "succeeded" });
    expect(seen).toEqual([basic("ana", "correct horse")]);
  });
});

describe("stored credentials in the gateway's webhook authentication", () => {
  const config: WebhookConfig = {
    node: "Webhook",
    typeVersion: 2,
    methods: ["POST"],
    multipleMethods: false,
    path: "orders",
    authentication: "basicAuth",
    credentials: { httpBasicAuth: { id: "n8n-3", name: "Loopback basic" } },
    responseMode: "onReceived",
    responseData: "firstEntryJson",
    responseBinaryPropertyName: "data",
    options: {},
  };
  const check = (authorization: string, credentials: Parameters<typeof authenticate>[0]["credentials"], tenantId = h.tenant) =>
    authenticate({ tenantId, workflowId: "w", config, headers: { authorization }, rawBody: Buffer.from("{}"), redis, prefix: r.prefix, credentials });

  it("accepts a basic-auth call with the stored user and password, and refuses a wrong password", async () => {
    await expect(check(basic("ana", "correct horse"), provider)).resolves.toEqual({});
    const wrong = await check(basic("ana", "wrong"), provider).catch((error: unknown) => error);
    expect(wrong).toBeInstanceOf(WebhookAuthError);
    expect(wrong).toMatchObject({ code: "WF_WEBHOOK_UNAUTHORIZED", httpStatus: 403 });
    // the other tenant's password does not open this tenant's webhook
    await expect(check(basic("mallory", "other tenant"), provider)).rejects.toMatchObject({ httpStatus: 403 });
  });

  it("through `find`, an unknown credential gives the gateway's generic refusal, naming nothing of the tenant's", async () => {
    const unknown = { ...config, credentials: { httpBasicAuth: { id: null, name: "Nobody" } } };
    const error = await authenticate({ tenantId: h.tenant, workflowId: "w", config: unknown, headers: { authorization: basic("ana", "correct horse") }, rawBody: Buffer.from(""), redis, prefix: r.prefix, credentials: { get: provider.find } }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "WF_WEBHOOK_AUTH_UNAVAILABLE", httpStatus: 500 });
    expect((error as Error).message).not.toContain("Nobody");
  });
});
