import zlib from "node:zlib";
import { createHttpClient, type ManagedHttpClient } from "./index";
import { sendBody, sendJson, startLoopbackServer, type LoopbackServer } from "./testing/loopback-server";
import { catchApiError } from "./testing/http-client-test-helpers";

let server: LoopbackServer;
let client: ManagedHttpClient;

beforeEach(async () => {
  server = await startLoopbackServer();
  client = createHttpClient();
});

afterEach(async () => {
  client.close();
  await server.close();
});

describe("createHttpClient: requests", () => {
  it("appends query parameters to the URL's own query, repeating keys for arrays", async () => {
    server.route("/items", (_req, res) => sendJson(res, 200, { ok: true }));
    await client.request({ method: "GET", url: `${server.url}/items?keep=1`, query: { tag: ["a", "b"], page: 2, flag: true } });
    expect(server.requests[0]?.url).toBe("/items?keep=1&tag=a&tag=b&page=2&flag=true");
  });

  it("sends a JSON body with a JSON content type", async () => {
    server.route("/x", (_req, res) => sendJson(res, 201, {}));
    await client.request({ method: "POST", url: `${server.url}/x`, body: { kind: "json", value: { name: "Ana", n: [1, 2] } } });
    const req = server.requests[0];
    expect(req?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(req?.body.toString() ?? "")).toEqual({ name: "Ana", n: [1, 2] });
  });

  it("sends a form-urlencoded body, repeating keys for arrays", async () => {
    server.route("/x", (_req, res) => sendJson(res, 200, {}));
    await client.request({ method: "POST", url: `${server.url}/x`, body: { kind: "form", fields: { a: "1 2", b: ["x", "y"] } } });
    expect(server.requests[0]?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(server.requests[0]?.body.toString()).toBe("a=1+2&b=x&b=y");
  });

  it("sends a multipart body with text fields and files", async () => {
    server.route("/x", (_req, res) => sendJson(res, 200, {}));
    await client.request({
      method: "POST",
      url: `${server.url}/x`,
      body: {
        kind: "multipart",
        parts: [
          { name: "title", value: "Report" },
          { name: "file", data: new TextEncoder().encode("col1,col2\n1,2\n"), fileName: "r.csv", mimeType: "text/csv" },
        ],
      },
    });
    const req = server.requests[0];
    expect(req?.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    const text = req?.body.toString() ?? "";
    expect(text).toContain('name="title"');
    expect(text).toContain("Report");
    expect(text).toContain('name="file"; filename="r.csv"');
    expect(text).toContain("Content-Type: text/csv");
    expect(text).toContain("col1,col2\n1,2\n");
  });

  it("replaces a hand-set multipart content type that lacks the boundary", async () => {
    server.route("/x", (_req, res) => sendJson(res, 200, {}));
    await client.request({
      method: "POST",
      url: `${server.url}/x`,
      headers: { "Content-Type": "multipart/form-data" },
      body: { kind: "multipart", parts: [{ name: "a", value: "1" }] },
    });
    expect(server.requests[0]?.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=.+/);
  });

  it("sends raw bodies as given, and the caller's content type wins", async () => {
    server.route("/x", (_req, res) => sendJson(res, 200, {}));
    await client.request({ method: "PUT", url: `${server.url}/x`, body: { kind: "raw", data: "<a/>", contentType: "application/xml" } });
    await client.request({
      method: "PUT",
      url: `${server.url}/x`,
      headers: { "content-type": "image/png" },
      body: { kind: "raw", data: new Uint8Array([0, 255, 1]) },
    });
    expect(server.requests[0]?.headers["content-type"]).toBe("application/xml");
    expect(server.requests[0]?.body.toString()).toBe("<a/>");
    expect(server.requests[1]?.headers["content-type"]).toBe("image/png");
    expect([...(server.requests[1]?.body ?? [])]).toEqual([0, 255, 1]);
  });

  it("sends Idempotency-Key when idempotencyKey is set, replacing a header of that name", async () => {
    server.route("/x", (_req, res) => sendJson(res, 200, {}));
    await client.request({ method: "POST", url: `${server.url}/x`, idempotencyKey: "exec-1:HTTP Request:0", headers: { "idempotency-key": "old" } });
    await client.request({ method: "POST", url: `${server.url}/x` });
    expect(server.requests[0]?.headers["idempotency-key"]).toBe("exec-1:HTTP Request:0");
    expect(server.requests[1]?.headers["idempotency-key"]).toBeUndefined();
  });

  it("sends its own User-Agent unless the caller sets one", async () => {
    server.route("/x", (_req, res) => sendJson(res, 200, {}));
    await client.request({ method: "GET", url: `${server.url}/x` });
    await client.request({ method: "GET", url: `${server.url}/x`, headers: { "User-Agent": "mine" } });
    expect(server.requests[0]?.headers["user-agent"]).toMatch(/^BusinessOS-Workflow/);
    expect(server.requests[1]?.headers["user-agent"]).toBe("mine");
  });

  it("rejects URLs that are not absolute http(s) and unknown methods", async () => {
    expect((await catchApiError(client.request({ method: "GET", url: "/relative" }))).code).toBe("WF_HTTP_INVALID_REQUEST");
    expect((await catchApiError(client.request({ method: "GET", url: "ftp://example.com/x" }))).message).toMatch(/Unsupported protocol "ftp:"/);
    expect((await catchApiError(client.request({ method: "BREW" as "GET", url: server.url }))).message).toMatch(/Unsupported HTTP method "BREW"/);
    expect(server.requests).toHaveLength(0);
  });
});

describe("createHttpClient: responses", () => {
  it("parses JSON in auto mode and reports status, headers and final URL", async () => {
    server.route("/items", (_req, res) => sendJson(res, 200, [{ id: 1 }], { "x-total": "1" }));
    const res = await client.request({ method: "GET", url: `${server.url}/items` });
    expect(res.status).toBe(200);
    expect(res.statusText).toBe("OK");
    expect(res.body).toEqual([{ id: 1 }]);
    expect(res.headers["x-total"]).toBe("1");
    expect(res.url).toBe(`${server.url}/items`);
  });

  it("reads text in auto mode for non-JSON types, and falls back to text for mislabelled JSON", async () => {
    server.route("/html", (_req, res) => sendBody(res, 200, "<p>hi</p>", "text/html"));
    server.route("/bad", (_req, res) => sendBody(res, 200, "not json", "application/json"));
    expect((await client.request({ method: "GET", url: `${server.url}/html` })).body).toBe("<p>hi</p>");
    expect((await client.request({ method: "GET", url: `${server.url}/bad` })).body).toBe("not json");
  });

  it("fails with WF_HTTP_INVALID_JSON when JSON is required and the body is not JSON", async () => {
    server.route("/bad", (_req, res) => sendBody(res, 200, "<html>", "text/html"));
    const error = await catchApiError(client.request({ method: "GET", url: `${server.url}/bad`, responseType: "json" }));
    expect(error.code).toBe("WF_HTTP_INVALID_JSON");
    expect(error.retryable).toBe(false);
  });

  it("returns bytes as a Uint8Array in binary mode", async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
    server.route("/img", (_req, res) => sendBody(res, 200, bytes, "image/png"));
    const res = await client.request({ method: "GET", url: `${server.url}/img`, responseType: "binary" });
    expect(res.body).toBeInstanceOf(Uint8Array);
    expect([...(res.body as Uint8Array)]).toEqual([...bytes]);
  });

  it("decodes text in the charset the content type names", async () => {
    server.route("/latin", (_req, res) => sendBody(res, 200, Buffer.from([0x63, 0x61, 0x66, 0xe9]), "text/plain; charset=iso-8859-1"));
    expect((await client.request({ method: "GET", url: `${server.url}/latin`, responseType: "text" })).body).toBe("café");
  });

  it("decompresses gzip responses", async () => {
    server.route("/gz", (_req, res) => sendBody(res, 200, zlib.gzipSync(JSON.stringify({ zipped: true })), "application/json", { "content-encoding": "gzip" }));
    expect((await client.request({ method: "GET", url: `${server.url}/gz` })).body).toEqual({ zipped: true });
  });

  it("gives an empty body for HEAD and undefined for an empty JSON body", async () => {
    server.route("/x", (req, res) => (req.method === "HEAD" ? sendBody(res, 200, "", "application/json") : sendBody(res, 204, "", "application/json")));
    expect((await client.request({ method: "HEAD", url: `${server.url}/x`, responseType: "text" })).body).toBe("");
    expect((await client.request({ method: "DELETE", url: `${server.url}/x` })).body).toBeUndefined();
  });

  it("joins repeated response headers", async () => {
    server.route("/c", (_req, res) => {
      res.writeHead(200, { "set-cookie": ["a=1", "b=2"], "content-type": "text/plain" });
      res.end("ok");
    });
    expect((await client.request({ method: "GET", url: `${server.url}/c` })).headers["set-cookie"]).toBe("a=1, b=2");
  });
});

describe("createHttpClient: errors", () => {
  it("throws NodeApiError with httpCode, status text and a body excerpt for non-2xx answers", async () => {
    server.route("/missing", (_req, res) => sendJson(res, 404, { error: "no such item" }));
    const error = await catchApiError(client.request({ method: "GET", url: `${server.url}/missing?token=secret` }));
    expect(error.code).toBe("WF_HTTP_STATUS");
    expect(error.httpCode).toBe(404);
    expect(error.message).toBe(`GET ${server.url}/missing answered 404 Not Found: {"error":"no such item"}`);
    expect(error.message).not.toContain("secret");
    expect(error.retryable).toBe(false);
    expect(error.description).toMatch(/Check the URL/);
  });

  it("marks 5xx and 429 answers retryable", async () => {
    server.route("/busy", (_req, res) => sendBody(res, 503, "try later", "text/plain"));
    server.route("/slow-down", (_req, res) => sendBody(res, 429, "", "text/plain"));
    expect((await catchApiError(client.request({ method: "GET", url: `${server.url}/busy` }))).retryable).toBe(true);
    expect((await catchApiError(client.request({ method: "GET", url: `${server.url}/slow-down` }))).retryable).toBe(true);
  });

  it("cuts long error bodies to a short excerpt", async () => {
    server.route("/long", (_req, res) => sendBody(res, 500, "x".repeat(10_000), "text/plain"));
    const error = await catchApiError(client.request({ method: "GET", url: `${server.url}/long` }));
    expect(error.message.length).toBeLessThan(400);
    expect(error.message).toMatch(/x…$/);
  });

  it("returns non-2xx responses instead of throwing with neverError", async () => {
    server.route("/missing", (_req, res) => sendJson(res, 404, { error: "no" }));
    const res = await client.request({ method: "GET", url: `${server.url}/missing`, neverError: true });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: "no" });
  });

  it("reports a refused connection as a retryable WF_HTTP_CONNECTION error", async () => {
    const closed = await startLoopbackServer();
    const url = closed.url;
    await closed.close();
    const error = await catchApiError(client.request({ method: "GET", url: `${url}/x` }));
    expect(error.code).toBe("WF_HTTP_CONNECTION");
    expect(error.retryable).toBe(true);
    expect(error.message).toContain("ECONNREFUSED");
    expect(error.httpCode).toBeUndefined();
  });

  it("validates host options when the client is created", () => {
    expect(() => createHttpClient({ maxResponseBytes: 0 })).toThrow(/maxResponseBytes must be a positive number/);
    expect(() => createHttpClient({ maxRedirectsCap: -1 })).toThrow(/maxRedirectsCap must be an integer >= 0/);
  });
});
