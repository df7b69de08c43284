import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type Harness, startHarness } from "./test-harness";

/** Stored credentials in durable runs: the executor worker (in this process) runs HTTP Request with the tenant's basic auth. */
let h: Harness;
let server: Server;
let base: string;
const seen: Array<string | undefined> = [];

beforeAll(async () => {
  h = await startHarness({ worker: true });
  server = createServer((req, res) => {
    seen.push(req.headers.authorization);
    req.resume();
    req.on("end", () => {
      res.setHeader("content-type", "application/json");
      res.end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60000);

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await h.close();
});

it("a production run on the worker sends the run's tenant's stored basic auth", async () => {
  const created = await h.call({ method: "POST", url: "/credentials", headers: h.as(["creator"]), payload: { name: "Worker basic", type: "httpBasicAuth", data: { user: "w", password: "pw" } } });
  expect(created.statusCode).toBe(201);
  const doc = {
    name: "worker basic auth",
    nodes: [
      { id: "t", name: "Start", type: "n8n-nodes-base.executeWorkflowTrigger", typeVersion: 1, position: [0, 0], parameters: {} },
      {
        id: "h",
        name: "HTTP Request",
        type: "n8n-nodes-base.httpRequest",
        typeVersion: 4.2,
        position: [200, 0],
        parameters: { method: "GET", url: `${base}/protected`, authentication: "genericCredentialType", genericAuthType: "httpBasicAuth", options: {} },
        credentials: { httpBasicAuth: { id: "1", name: "Worker basic" } },
      },
    ],
    connections: { Start: { main: [[{ node: "HTTP Request", type: "main", index: 0 }]] } },
    settings: { executionOrder: "v1" },
  };
  const id = (await h.call({ method: "POST", url: "/workflows", headers: h.as(["creator"]), payload: doc })).json().id as string;
  expect((await h.call({ method: "POST", url: `/workflows/${id}/publish`, headers: h.as(["approver"]) })).statusCode).toBe(200);
  const run = await h.call({ method: "POST", url: `/workflows/${id}/executions`, headers: h.as(["executor"]), payload: { wait: true } });
  expect(run.json()).toMatchObject({ status: "succeeded" });
  expect(seen).toEqual([`Basic ${Buffer.from("w:pw").toString("base64")}`]);
});
