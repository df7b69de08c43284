import { createHttpClient, type ManagedHttpClient } from "@bos/http-client";
import { sendBody, sendJson, startLoopbackServer, type LoopbackServer } from "@bos/http-client/testing";
import type { Item } from "@bos/node-sdk";
import { createBuiltinRegistry } from "../builtin-registry";
import { jsonOf, runNodeForTest, type NodeTestOptions } from "../testing/test-context";
import { httpRequestV1Node, httpRequestV2Node } from "./http-request-legacy";

let server: LoopbackServer;
let http: ManagedHttpClient;

beforeEach(async () => {
  server = await startLoopbackServer();
  http = createHttpClient();
  server.route("/echo", (req, res) =>
    sendJson(res, 200, { method: req.method, url: req.url, contentType: req.headers["content-type"] ?? null, body: req.body.toString() }),
  );
  server.route("/list", (_req, res) => sendJson(res, 200, [{ id: 1 }, { id: 2 }]));
});

afterEach(async () => {
  http.close();
  await server.close();
});

const v2 = (parameters: Record<string, unknown>, options: Omit<NodeTestOptions, "parameters" | "http"> = {}) =>
  runNodeForTest(httpRequestV2Node, { typeVersion: 2, http, ...options, parameters });
const v1 = (parameters: Record<string, unknown>, options: Omit<NodeTestOptions, "parameters" | "http"> = {}) =>
  runNodeForTest(httpRequestV1Node, { typeVersion: 1, http, ...options, parameters });

describe("HTTP Request v1/v2 (legacy shapes)", () => {
  it("keeps a JSON array in one item (keyed by index) unless splitIntoItems", async () => {
    expect(jsonOf(await v2({ url: `${server.url}/list` }))).toEqual([[{ 0: { id: 1 }, 1: { id: 2 } }]]);
    expect(jsonOf(await v2({ url: `${server.url}/list`, options: { splitIntoItems: true } }))).toEqual([[{ id: 1 }, { id: 2 }]]);
  });

  it("sends UI query parameters with indexed arrays, or repeated keys with useQueryString", async () => {
    const queryParametersUi = { parameter: [{ name: "a", value: "1" }, { name: "a", value: "2" }, { name: "b", value: "x" }] };
    await v2({ url: `${server.url}/echo`, queryParametersUi });
    await v2({ url: `${server.url}/echo`, queryParametersUi, options: { useQueryString: true } });
    expect(server.requests.map((r) => decodeURIComponent(r.url))).toEqual(["/echo?a[0]=1&a[1]=2&b=x", "/echo?a=1&a=2&b=x"]);
  });

  it("sends UI body parameters as JSON, form-urlencoded or multipart, and lowercases UI header names", async () => {
    const bodyParametersUi = { parameter: [{ name: "name", value: "Ana" }] };
    const headerParametersUi = { parameter: [{ name: "X-Trace", value: "t" }] };
    const out = async (options: Record<string, unknown>) =>
      jsonOf(await v2({ requestMethod: "POST", url: `${server.url}/echo`, bodyParametersUi, headerParametersUi, options }))[0]?.[0];
    expect(await out({})).toMatchObject({ contentType: "application/json", body: '{"name":"Ana"}' });
    expect(await out({ bodyContentType: "form-urlencoded" })).toMatchObject({ contentType: "application/x-www-form-urlencoded", body: "name=Ana" });
    expect((await out({ bodyContentType: "multipart-form-data" }))?.["contentType"]).toMatch(/^multipart\/form-data/);
    expect(server.requests[0]?.rawHeaders).toContain("x-trace");
  });

  it("reads JSON/RAW parameters, with the legacy message for invalid JSON", async () => {
    const common = { requestMethod: "POST", url: `${server.url}/echo`, jsonParameters: true };
    await v2({ ...common, queryParametersJson: '{"q":"1"}', headerParametersJson: '{"X-J":"j"}', bodyParametersJson: '{"a":1}' });
    expect(server.requests[0]?.url).toBe("/echo?q=1");
    expect(server.requests[0]?.headers["x-j"]).toBe("j");
    expect(server.requests[0]?.body.toString()).toBe('{"a":1}');
    await v2({ ...common, bodyParametersJson: "<a/>", options: { bodyContentType: "raw", bodyContentCustomMimeType: "text/xml" } });
    expect(server.requests[1]?.headers["content-type"]).toBe("text/xml");
    expect(server.requests[1]?.body.toString()).toBe("<a/>");
    await expect(v2({ ...common, bodyParametersJson: "<a/>" })).rejects.toThrow('The data in "Body Parameters" is no valid JSON');
  });

  it("sends binary data raw or as multipart parts named sendKey:property", async () => {
    const item: Item = { json: {}, binary: { data: { data: Buffer.from("bytes!").toString("base64"), mimeType: "text/plain", fileName: "a.txt" } } };
    const common = { requestMethod: "POST", url: `${server.url}/echo`, jsonParameters: true, sendBinaryData: true };
    await v2({ ...common, binaryPropertyName: "data", options: { bodyContentType: "raw" } }, { items: [item] });
    await v2({ ...common, binaryPropertyName: "upload:data", options: { bodyContentType: "multipart-form-data" } }, { items: [item] });
    expect(server.requests[0]?.body.toString()).toBe("bytes!");
    expect(server.requests[1]?.body.toString()).toContain('name="upload"; filename="a.txt"');
    await expect(v2({ ...common, binaryPropertyName: "data" }, { items: [item] })).rejects.toThrow(/only supported when option "Body Content Type"/);
  });

  it("reads string and file responses into dataPropertyName, and gives the full response", async () => {
    server.route("/text", (_req, res) => sendBody(res, 200, "hello", "text/plain"));
    expect(jsonOf(await v2({ url: `${server.url}/text`, responseFormat: "string", dataPropertyName: "page" }))).toEqual([[{ page: "hello" }]]);
    const [[file]] = (await v2({ url: `${server.url}/text`, responseFormat: "file" }, { items: [{ json: { keep: 1 } }] })) as [[Item]];
    expect(file.json).toEqual({ keep: 1 });
    expect(file.binary?.["data"]?.data).toBe(Buffer.from("hello").toString("base64"));
    const [[full]] = jsonOf(await v2({ url: `${server.url}/list`, options: { fullResponse: true } })) as [[Record<string, unknown>]];
    expect(full).toMatchObject({ body: [{ id: 1 }, { id: 2 }], statusCode: 200, statusMessage: "OK" });
  });

  it("follows GET redirects but not POST ones unless followAllRedirects; ignoreResponseCode keeps errors as output", async () => {
    server.route("/moved", (_req, res) => {
      res.writeHead(302, { location: "/list", "content-length": 0 });
      res.end();
    });
    server.route("/missing", (_req, res) => sendJson(res, 404, { error: "gone" }));
    expect(jsonOf(await v2({ url: `${server.url}/moved`, options: { splitIntoItems: true } }))).toEqual([[{ id: 1 }, { id: 2 }]]);
    await expect(v2({ requestMethod: "POST", url: `${server.url}/moved` })).rejects.toMatchObject({ httpCode: 302 });
    expect(jsonOf(await v2({ requestMethod: "POST", url: `${server.url}/moved`, options: { followAllRedirects: true, splitIntoItems: true } }))).toEqual([[{ id: 1 }, { id: 2 }]]);
    expect(jsonOf(await v2({ url: `${server.url}/missing`, options: { ignoreResponseCode: true } }))).toEqual([[{ error: "gone" }]]);
  });

  it("v1 applies the credential its authentication names, and refuses OAuth for now", async () => {
    await v1({ url: `${server.url}/echo`, authentication: "headerAuth" }, { credentials: { httpHeaderAuth: { name: "X-Key", value: "k" } } });
    await v1({ url: `${server.url}/echo`, authentication: "queryAuth" }, { credentials: { httpQueryAuth: { name: "token", value: "q" } } });
    await v1({ url: `${server.url}/echo`, authentication: "basicAuth" }, { credentials: { httpBasicAuth: { user: "u", password: "p" } } });
    expect(server.requests[0]?.headers["x-key"]).toBe("k");
    expect(server.requests[1]?.url).toBe("/echo?token=q");
    expect(server.requests[2]?.headers["authorization"]).toBe(`Basic ${Buffer.from("u:p").toString("base64")}`);
    await expect(v1({ url: `${server.url}/echo`, authentication: "oAuth2" }, { credentials: { oAuth2Api: {} } })).rejects.toThrow("oAuth2Api authentication is not supported yet");
  });

  it("v2 uses the generic credential types and the idempotency key like v4", async () => {
    await v2(
      { requestMethod: "DELETE", url: `${server.url}/echo`, authentication: "genericCredentialType", genericAuthType: "httpBearerAuth" },
      { credentials: { httpBearerAuth: { token: "t" } } },
    );
    expect(server.requests[0]?.headers["authorization"]).toBe("Bearer t");
    expect(server.requests[0]?.headers["idempotency-key"]).toBe("test-execution:HTTP Request:0");
  });

  it("refuses an empty URL before sending anything", async () => {
    await expect(v2({ url: "  " })).rejects.toThrow("URL parameter cannot be empty");
    expect(server.requests).toHaveLength(0);
  });

  it("declares side effects from requestMethod and is registered for versions 1 and 2", () => {
    const sideEffects = httpRequestV1Node.description.sideEffects;
    if (typeof sideEffects !== "function") throw new Error("sideEffects must be a function");
    expect([sideEffects({}), sideEffects({ requestMethod: "GET" }), sideEffects({ requestMethod: "POST" })]).toEqual([false, false, true]);
    expect(createBuiltinRegistry().versionsOf("n8n-nodes-base.httpRequest")).toEqual(expect.arrayContaining([1, 2]));
  });
});
