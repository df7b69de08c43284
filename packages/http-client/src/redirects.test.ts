import { NodeOperationError } from "@bos/node-sdk";
import type { BeforeRequestInfo } from "./index";
import { sendJson, startLoopbackServer, type LoopbackServer } from "./testing/loopback-server";
import { catchApiError, trackClients } from "./testing/http-client-test-helpers";

let server: LoopbackServer;
let other: LoopbackServer;
const clients = trackClients();
const client = clients.create;

function redirect(status: number, location: string) {
  return (_req: unknown, res: import("node:http").ServerResponse) => {
    res.writeHead(status, { location, "content-length": 0 });
    res.end();
  };
}

beforeEach(async () => {
  server = await startLoopbackServer();
  other = await startLoopbackServer();
  server.route("/final", (req, res) => sendJson(res, 200, { method: req.method, body: req.body.toString() }));
  other.route("/final", (_req, res) => sendJson(res, 200, { host: "other" }));
});

afterEach(async () => {
  clients.closeAll();
  await server.close();
  await other.close();
});

describe("redirects", () => {
  it("follows a chain of redirects and reports the final URL", async () => {
    server.route("/a", redirect(301, "/b"));
    server.route("/b", redirect(302, `${server.url}/final`));
    const res = await client().request({ method: "GET", url: `${server.url}/a` });
    expect(res.body).toEqual({ method: "GET", body: "" });
    expect(res.url).toBe(`${server.url}/final`);
    expect(server.requests.map((r) => r.url)).toEqual(["/a", "/b", "/final"]);
  });

  it("stops a redirect loop at the limit with WF_HTTP_TOO_MANY_REDIRECTS", async () => {
    server.route("/loop", redirect(302, "/loop"));
    const error = await catchApiError(client().request({ method: "GET", url: `${server.url}/loop`, maxRedirects: 3 }));
    expect(error.code).toBe("WF_HTTP_TOO_MANY_REDIRECTS");
    expect(error.message).toBe(`Stopped after 3 redirects, starting at ${server.url}/loop`);
    expect(server.requests).toHaveLength(4);
  });

  it("follows 21 redirects by default and caps what a request may ask for", async () => {
    server.route("/loop", redirect(302, "/loop"));
    expect((await catchApiError(client().request({ method: "GET", url: `${server.url}/loop` }))).message).toMatch(/after 21 redirects/);
    expect((await catchApiError(client({ maxRedirectsCap: 2 }).request({ method: "GET", url: `${server.url}/loop`, maxRedirects: 100 }))).message).toMatch(/after 2 redirects/);
  });

  it("with maxRedirects 0 returns the redirect itself, which is an error unless neverError", async () => {
    server.route("/a", redirect(302, "/final"));
    const error = await catchApiError(client().request({ method: "GET", url: `${server.url}/a`, maxRedirects: 0 }));
    expect(error.httpCode).toBe(302);
    const res = await client().request({ method: "GET", url: `${server.url}/a`, maxRedirects: 0, neverError: true });
    expect(res.status).toBe(302);
    expect(res.headers["location"]).toBe("/final");
    expect(server.requests.map((r) => r.url)).toEqual(["/a", "/a"]);
  });

  it("turns POST into GET without a body on 303, and keeps method and body on 307", async () => {
    server.route("/see-other", redirect(303, "/final"));
    server.route("/temporary", redirect(307, "/final"));
    const body = { kind: "json" as const, value: { a: 1 } };
    expect((await client().request({ method: "POST", url: `${server.url}/see-other`, body })).body).toEqual({ method: "GET", body: "" });
    expect((await client().request({ method: "POST", url: `${server.url}/temporary`, body })).body).toEqual({ method: "POST", body: '{"a":1}' });
    expect(server.requests[1]?.headers["content-type"]).toBeUndefined();
    expect(server.requests[3]?.headers["content-type"]).toBe("application/json");
  });

  it("drops credential headers on a cross-origin redirect and keeps them on the same origin", async () => {
    server.route("/same", redirect(302, "/final"));
    server.route("/away", redirect(302, `${other.url}/final`));
    const headers = { Authorization: "Bearer t", Cookie: "s=1", "X-Api-Key": "k", "X-Trace": "1" };
    await client().request({ method: "GET", url: `${server.url}/same`, headers, sensitiveHeaders: ["X-Api-Key"] });
    await client().request({ method: "GET", url: `${server.url}/away`, headers, sensitiveHeaders: ["X-Api-Key"] });
    expect(server.requests[1]?.headers["authorization"]).toBe("Bearer t");
    const crossed = other.requests[0]?.headers;
    expect(crossed?.["authorization"]).toBeUndefined();
    expect(crossed?.["cookie"]).toBeUndefined();
    expect(crossed?.["x-api-key"]).toBeUndefined();
    expect(crossed?.["x-trace"]).toBe("1");
  });

  it("keeps credentials across origins when sendCredentialsOnCrossOriginRedirect is set", async () => {
    server.route("/away", redirect(302, `${other.url}/final`));
    await client().request({ method: "GET", url: `${server.url}/away`, headers: { Authorization: "Bearer t" }, sendCredentialsOnCrossOriginRedirect: true });
    expect(other.requests[0]?.headers["authorization"]).toBe("Bearer t");
  });
});

describe("beforeRequest (network guard seam)", () => {
  it("is called before every hop with the URL and the redirect count", async () => {
    server.route("/a", redirect(302, `${other.url}/final`));
    const seen: Array<[string, BeforeRequestInfo]> = [];
    await client({ beforeRequest: (url, info) => void seen.push([url.href, info]) }).request({ method: "GET", url: `${server.url}/a?q=1` });
    expect(seen).toEqual([
      [`${server.url}/a?q=1`, { method: "GET", redirectCount: 0 }],
      [`${other.url}/final`, { method: "GET", redirectCount: 1 }],
    ]);
  });

  it("blocks a redirect target it refuses, before anything is sent there", async () => {
    server.route("/a", redirect(302, `${other.url}/final`));
    const guard = async (url: URL) => {
      if (url.port === new URL(other.url).port) throw new Error("private address");
    };
    const error = await catchApiError(client({ beforeRequest: guard }).request({ method: "GET", url: `${server.url}/a` }));
    expect(error.code).toBe("WF_HTTP_BLOCKED");
    expect(error.message).toBe(`The request to ${other.url}/final was blocked: private address`);
    expect(error.retryable).toBe(false);
    expect(other.requests).toHaveLength(0);
  });

  it("passes the guard's own NodeError through unchanged", async () => {
    const refusal = new NodeOperationError("Tenant policy forbids this host");
    await expect(client({ beforeRequest: () => { throw refusal; } }).request({ method: "GET", url: server.url })).rejects.toBe(refusal);
    expect(server.requests).toHaveLength(0);
  });
});
