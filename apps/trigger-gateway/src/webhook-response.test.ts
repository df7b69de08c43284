import type { WebhookConfig } from "@bos/triggers/routing";
import { configuredStatus, lastNodeReply, onReceivedReply, respondNodeReply } from "./webhook-response";

const config = (extra: Partial<WebhookConfig> = {}): WebhookConfig => ({
  node: "Webhook",
  typeVersion: 2,
  methods: ["POST"],
  multipleMethods: false,
  path: "p",
  authentication: "none",
  credentials: {},
  responseMode: "lastNode",
  responseData: "firstEntryJson",
  responseBinaryPropertyName: "data",
  options: {},
  ...extra,
});
const items = [{ json: { a: 1, nested: { b: 2 } }, binary: { data: { data: Buffer.from("PNG!").toString("base64"), mimeType: "image/png", fileName: "x.png" } } }, { json: { a: 2 } }];

describe("webhook replies", () => {
  it("onReceived: n8n's message with the node's status and headers, or its responseData text, or no body", () => {
    const reply = onReceivedReply(config({ options: { responseCode: { values: { responseCode: "customCode", customCode: 202 } }, responseHeaders: { entries: [{ name: "X-A", value: "1" }] } } }), "e1");
    expect(reply).toMatchObject({ status: 202, headers: { "x-a": "1", "x-execution-id": "e1" }, body: '{"message":"Workflow was started"}' });
    expect(onReceivedReply(config({ options: { responseData: "thanks" } }), "e1").body).toBe("thanks");
    expect(onReceivedReply(config({ options: { noResponseBody: true } }), "e1").body).toBeUndefined();
  });

  it("lastNode: first entry JSON (or one property of it), all entries, first entry binary, no data", () => {
    expect(JSON.parse(String(lastNodeReply(config(), items, "e").body))).toEqual({ a: 1, nested: { b: 2 } });
    expect(JSON.parse(String(lastNodeReply(config({ options: { responsePropertyName: "nested" } }), items, "e").body))).toEqual({ b: 2 });
    expect(JSON.parse(String(lastNodeReply(config({ responseData: "allEntries" }), items, "e").body))).toEqual([{ a: 1, nested: { b: 2 } }, { a: 2 }]);
    const binary = lastNodeReply(config({ responseData: "firstEntryBinary" }), items, "e");
    expect(binary.headers["content-type"]).toBe("image/png");
    expect(String(binary.body)).toBe("PNG!");
    expect(lastNodeReply(config({ responseData: "noData" }), items, "e").body).toBeUndefined();
    expect(lastNodeReply(config(), [], "e").status).toBe(500);
  });

  it("responseNode: the Respond to Webhook node's status, headers and body kinds", () => {
    expect(respondNodeReply({ statusCode: 201, headers: { "x-b": "2" }, body: { kind: "json", value: { ok: true } } }, "e")).toMatchObject({ status: 201, headers: { "x-b": "2" }, body: '{"ok":true}' });
    expect(respondNodeReply({ statusCode: 200, headers: {}, body: { kind: "text", value: "hi" } }, "e")).toMatchObject({ headers: { "content-type": "text/plain; charset=utf-8" }, body: "hi" });
    const redirect = respondNodeReply({ statusCode: 307, headers: { location: "https://x" }, body: { kind: "empty" } }, "e");
    expect(redirect).toMatchObject({ status: 307, headers: { location: "https://x" } });
    expect(redirect.body).toBeUndefined();
    expect(String(respondNodeReply({ statusCode: 200, headers: {}, body: { kind: "binary", data: { data: Buffer.from("abc").toString("base64"), mimeType: "text/csv" } } }, "e").body)).toBe("abc");
  });

  it("reads v1's top-level response code", () => {
    expect(configuredStatus(config({ typeVersion: 1, responseCode: 201 }))).toBe(201);
  });
});
