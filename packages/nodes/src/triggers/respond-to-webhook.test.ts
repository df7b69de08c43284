import { createHmac } from "node:crypto";
import type { AnyNodeType, Item, NodeResult, WebhookResponse } from "@bos/node-sdk";
import { createTestContext, jsonOf, type NodeTestOptions } from "../testing/test-context";
import { respondToWebhookNode } from "./respond-to-webhook";

const items: Item[] = [{ json: { id: 1 } }, { json: { id: 2 } }];

async function respond(options: NodeTestOptions): Promise<{ outputs: Item[][]; response: WebhookResponse }> {
  const result: NodeResult = await (respondToWebhookNode as AnyNodeType).execute(createTestContext(respondToWebhookNode, { items, ...options }));
  if (Array.isArray(result) || result.kind !== "outputs" || !result.metadata?.webhookResponse) throw new Error("expected outputs with a webhook response");
  return { outputs: result.outputs, response: result.metadata.webhookResponse };
}

describe("Respond to Webhook", () => {
  it("passes its input through and records the first item as the JSON response by default", async () => {
    const { outputs, response } = await respond({});
    expect(jsonOf(outputs)).toEqual([[{ id: 1 }, { id: 2 }]]);
    expect(response).toEqual({ statusCode: 200, headers: {}, body: { kind: "json", value: { id: 1 } } });
  });

  it("responds with all items under a key, a status code and headers", async () => {
    const { response } = await respond({
      parameters: { respondWith: "allIncomingItems", options: { responseKey: "data", responseCode: 201, responseHeaders: { entries: [{ name: "X-A", value: "1" }] } } },
    });
    expect(response).toEqual({ statusCode: 201, headers: { "x-a": "1" }, body: { kind: "json", value: { data: [{ id: 1 }, { id: 2 }] } } });
  });

  it("parses a JSON body given as text, and refuses invalid JSON", async () => {
    expect((await respond({ parameters: { respondWith: "json", responseBody: '{"ok":true}' } })).response.body).toEqual({ kind: "json", value: { ok: true } });
    expect((await respond({ parameters: { respondWith: "json", responseBody: { ok: 1 } } })).response.body).toEqual({ kind: "json", value: { ok: 1 } });
    await expect(respond({ parameters: { respondWith: "json", responseBody: "{nope" } })).rejects.toThrow("Invalid JSON in 'Response Body' field");
  });

  it("responds with text, nothing, a redirect or binary data", async () => {
    expect((await respond({ parameters: { respondWith: "text", responseBody: "done" } })).response.body).toEqual({ kind: "text", value: "done" });
    expect((await respond({ parameters: { respondWith: "noData" } })).response.body).toEqual({ kind: "empty" });
    expect((await respond({ parameters: { respondWith: "redirect", redirectURL: "https://example.com" } })).response).toEqual({
      statusCode: 307,
      headers: { location: "https://example.com" },
      body: { kind: "empty" },
    });
    const file = { data: "aGk=", mimeType: "text/plain", fileName: "hi.txt" };
    const binary = await respond({ parameters: { respondWith: "binary" }, items: [{ json: {}, binary: { data: file } }] });
    expect(binary.response).toEqual({ statusCode: 200, headers: { "content-type": "text/plain" }, body: { kind: "binary", data: file } });
    await expect(respond({ parameters: { respondWith: "binary", responseDataSource: "set", inputFieldName: "file" }, items: [{ json: {} }] })).rejects.toThrow(/No binary data in field 'file'/);
  });

  it("signs a JWT with the jwtAuth passphrase", async () => {
    const { response } = await respond({
      parameters: { respondWith: "jwt", payload: '{"sub":"42"}' },
      credentials: { jwtAuth: { keyType: "passphrase", secret: "s3cret", algorithm: "HS256" } },
    });
    const token = String((response.body as { value: { token: string } }).value.token);
    const [header, body, signature] = token.split(".");
    expect(JSON.parse(Buffer.from(body!, "base64url").toString())).toMatchObject({ sub: "42" });
    expect(signature).toBe(createHmac("sha256", "s3cret").update(`${header}.${body}`).digest("base64url"));
  });

  it("adds a Response output with what was sent when enableResponseOutput is on", async () => {
    const { outputs } = await respond({ typeVersion: 1.4, parameters: { enableResponseOutput: true, respondWith: "text", responseBody: "ok" } });
    expect(jsonOf(outputs)[1]).toEqual([{ response: "ok", statusCode: 200, headers: {} }]);
  });
});
