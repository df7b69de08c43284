import { EventEmitter } from "node:events";
import { sendBody, startLoopbackServer, type LoopbackServer } from "./testing/loopback-server";
import { catchApiError, trackClients } from "./testing/http-client-test-helpers";

let server: LoopbackServer;
const clients = trackClients();
const client = clients.create;

beforeEach(async () => {
  server = await startLoopbackServer();
});

afterEach(async () => {
  clients.closeAll();
  await server.close();
});

describe("timeouts", () => {
  it("fails with a retryable WF_HTTP_TIMEOUT when the server never answers", async () => {
    server.route("/hang", () => undefined);
    const error = await catchApiError(client().request({ method: "GET", url: `${server.url}/hang`, timeoutMs: 50 }));
    expect(error.code).toBe("WF_HTTP_TIMEOUT");
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(`The request to ${server.url}/hang timed out after 50 ms`);
  });

  it("covers the body too: a server that stalls after the headers times out", async () => {
    server.route("/stall", (_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("partial");
    });
    const error = await catchApiError(client().request({ method: "GET", url: `${server.url}/stall`, timeoutMs: 80 }));
    expect(error.code).toBe("WF_HTTP_TIMEOUT");
  });

  it("caps a request's timeout at the host maximum", async () => {
    server.route("/hang", () => undefined);
    const error = await catchApiError(client({ maxTimeoutMs: 40 }).request({ method: "GET", url: `${server.url}/hang`, timeoutMs: 600_000 }));
    expect(error.message).toMatch(/timed out after 40 ms/);
  });

  it("uses the host default timeout when the request sets none", async () => {
    server.route("/hang", () => undefined);
    const error = await catchApiError(client({ defaultTimeoutMs: 30 }).request({ method: "GET", url: `${server.url}/hang` }));
    expect(error.message).toMatch(/timed out after 30 ms/);
  });
});

describe("abort", () => {
  it("stops a request in flight when the signal aborts, as a non-retryable WF_HTTP_ABORTED", async () => {
    const controller = new AbortController();
    server.route("/hang", () => controller.abort());
    const error = await catchApiError(client().request({ method: "GET", url: `${server.url}/hang`, signal: controller.signal }));
    expect(error.code).toBe("WF_HTTP_ABORTED");
    expect(error.retryable).toBe(false);
  });

  it("stops while the body streams", async () => {
    const controller = new AbortController();
    server.route("/stream", (_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("first chunk");
      setImmediate(() => controller.abort());
    });
    const error = await catchApiError(client().request({ method: "GET", url: `${server.url}/stream`, signal: controller.signal }));
    expect(error.code).toBe("WF_HTTP_ABORTED");
  });

  it("leaves no listeners on a long-lived caller signal after requests finish", async () => {
    server.route("/ok", (_req, res) => sendBody(res, 200, "ok", "text/plain"));
    const execution = new AbortController();
    const http = client();
    for (let i = 0; i < 3; i++) await http.request({ method: "GET", url: `${server.url}/ok`, signal: execution.signal });
    expect(EventEmitter.getEventListeners(execution.signal, "abort")).toHaveLength(0);
  });

  it("sends nothing when the signal is already aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await catchApiError(client().request({ method: "GET", url: `${server.url}/x`, signal: controller.signal }));
    expect(error.code).toBe("WF_HTTP_ABORTED");
    expect(server.requests).toHaveLength(0);
  });
});

describe("response size cap", () => {
  it("refuses a body whose declared length is over the cap without reading it", async () => {
    server.route("/big", (_req, res) => sendBody(res, 200, "x".repeat(2048), "text/plain"));
    const error = await catchApiError(client({ maxResponseBytes: 1024 }).request({ method: "GET", url: `${server.url}/big` }));
    expect(error.code).toBe("WF_HTTP_RESPONSE_TOO_LARGE");
    expect(error.message).toBe(`The response from ${server.url}/big is larger than the limit of 1 KB`);
    expect(error.retryable).toBe(false);
  });

  it("stops reading an endless chunked body once it passes the cap", async () => {
    server.route("/endless", (_req, res) => {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      const chunk = Buffer.alloc(16 * 1024, 1);
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once("drain", pump);
      };
      res.on("error", () => undefined);
      pump();
    });
    const error = await catchApiError(client({ maxResponseBytes: 256 * 1024 }).request({ method: "GET", url: `${server.url}/endless`, responseType: "binary" }));
    expect(error.code).toBe("WF_HTTP_RESPONSE_TOO_LARGE");
  });

  it("does not apply the declared length of a HEAD response, which has no body", async () => {
    server.route("/big", (_req, res) => {
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": 10_000_000 });
      res.end();
    });
    const res = await client({ maxResponseBytes: 1024 }).request({ method: "HEAD", url: `${server.url}/big`, responseType: "binary" });
    expect(res.headers["content-length"]).toBe("10000000");
    expect((res.body as Uint8Array).byteLength).toBe(0);
  });

  it("lets a request lower the cap but never raise it", async () => {
    server.route("/mid", (_req, res) => sendBody(res, 200, "y".repeat(600), "text/plain"));
    const http = client({ maxResponseBytes: 1000 });
    expect((await catchApiError(http.request({ method: "GET", url: `${server.url}/mid`, maxResponseBytes: 500 }))).code).toBe("WF_HTTP_RESPONSE_TOO_LARGE");
    expect((await http.request({ method: "GET", url: `${server.url}/mid`, maxResponseBytes: 10_000_000 })).body).toHaveLength(600);
  });

  it("counts decompressed bytes, so a small gzip bomb is caught", async () => {
    const zlib = await import("node:zlib");
    const bomb = zlib.gzipSync(Buffer.alloc(4 * 1024 * 1024, 0));
    server.route("/bomb", (_req, res) => sendBody(res, 200, bomb, "application/octet-stream", { "content-encoding": "gzip" }));
    const error = await catchApiError(client({ maxResponseBytes: 1024 * 1024 }).request({ method: "GET", url: `${server.url}/bomb`, responseType: "binary" }));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(error.code).toBe("WF_HTTP_RESPONSE_TOO_LARGE");
  });
});
