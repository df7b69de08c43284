import { createHttpClient, type ManagedHttpClient } from "@bos/http-client";
import { sendJson, startLoopbackServer, type LoopbackServer } from "@bos/http-client/testing";
import { SandboxPool, type ExecutionSandbox } from "@bos/sandbox";
import { jsonOf, runNodeForTest } from "../testing/test-context";
import { httpRequestNode } from "./http-request";

/**
 * Pagination expressions run in the real expression sandbox (@bos/sandbox, isolated-vm: run jest
 * with NODE_OPTIONS=--no-node-snapshot), with the extra variables the node passes per page.
 */
let pool: SandboxPool;
let sandbox: ExecutionSandbox;

beforeAll(() => {
  pool = new SandboxPool({ poolSize: 1 });
});

afterAll(async () => {
  await pool.close();
});

const evaluateExpression = async (expression: string, itemIndex: number, extra?: Record<string, unknown>) => {
  const result = await sandbox.evaluate(
    { node: "HTTP Request", runIndex: 0, inputs: [[{ json: {} }]], source: [null], itemCount: itemIndex + 1, extraVariables: extra },
    [expression],
  );
  const error = result.errors[0]?.[itemIndex];
  if (error) throw new Error(`${expression}: ${error.message}`);
  return result.values[0]?.[itemIndex];
};

let server: LoopbackServer;
let http: ManagedHttpClient;
const ITEMS = ["a", "b", "c", "d", "e"];

beforeEach(async () => {
  sandbox = await pool.createExecutionSandbox({
    executionId: "test-execution",
    mode: "manual",
    workflow: { name: "pagination test", active: false },
    nodes: [{ id: "n1", name: "HTTP Request", type: "n8n-nodes-base.httpRequest", typeVersion: 4.2, position: [0, 0], parameters: {} }],
    connections: {},
    timezone: "UTC",
  });
  server = await startLoopbackServer();
  http = createHttpClient();
  // ?page=N (1-based, 2 per page) -> items, [] past the end
  server.route("/paged", (req, res) => {
    const page = Number(new URL(req.url, "http://x").searchParams.get("page") ?? "1");
    sendJson(res, 200, ITEMS.slice((page - 1) * 2, page * 2).map((id) => ({ id })));
  });
  // ?offset=N -> {items, next} with the next URL, next null at the end
  server.route("/linked", (req, res) => {
    const offset = Number(new URL(req.url, "http://x").searchParams.get("offset") ?? "0");
    const next = offset + 2 < ITEMS.length ? `${server.url}/linked?offset=${offset + 2}` : null;
    sendJson(res, 200, { items: ITEMS.slice(offset, offset + 2), next });
  });
});

afterEach(async () => {
  sandbox.dispose();
  http.close();
  await server.close();
});

const run = (parameters: Record<string, unknown>) => runNodeForTest(httpRequestNode, { typeVersion: 4.2, http, evaluateExpression, parameters });
const pagination = (p: Record<string, unknown>) => ({ pagination: { pagination: p } });

describe("HTTP Request: pagination", () => {
  it("updates a query parameter from $pageCount until the response is empty", async () => {
    const out = await run({
      url: `${server.url}/paged`,
      options: pagination({ paginationMode: "updateAParameterInEachRequest", parameters: { parameters: [{ type: "qs", name: "page", value: "={{ $pageCount + 1 }}" }] } }),
    });
    expect(jsonOf(out)).toEqual([ITEMS.map((id) => ({ id }))]);
    expect(server.requests.map((r) => r.url)).toEqual(["/paged", "/paged?page=2", "/paged?page=3", "/paged?page=4"]);
  });

  it("follows the next URL from the response until the complete expression is true", async () => {
    const out = await run({
      url: `${server.url}/linked`,
      options: {
        ...pagination({ paginationMode: "responseContainsNextURL", nextURL: "={{ $response.body.next }}", paginationCompleteWhen: "other", completeExpression: "={{ $response.body.next === null }}" }),
      },
    });
    expect(jsonOf(out)[0]?.map((page) => page["items"])).toEqual([["a", "b"], ["c", "d"], ["e"]]);
    expect(server.requests.map((r) => r.url)).toEqual(["/linked", "/linked?offset=2", "/linked?offset=4"]);
  });

  it("does not repeat configured query parameters that the next URL already carries", async () => {
    await run({
      url: `${server.url}/linked`,
      sendQuery: true,
      queryParameters: { parameters: [{ name: "offset", value: "0" }, { name: "lang", value: "en" }] },
      options: pagination({ paginationMode: "responseContainsNextURL", nextURL: "={{ $response.body.next }}", paginationCompleteWhen: "other", completeExpression: "={{ $response.body.next === null }}" }),
    });
    expect(server.requests.map((r) => r.url)).toEqual(["/linked?offset=0&lang=en", "/linked?offset=2&lang=en", "/linked?offset=4&lang=en"]);
  });

  it("gives $request to the parameter expressions", async () => {
    await run({
      url: `${server.url}/linked`,
      sendQuery: true,
      queryParameters: { parameters: [{ name: "offset", value: "0" }] },
      options: pagination({
        paginationMode: "updateAParameterInEachRequest",
        parameters: { parameters: [{ type: "qs", name: "offset", value: "={{ Number($request.qs.offset) + 2 }}" }] },
        paginationCompleteWhen: "other",
        completeExpression: "={{ $response.body.next === null }}",
      }),
    });
    expect(server.requests.map((r) => r.url)).toEqual(["/linked?offset=0", "/linked?offset=2", "/linked?offset=4"]);
  });

  it("stops on the given status codes without failing, dropping that last response", async () => {
    server.route("/until404", (req, res) => {
      const page = Number(new URL(req.url, "http://x").searchParams.get("page") ?? "1");
      if (page > 2) sendJson(res, 404, { error: "past the end" });
      else sendJson(res, 200, { page });
    });
    const out = await run({
      url: `${server.url}/until404`,
      options: pagination({
        paginationMode: "updateAParameterInEachRequest",
        parameters: { parameters: [{ type: "qs", name: "page", value: "={{ $pageCount + 1 }}" }] },
        paginationCompleteWhen: "receiveSpecificStatusCodes",
        statusCodesWhenComplete: "404, 410",
      }),
    });
    expect(jsonOf(out)).toEqual([[{ page: 1 }, { page: 2 }]]);
  });

  it("fails on other non-2xx pages", async () => {
    server.route("/broken", (req, res) => (req.url.includes("page=2") ? sendJson(res, 500, { error: "boom" }) : sendJson(res, 200, [{ ok: 1 }])));
    await expect(
      run({
        url: `${server.url}/broken`,
        options: pagination({ paginationMode: "updateAParameterInEachRequest", parameters: { parameters: [{ type: "qs", name: "page", value: "={{ $pageCount + 1 }}" }] } }),
      }),
    ).rejects.toMatchObject({ code: "WF_HTTP_STATUS", httpCode: 500 });
  });

  it("stops after maxRequests when the pages are limited", async () => {
    const out = await run({
      url: `${server.url}/paged`,
      options: pagination({
        paginationMode: "updateAParameterInEachRequest",
        parameters: { parameters: [{ type: "qs", name: "page", value: "={{ $pageCount + 1 }}" }] },
        limitPagesFetched: true,
        maxRequests: 2,
      }),
    });
    expect(jsonOf(out)[0]).toHaveLength(4);
    expect(server.requests).toHaveLength(2);
  });

  it("updates headers and JSON body fields, and keys each page's idempotency key", async () => {
    server.route("/cursor", (req, res) => {
      const cursor = Number(req.headers["x-cursor"] ?? "0");
      sendJson(res, 200, cursor >= 2 ? [] : [{ cursor }], { "x-cursor": String(cursor + 1) });
    });
    await run({
      method: "POST",
      url: `${server.url}/cursor`,
      sendBody: true,
      bodyParameters: { parameters: [{ name: "q", value: "x" }] },
      options: pagination({
        paginationMode: "updateAParameterInEachRequest",
        parameters: {
          parameters: [
            { type: "headers", name: "x-cursor", value: "={{ $response.headers['x-cursor'] }}" },
            { type: "body", name: "page", value: "={{ $pageCount + 1 }}" },
          ],
        },
      }),
    });
    expect(server.requests.map((r) => [r.headers["x-cursor"], r.body.toString(), r.headers["idempotency-key"]])).toEqual([
      [undefined, '{"q":"x"}', "test-execution:HTTP Request:0"],
      ["1", '{"q":"x","page":2}', "test-execution:HTTP Request:0:page1"],
      ["2", '{"q":"x","page":3}', "test-execution:HTTP Request:0:page2"],
    ]);
  });

  it("refuses settings that would page forever or cannot work", async () => {
    const url = `${server.url}/paged`;
    await expect(run({ url, options: pagination({ paginationMode: "updateAParameterInEachRequest", parameters: { parameters: [{ type: "qs", name: "page", value: "" }] } }) })).rejects.toThrow(
      /omitting it will result in an infinite loop/,
    );
    await expect(run({ url, options: pagination({ paginationMode: "responseContainsNextURL", paginationCompleteWhen: "other", completeExpression: "" }) })).rejects.toThrow(
      /needs a Next URL/,
    );
    expect(server.requests).toHaveLength(0);
  });

  it("marks the pagination settings lazy in the description", () => {
    const options = httpRequestNode.description.parameters.find((p) => p.name === "options");
    const paginationParameter = (options?.options as Array<{ name: string; resolve?: string }> | undefined)?.find((p) => p.name === "pagination");
    expect(paginationParameter?.resolve).toBe("lazy");
  });
});
