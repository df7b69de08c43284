import fs from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { NodeApiError } from "@bos/node-sdk";
import { sendJson, startLoopbackServer, type LoopbackServer } from "./testing/loopback-server";
import { trackClients } from "./testing/http-client-test-helpers";

let server: LoopbackServer;
const clients = trackClients();
const client = clients.create;

beforeEach(async () => {
  server = await startLoopbackServer();
  server.route("*", (req, res) => sendJson(res, 200, { url: req.url, host: req.headers.host }));
});

afterEach(async () => {
  clients.closeAll();
  await server.close();
});

describe("transport", () => {
  it("reuses keep-alive connections for sequential requests", async () => {
    const http = client();
    for (let i = 0; i < 5; i++) await http.request({ method: "GET", url: `${server.url}/n${i}` });
    expect(server.requests).toHaveLength(5);
    expect(server.connections).toBe(1);
  });

  it("ignores proxy environment variables", async () => {
    const saved = { HTTP_PROXY: process.env.HTTP_PROXY, http_proxy: process.env.http_proxy };
    process.env.HTTP_PROXY = "http://127.0.0.1:9";
    process.env.http_proxy = "http://127.0.0.1:9";
    try {
      const res = await client().request({ method: "GET", url: `${server.url}/direct` });
      expect(res.body).toEqual({ url: "/direct", host: new URL(server.url).host });
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  it("sends requests through an explicit proxy", async () => {
    const port = Number(new URL(server.url).port);
    const res = await client({ proxy: { host: "127.0.0.1", port } }).request({ method: "GET", url: "http://api.example.test/items?x=1" });
    expect(res.body).toEqual({ url: "http://api.example.test/items?x=1", host: "api.example.test" });
  });

  it("resolves host names through the lookup option (where the guard checks addresses)", async () => {
    const looked: string[] = [];
    const lookup = ((hostname: string, options: unknown, callback: (...args: unknown[]) => void) => {
      looked.push(hostname);
      const all = typeof options === "object" && options !== null && (options as { all?: boolean }).all;
      if (all) callback(null, [{ address: "127.0.0.1", family: 4 }]);
      else callback(null, "127.0.0.1", 4);
    }) as unknown as import("node:net").LookupFunction;
    const port = new URL(server.url).port;
    const res = await client({ lookup }).request({ method: "GET", url: `http://service.internal.test:${port}/hello` });
    expect(looked).toEqual(["service.internal.test"]);
    expect(res.body).toEqual({ url: "/hello", host: `service.internal.test:${port}` });
  });
});

describe("TLS", () => {
  let tlsServer: https.Server;
  let tlsUrl: string;

  beforeAll(async () => {
    const fixtures = path.join(__dirname, "__fixtures__");
    tlsServer = https.createServer(
      { key: fs.readFileSync(path.join(fixtures, "self-signed.key")), cert: fs.readFileSync(path.join(fixtures, "self-signed.crt")) },
      (_req, res) => sendJson(res, 200, { secure: true }),
    );
    await new Promise<void>((resolve) => tlsServer.listen(0, "127.0.0.1", resolve));
    tlsUrl = `https://127.0.0.1:${(tlsServer.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    tlsServer.closeAllConnections();
    await new Promise((resolve) => tlsServer.close(resolve));
  });

  it("refuses a self-signed certificate with a non-retryable error that names the fix", async () => {
    const error = await client().request({ method: "GET", url: tlsUrl }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeApiError);
    expect((error as NodeApiError).code).toBe("WF_HTTP_CONNECTION");
    expect((error as NodeApiError).retryable).toBe(false);
    expect((error as NodeApiError).description).toMatch(/Ignore SSL Issues/);
  });

  it("accepts it with allowUnauthorizedCerts", async () => {
    expect((await client().request({ method: "GET", url: tlsUrl, allowUnauthorizedCerts: true })).body).toEqual({ secure: true });
  });

  it("refuses allowUnauthorizedCerts when the host forbids insecure TLS", async () => {
    const error = await client({ allowInsecureTls: false }).request({ method: "GET", url: tlsUrl, allowUnauthorizedCerts: true }).catch((e: unknown) => e);
    expect((error as NodeApiError).code).toBe("WF_HTTP_NOT_ALLOWED");
  });
});
