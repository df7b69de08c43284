import { createHttpClient, type ManagedHttpClient } from "@bos/http-client";
import { sendBody, sendJson, startLoopbackServer, type LoopbackServer } from "@bos/http-client/testing";
import { NodeApiError, NodeOperationError, type Item } from "@bos/node-sdk";
import { createBuiltinRegistry } from "../builtin-registry";
import { createTestContext, jsonOf, runNodeForTest, type NodeTestOptions } from "../testing/test-context";
import { httpRequestNode, httpRequestV3Node } from "./http-request";

let server: LoopbackServer;
let http: ManagedHttpClient;

beforeEach(async () => {
  server = await startLoopbackServer();
  http = createHttpClient();
  server.route("/echo", (req, res) =>
    sendJson(res, 200, { method: req.method, url: req.url, contentType: req.headers["content-type"] ?? null, body: req.body.toString() }),
  );
});

afterEach(async () => {
  http.close();
  await server.close();
});

function run(parameters: Record<string, unknown>, options: Omit<NodeTestOptions, "parameters" | "http"> = {}) {
  return runNodeForTest(httpRequestNode, { typeVersion: 4.2, http, ...options, parameters });
}

const items = (n: number): Item[] => Array.from({ length: n }, (_v, i) => ({ json: { i } }));

describe("HTTP Request: requests", () => {
  it("splits a JSON array body into one item per element, paired with the input item", async () => {
    server.route("/users", (_req, res) => sendJson(res, 200, [{ id: 1 }, { id: 2 }]));
    const out = await run({ url: `${server.url}/users` });
    expect(out).toEqual([[{ json: { id: 1 }, pairedItem: { item: 0 } }, { json: { id: 2 }, pairedItem: { item: 0 } }]]);
  });

  it("sends one request per input item, keeping item order in the output", async () => {
    server.route("/n", (req, res) => sendJson(res, 200, { got: new URL(req.url, "http://x").searchParams.get("n") }));
    const out = await run(
      { url: `${server.url}/n`, sendQuery: true, queryParameters: { parameters: [{ name: "n", value: "x" }] } },
      { items: items(3), perItemParameters: [0, 1, 2].map((i) => ({ queryParameters: { parameters: [{ name: "n", value: String(i) }] } })) },
    );
    expect(jsonOf(out)).toEqual([[{ got: "0" }, { got: "1" }, { got: "2" }]]);
  });

  it.each(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])("sends %s", async (method) => {
    const out = await run({ method, url: `${server.url}/echo` });
    expect(jsonOf(out)[0]?.[0]?.["method"]).toBe(method);
  });

  it("sends HEAD and outputs an empty item", async () => {
    server.route("/head", (_req, res) => sendBody(res, 200, "", "text/plain"));
    expect(jsonOf(await run({ method: "HEAD", url: `${server.url}/head` }))).toEqual([[{}]]);
    expect(server.requests[0]?.method).toBe("HEAD");
  });

  it("sends query parameters from fields with brackets for arrays, or from JSON", async () => {
    await run({ url: `${server.url}/echo?fixed=1`, sendQuery: true, specifyQuery: "json", jsonQuery: '{"tag":["a","b"],"f":{"x":1}}' });
    await run({
      url: `${server.url}/echo`,
      sendQuery: true,
      specifyQuery: "json",
      jsonQuery: '{"tag":["a","b"]}',
      options: { queryParameterArrays: "indices" },
    });
    await run({ url: `${server.url}/echo`, sendQuery: true, specifyQuery: "json", jsonQuery: '{"tag":["a","b"]}', options: { queryParameterArrays: "repeat" } });
    expect(server.requests.map((r) => decodeURIComponent(r.url))).toEqual([
      "/echo?fixed=1&tag[]=a&tag[]=b&f[x]=1",
      "/echo?tag[0]=a&tag[1]=b",
      "/echo?tag=a&tag=b",
    ]);
  });

  it("keeps the last of repeated field names before 4.3 and sends all of them from 4.3", async () => {
    const parameters = { url: `${server.url}/echo`, sendQuery: true, queryParameters: { parameters: [{ name: "k", value: "1" }, { name: "k", value: "2" }] } };
    await run(parameters);
    await runNodeForTest(httpRequestNode, { typeVersion: 4.3, http, parameters: { ...parameters, options: { queryParameterArrays: "repeat" } } });
    expect(server.requests.map((r) => r.url)).toEqual(["/echo?k=2", "/echo?k=1&k=2"]);
  });

  it("sends headers lowercased by default, as written with lowercaseHeaders off", async () => {
    const headerParameters = { parameters: [{ name: "X-Trace-Id", value: "t1" }] };
    await run({ url: `${server.url}/echo`, sendHeaders: true, headerParameters });
    await run({ url: `${server.url}/echo`, sendHeaders: true, headerParameters, options: { lowercaseHeaders: false } });
    await run({ url: `${server.url}/echo`, sendHeaders: true, specifyHeaders: "json", jsonHeaders: '{"X-Json":"j"}' });
    expect(server.requests[0]?.rawHeaders).toContain("x-trace-id");
    expect(server.requests[1]?.rawHeaders).toContain("X-Trace-Id");
    expect(server.requests[2]?.headers["x-json"]).toBe("j");
  });

  it("fails the item with a clear error for a URL that is not http(s) or JSON that does not parse", async () => {
    await expect(run({ url: "ftp://example.com" })).rejects.toThrow('Invalid URL: ftp://example.com. URL must start with "http" or "https".');
    await expect(run({ url: `${server.url}/echo`, sendQuery: true, specifyQuery: "json", jsonQuery: "{bad" })).rejects.toThrow(
      'The value in the "JSON Query Parameters" field is not valid JSON',
    );
    expect(server.requests).toHaveLength(0);
  });

  it("refuses the Proxy option and client SSL certificates with clear errors", async () => {
    await expect(run({ url: `${server.url}/echo`, options: { proxy: "http://proxy:3128" } })).rejects.toThrow("The Proxy option is not supported yet");
    await expect(run({ url: `${server.url}/echo`, provideSslCertificates: true })).rejects.toThrow(/SSL certificates.*not supported yet/i);
  });
});

describe("HTTP Request: bodies", () => {
  const body = async (parameters: Record<string, unknown>, options: Omit<NodeTestOptions, "parameters" | "http"> = {}) =>
    jsonOf(await run({ method: "POST", url: `${server.url}/echo`, sendBody: true, ...parameters }, options))[0]?.[0];

  it("sends JSON from fields and from a JSON string", async () => {
    expect(await body({ bodyParameters: { parameters: [{ name: "name", value: "Ana" }] } })).toMatchObject({ contentType: "application/json", body: '{"name":"Ana"}' });
    expect(await body({ specifyBody: "json", jsonBody: '{"a":[1,2]}' })).toMatchObject({ body: '{"a":[1,2]}' });
    expect(await body({ specifyBody: "json", jsonBody: { already: "object" } })).toMatchObject({ body: '{"already":"object"}' });
  });

  it("sends form-urlencoded from fields and from a single string", async () => {
    expect(await body({ contentType: "form-urlencoded", bodyParameters: { parameters: [{ name: "a", value: "1 2" }] } })).toMatchObject({
      contentType: "application/x-www-form-urlencoded",
      body: "a=1+2",
    });
    expect(await body({ contentType: "form-urlencoded", specifyBody: "string", body: "x=1&y=2" })).toMatchObject({ body: "x=1&y=2" });
  });

  it("sends multipart with text fields and a binary file from the item", async () => {
    const item: Item = { json: {}, binary: { file: { data: Buffer.from("hello file").toString("base64"), mimeType: "text/plain", fileName: "h.txt" } } };
    const out = await body(
      {
        contentType: "multipart-form-data",
        bodyParameters: {
          parameters: [
            { parameterType: "formData", name: "title", value: "T" },
            { parameterType: "formBinaryData", name: "upload", inputDataFieldName: "file" },
          ],
        },
      },
      { items: [item] },
    );
    expect(out?.["contentType"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(out?.["body"]).toContain('name="upload"; filename="h.txt"');
    expect(out?.["body"]).toContain("hello file");
    expect(out?.["body"]).toContain('name="title"');
  });

  it("sends an item's binary file as the body with its MIME type", async () => {
    const item: Item = { json: {}, binary: { data: { data: Buffer.from("%PDF-1").toString("base64"), mimeType: "application/pdf" } } };
    expect(await body({ contentType: "binaryData", inputDataFieldName: "data" }, { items: [item] })).toMatchObject({ contentType: "application/pdf", body: "%PDF-1" });
    await expect(body({ contentType: "binaryData", inputDataFieldName: "missing" }, { items: [item] })).rejects.toThrow(/binary file 'missing'/);
  });

  it("sends raw bodies with their content type", async () => {
    expect(await body({ contentType: "raw", rawContentType: "text/xml", body: "<a/>" })).toMatchObject({ contentType: "text/xml", body: "<a/>" });
  });
});

describe("HTTP Request: responses", () => {
  beforeEach(() => {
    server.route("/text", (_req, res) => sendBody(res, 200, "plain words", "text/plain"));
    server.route("/obj", (_req, res) => sendJson(res, 200, { a: 1 }, { "x-extra": "e" }));
    server.route("/files/report.png", (_req, res) => sendBody(res, 200, Buffer.from([137, 80, 78, 71]), "image/png"));
    server.route("/download", (_req, res) => sendBody(res, 200, "a,b\n1,2\n", "application/octet-stream", { "content-disposition": 'attachment; filename="data.csv"' }));
  });

  it("autodetects text into `data` and files into binary.data", async () => {
    expect(jsonOf(await run({ url: `${server.url}/text` }))).toEqual([[{ data: "plain words" }]]);
    const [[file]] = (await run({ url: `${server.url}/files/report.png` }, { items: [{ json: { keep: true } }] })) as [[Item]];
    expect(file.json).toEqual({ keep: true });
    expect(file.binary?.["data"]).toMatchObject({ data: Buffer.from([137, 80, 78, 71]).toString("base64"), mimeType: "image/png", fileName: "report.png", fileExtension: "png" });
  });

  it("takes the file name from content-disposition", async () => {
    const [[file]] = (await run({ url: `${server.url}/download`, options: { response: { response: { responseFormat: "file", outputPropertyName: "csv" } } } })) as [[Item]];
    expect(file.binary?.["csv"]).toMatchObject({ fileName: "data.csv", mimeType: "application/octet-stream", fileExtension: "csv" });
    expect(Buffer.from(file.binary?.["csv"]?.data ?? "", "base64").toString()).toBe("a,b\n1,2\n");
  });

  it("reads text explicitly into the chosen field, and JSON explicitly with a clear error when it is not JSON", async () => {
    const text = { response: { response: { responseFormat: "text", outputPropertyName: "page" } } };
    expect(jsonOf(await run({ url: `${server.url}/obj`, options: text }))).toEqual([[{ page: '{"a":1}' }]]);
    const json = { response: { response: { responseFormat: "json" } } };
    await expect(run({ url: `${server.url}/text`, options: json })).rejects.toThrow('Response body is not valid JSON. Change "Response Format" to "Text"');
  });

  it("gives {body, headers, statusCode, statusMessage} with fullResponse", async () => {
    const [[item]] = jsonOf(await run({ url: `${server.url}/obj`, options: { response: { response: { fullResponse: true } } } })) as [[Record<string, unknown>]];
    expect(item).toMatchObject({ body: { a: 1 }, statusCode: 200, statusMessage: "OK" });
    expect((item["headers"] as Record<string, string>)["x-extra"]).toBe("e");
  });

  it("gives {} for an empty JSON body", async () => {
    server.route("/empty", (_req, res) => sendBody(res, 200, "", "application/json"));
    expect(jsonOf(await run({ url: `${server.url}/empty` }))).toEqual([[{}]]);
  });
});

describe("HTTP Request: errors", () => {
  beforeEach(() => {
    server.route("/fail", (req, res) => {
      const n = new URL(req.url, "http://x").searchParams.get("n");
      if (n === "1") sendJson(res, 404, { error: "no such thing" });
      else sendJson(res, 200, { n });
    });
  });
  const perItem = [0, 1, 2].map((i) => ({ queryParameters: { parameters: [{ name: "n", value: String(i) }] } }));
  const parameters = (extra: Record<string, unknown> = {}) => ({ url: `${server.url}/fail`, sendQuery: true, queryParameters: { parameters: [] }, ...extra });

  it("throws NodeApiError with the status and the item index for a non-2xx answer", async () => {
    const error = await run(parameters(), { items: items(3), perItemParameters: perItem }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeApiError);
    expect(error).toMatchObject({ httpCode: 404, itemIndex: 1, code: "WF_HTTP_STATUS" });
    expect((error as Error).message).toContain('404 Not Found: {"error":"no such thing"}');
  });

  it("outputs the error response instead with neverError", async () => {
    const out = await run(parameters({ options: { response: { response: { neverError: true } } } }), { items: items(3), perItemParameters: perItem });
    expect(jsonOf(out)).toEqual([[{ n: "0" }, { error: "no such thing" }, { n: "2" }]]);
  });

  it("emits {error} for the failing item and carries on with continueOnFail", async () => {
    const out = await run(parameters(), { items: items(3), perItemParameters: perItem, onError: "continueRegularOutput" });
    expect(out[0]?.[1]).toEqual({
      json: { error: expect.objectContaining({ code: "WF_HTTP_STATUS", httpCode: 404, message: expect.stringContaining("404 Not Found") }) },
      pairedItem: { item: 1 },
    });
    expect(jsonOf(out)[0]?.[0]).toEqual({ n: "0" });
    expect(jsonOf(out)[0]?.[2]).toEqual({ n: "2" });
  });

  it("emits {error: message} for an item whose request cannot be built, with continueOnFail", async () => {
    const out = await run({ url: `${server.url}/fail` }, { items: items(2), perItemParameters: [{ url: "not a url" }, {}], onError: "continueRegularOutput" });
    expect(out[0]?.[0]).toEqual({ json: { error: 'Invalid URL: not a url. URL must start with "http" or "https".' }, pairedItem: { item: 0 } });
    expect(jsonOf(out)[0]?.[1]).toEqual({ n: null });
  });

  it("times out with the timeout option", async () => {
    server.route("/hang", () => undefined);
    await expect(run({ url: `${server.url}/hang`, options: { timeout: 30 } })).rejects.toMatchObject({ code: "WF_HTTP_TIMEOUT" });
  });

  it("follows redirects by default from v4, not in v3, and never with followRedirects off", async () => {
    server.route("/moved", (_req, res) => {
      res.writeHead(302, { location: "/obj-final", "content-length": 0 });
      res.end();
    });
    server.route("/obj-final", (_req, res) => sendJson(res, 200, { landed: true }));
    expect(jsonOf(await run({ url: `${server.url}/moved` }))).toEqual([[{ landed: true }]]);
    await expect(runNodeForTest(httpRequestV3Node, { typeVersion: 3, http, parameters: { url: `${server.url}/moved` } })).rejects.toMatchObject({ httpCode: 302 });
    await expect(run({ url: `${server.url}/moved`, options: { redirect: { redirect: { followRedirects: false } } } })).rejects.toMatchObject({ httpCode: 302 });
    const follow = { redirect: { redirect: { followRedirects: true, maxRedirects: 5 } } };
    expect(jsonOf(await runNodeForTest(httpRequestV3Node, { typeVersion: 3, http, parameters: { url: `${server.url}/moved`, options: follow } }))).toEqual([[{ landed: true }]]);
  });
});

describe("HTTP Request: credentials on redirects", () => {
  it("keeps credentials on a cross-origin redirect before 4.4 and drops them from 4.4, as n8n", async () => {
    const other = await startLoopbackServer();
    try {
      other.route("/landing", (req, res) => sendJson(res, 200, { auth: req.headers["authorization"] ?? null }));
      server.route("/away", (_req, res) => {
        res.writeHead(302, { location: `${other.url}/landing`, "content-length": 0 });
        res.end();
      });
      const parameters = { url: `${server.url}/away`, authentication: "genericCredentialType", genericAuthType: "httpBearerAuth" };
      const credentials = { httpBearerAuth: { token: "t" } };
      const at = (typeVersion: number, extra: Record<string, unknown> = {}) =>
        runNodeForTest(httpRequestNode, { typeVersion, http, credentials, parameters: { ...parameters, ...extra } }).then(jsonOf);
      expect(await at(4.2)).toEqual([[{ auth: "Bearer t" }]]);
      expect(await at(4.4)).toEqual([[{ auth: null }]]);
      expect(await at(4.4, { options: { sendCredentialsOnCrossOriginRedirect: true } })).toEqual([[{ auth: "Bearer t" }]]);
    } finally {
      await other.close();
    }
  });
});

describe("HTTP Request: batching", () => {
  it("sleeps batchInterval between batches of batchSize items", async () => {
    const ctx = createTestContext(httpRequestNode, {
      typeVersion: 4.2,
      http,
      items: items(5),
      parameters: { url: `${server.url}/echo`, options: { batching: { batch: { batchSize: 2, batchInterval: 250 } } } },
    });
    const sleeps: number[] = [];
    ctx.sleep = async (ms) => void sleeps.push(ms);
    const out = await httpRequestNode.execute(ctx);
    expect(sleeps).toEqual([250, 250]);
    expect(Array.isArray(out) && out[0]?.length).toBe(5);
  });
});

describe("HTTP Request: authentication", () => {
  const auth = (genericAuthType: string, credentials: Record<string, Record<string, unknown>>, extra: Record<string, unknown> = {}) =>
    run({ url: `${server.url}/echo`, authentication: "genericCredentialType", genericAuthType, ...extra }, { credentials }).then(() => server.requests.at(-1));

  it("applies basic, bearer, header and query credentials", async () => {
    expect((await auth("httpBasicAuth", { httpBasicAuth: { user: "ana", password: "pw" } }))?.headers["authorization"]).toBe(`Basic ${Buffer.from("ana:pw").toString("base64")}`);
    expect((await auth("httpBearerAuth", { httpBearerAuth: { token: "tok" } }))?.headers["authorization"]).toBe("Bearer tok");
    expect((await auth("httpHeaderAuth", { httpHeaderAuth: { name: "X-Api-Key", value: "k1" } }))?.headers["x-api-key"]).toBe("k1");
    expect((await auth("httpQueryAuth", { httpQueryAuth: { name: "api_key", value: "q1" } }))?.url).toBe("/echo?api_key=q1");
  });

  it("merges custom auth headers, query and body", async () => {
    const json = JSON.stringify({ headers: { "X-Custom": "c" }, qs: { k: "v" }, body: { secret: "s" } });
    const req = await auth("httpCustomAuth", { httpCustomAuth: { json } }, { method: "POST", sendBody: true, bodyParameters: { parameters: [{ name: "a", value: "1" }] } });
    expect(req?.headers["x-custom"]).toBe("c");
    expect(req?.url).toBe("/echo?k=v");
    expect(JSON.parse(req?.body.toString() ?? "")).toEqual({ a: "1", secret: "s" });
  });

  it("refuses OAuth2, Digest and unknown predefined credential types with clear errors", async () => {
    await expect(auth("oAuth2Api", { oAuth2Api: {} })).rejects.toThrow("oAuth2Api authentication is not supported yet");
    await expect(auth("httpDigestAuth", { httpDigestAuth: {} })).rejects.toThrow("httpDigestAuth authentication is not supported yet");
    await expect(
      run({ url: `${server.url}/echo`, authentication: "predefinedCredentialType", nodeCredentialType: "notionApi" }, { credentials: { notionApi: { apiKey: "x" } } }),
    ).rejects.toThrow("The predefined credential type 'notionApi' is not supported yet");
    expect(server.requests).toHaveLength(0);
  });

  it("fails without sending when the credential is missing", async () => {
    await expect(auth("httpBearerAuth", {})).rejects.toThrow(/No credentials of type httpBearerAuth/);
    expect(server.requests).toHaveLength(0);
  });
});

describe("HTTP Request: idempotency and side effects", () => {
  it("sends the node run's idempotency key on requests with side effects", async () => {
    await run({ method: "POST", url: `${server.url}/echo` }, { name: "Create", runIndex: 2 });
    await run({ method: "GET", url: `${server.url}/echo` });
    expect(server.requests[0]?.headers["idempotency-key"]).toBe("test-execution:Create:2");
    expect(server.requests[1]?.headers["idempotency-key"]).toBeUndefined();
  });

  it("appends the item index when there are several items", async () => {
    await run({ method: "PUT", url: `${server.url}/echo` }, { items: items(2) });
    expect(server.requests.map((r) => r.headers["idempotency-key"]).sort()).toEqual(["test-execution:HTTP Request:0:0", "test-execution:HTTP Request:0:1"]);
  });

  it("keeps an Idempotency-Key header the user set", async () => {
    await run({ method: "POST", url: `${server.url}/echo`, sendHeaders: true, headerParameters: { parameters: [{ name: "Idempotency-Key", value: "mine" }] } });
    expect(server.requests[0]?.headers["idempotency-key"]).toBe("mine");
  });

  it("declares side effects for every method but GET, HEAD and OPTIONS", () => {
    const sideEffects = httpRequestNode.description.sideEffects;
    if (typeof sideEffects !== "function") throw new Error("sideEffects must be a function of the parameters");
    expect([{}, { method: "GET" }, { method: "HEAD" }, { method: "OPTIONS" }].map(sideEffects)).toEqual([false, false, false, false]);
    expect([{ method: "POST" }, { method: "DELETE" }, { method: "={{ $json.m }}" }].map(sideEffects)).toEqual([true, true, true]);
  });

  it("is registered for v3 and v4 to 4.5", () => {
    expect(createBuiltinRegistry().versionsOf("n8n-nodes-base.httpRequest")).toEqual(expect.arrayContaining([3, 4, 4.1, 4.2, 4.3, 4.4, 4.5]));
  });
});

describe("HTTP Request: dry run", () => {
  it("outputs what would be sent, with secrets masked, and sends nothing", async () => {
    const ctx = createTestContext(httpRequestNode, {
      typeVersion: 4.2,
      http,
      dryRun: true,
      credentials: { httpHeaderAuth: { name: "X-Api-Key", value: "secret-key" } },
      parameters: {
        method: "POST",
        url: `${server.url}/things`,
        authentication: "genericCredentialType",
        genericAuthType: "httpHeaderAuth",
        sendQuery: true,
        queryParameters: { parameters: [{ name: "page", value: "1" }] },
        sendHeaders: true,
        headerParameters: { parameters: [{ name: "Cookie", value: "session=abc" }, { name: "X-Trace", value: "t" }] },
        sendBody: true,
        bodyParameters: { parameters: [{ name: "name", value: "Ana" }] },
      },
    });
    const result = await httpRequestNode.simulate?.(ctx);
    expect(result).toEqual([
      [
        {
          json: {
            simulated: true,
            request: {
              method: "POST",
              url: `${server.url}/things?page=1`,
              headers: {
                cookie: "***",
                "x-trace": "t",
                "X-Api-Key": "***",
                accept: expect.any(String),
                "Idempotency-Key": "test-execution:HTTP Request:0",
              },
              body: { kind: "json", value: { name: "Ana" } },
            },
          },
          pairedItem: { item: 0 },
        },
      ],
    ]);
    expect(JSON.stringify(result)).not.toContain("secret-key");
    expect(server.requests).toHaveLength(0);
  });

  it("masks query credentials in the URL", async () => {
    const ctx = createTestContext(httpRequestNode, {
      http,
      credentials: { httpQueryAuth: { name: "api_key", value: "qsecret" } },
      parameters: { url: `${server.url}/x`, authentication: "genericCredentialType", genericAuthType: "httpQueryAuth" },
    });
    const result = await httpRequestNode.simulate?.(ctx);
    expect(JSON.stringify(result)).not.toContain("qsecret");
    expect(JSON.stringify(result)).toContain("api_key=***");
  });

  it("reports a request that cannot be built as an error", async () => {
    const ctx = createTestContext(httpRequestNode, { http, parameters: { url: "" } });
    await expect(httpRequestNode.simulate?.(ctx)).rejects.toBeInstanceOf(NodeOperationError);
  });
});
