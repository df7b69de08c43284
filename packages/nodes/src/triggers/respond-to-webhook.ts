import { defineNode, NodeOperationError, type BinaryData, type ExecuteContext, type Item, type WebhookResponse } from "@bos/node-sdk";
import { respondToWebhookParameters } from "./respond-to-webhook-parameters";
import { signJwt, type JwtCredential } from "./sign-jwt";

type Context = ExecuteContext<Record<string, unknown>>;

/** Two outputs (input, then the response sent) with `enableResponseOutput` (v1.3+), else one. */
export function respondOutputCount(parameters: Readonly<Record<string, unknown>>): number {
  return parameters.enableResponseOutput === true ? 2 : 1;
}

function wrap(value: unknown, key: unknown): unknown {
  return typeof key === "string" && key !== "" ? { [key]: value } : value;
}

function parseJsonBody(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch (cause) {
    throw new NodeOperationError("Invalid JSON in 'Response Body' field", { itemIndex: 0, cause, description: "Write valid JSON, or an expression that returns an object." });
  }
}

function headersOf(options: Record<string, unknown>): Record<string, string> {
  const entries = (options.responseHeaders as { entries?: Array<{ name?: unknown; value?: unknown }> } | undefined)?.entries ?? [];
  const headers: Record<string, string> = {};
  for (const entry of entries) if (entry.name) headers[String(entry.name).toLowerCase()] = String(entry.value ?? "");
  return headers;
}

function binaryBody(ctx: Context, items: Item[]): BinaryData {
  const binary = items[0]?.binary ?? {};
  const useField = ctx.getNodeParameter("responseDataSource", 0, "automatically") === "set";
  const field = useField ? String(ctx.getNodeParameter("inputFieldName", 0, "data")) : Object.keys(binary)[0];
  const data = field === undefined ? undefined : binary[field];
  if (!data) {
    throw new NodeOperationError(useField ? `No binary data in field '${field}' of the first item` : "No binary data exists on the first item", {
      itemIndex: 0,
      description: "Respond with binary only after a node that produced a file.",
    });
  }
  return data;
}

async function buildResponse(ctx: Context, items: Item[]): Promise<WebhookResponse> {
  const options = (ctx.getNodeParameter("options", 0, {}) ?? {}) as Record<string, unknown>;
  const headers = headersOf(options);
  const code = Number(options.responseCode ?? 200);
  const respondWith = ctx.getNodeParameter("respondWith", 0, "firstIncomingItem");
  switch (respondWith) {
    case "allIncomingItems":
      return { statusCode: code, headers, body: { kind: "json", value: wrap(items.map((item) => item.json), options.responseKey) } };
    case "firstIncomingItem":
      return { statusCode: code, headers, body: { kind: "json", value: wrap(items[0]?.json ?? {}, options.responseKey) } };
    case "json":
      return { statusCode: code, headers, body: { kind: "json", value: parseJsonBody(ctx.getNodeParameter("responseBody", 0)) } };
    case "text":
      return { statusCode: code, headers, body: { kind: "text", value: String(ctx.getNodeParameter("responseBody", 0) ?? "") } };
    case "noData":
      return { statusCode: code, headers, body: { kind: "empty" } };
    case "redirect":
      return { statusCode: Number(options.responseCode ?? 307), headers: { ...headers, location: String(ctx.getNodeParameter("redirectURL", 0, "")) }, body: { kind: "empty" } };
    case "binary": {
      const data = binaryBody(ctx, items);
      return { statusCode: code, headers: { "content-type": data.mimeType, ...headers }, body: { kind: "binary", data } };
    }
    case "jwt": {
      const payload = parseJsonBody(ctx.getNodeParameter("payload", 0, "{}"));
      if (payload === null || typeof payload !== "object" || Array.isArray(payload)) {
        throw new NodeOperationError("The JWT 'Payload Claims' must be a JSON object", { itemIndex: 0 });
      }
      const token = signJwt(payload as Record<string, unknown>, await ctx.getCredentials<JwtCredential>("jwtAuth"));
      return { statusCode: code, headers, body: { kind: "json", value: { token } } };
    }
    default:
      throw new NodeOperationError(`Unknown 'Respond With' value '${String(respondWith)}'`, {
        description: "Use allIncomingItems, binary, firstIncomingItem, json, jwt, noData, redirect or text.",
      });
  }
}

/**
 * Respond to Webhook (`n8n-nodes-base.respondToWebhook` v1-1.5). Passes its input through and
 * returns the HTTP reply as run metadata (`{kind: "outputs", metadata: {webhookResponse}}`, kept on
 * the task as `metadata.webhookResponse`): the trigger gateway, watching node runs of an execution
 * whose Webhook uses `responseMode: "responseNode"`, sends the first such response it sees. The
 * node itself sends nothing, so it has no side effects.
 */
export const respondToWebhookNode = defineNode({
  description: {
    type: "n8n-nodes-base.respondToWebhook",
    versions: [1, 1.1, 1.2, 1.3, 1.4, 1.5],
    displayName: "Respond to Webhook",
    group: ["transform"],
    description: "Returns data for Webhook",
    defaults: { name: "Respond to Webhook", color: "#885577" },
    inputs: 1,
    outputs: respondOutputCount,
    outputNames: (parameters) => (respondOutputCount(parameters) === 2 ? ["Input Data", "Response"] : []),
    sideEffects: "none",
    credentials: [{ name: "jwtAuth", required: true, displayOptions: { show: { respondWith: ["jwt"] } } }],
    parameters: respondToWebhookParameters,
  },
  async execute(ctx) {
    const items = ctx.getInputItems().map((item, itemIndex) => ({ ...item, pairedItem: { item: itemIndex } }));
    const response = await buildResponse(ctx, items);
    const outputs: Item[][] = [items];
    if (respondOutputCount(ctx.node.parameters) === 2) {
      const sent = response.body.kind === "json" || response.body.kind === "text" ? response.body.value : response.body.kind === "binary" ? "[binary]" : "";
      outputs.push([{ json: { response: sent, statusCode: response.statusCode, headers: response.headers }, pairedItem: items.map((_, item) => ({ item })) }]);
    }
    return { kind: "outputs", outputs, metadata: { webhookResponse: response } };
  },
});
