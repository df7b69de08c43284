import type { BinaryData, WebhookResponse } from "@bos/node-sdk";
import type { WebhookConfig } from "@bos/triggers/routing";

/** An HTTP answer as data (the route sends it). */
export interface GatewayReply {
  status: number;
  headers: Record<string, string>;
  body?: string | Buffer;
}

function responseHeaders(options: Record<string, unknown>): Record<string, string> {
  const entries = (options.responseHeaders as { entries?: Array<{ name?: unknown; value?: unknown }> } | undefined)?.entries ?? [];
  const headers: Record<string, string> = {};
  for (const entry of entries) if (entry.name) headers[String(entry.name).toLowerCase()] = String(entry.value ?? "");
  return headers;
}

/** The status the Webhook node asks for: v2 `options.responseCode.values` (custom code too), v1 `responseCode`, default 200. */
export function configuredStatus(config: WebhookConfig): number {
  const values = (config.options.responseCode as { values?: { responseCode?: unknown; customCode?: unknown } } | undefined)?.values;
  if (values) {
    const code = values.responseCode === "customCode" ? Number(values.customCode) : Number(values.responseCode);
    if (Number.isInteger(code) && code >= 100 && code <= 599) return code;
  }
  if (typeof config.responseCode === "number" && config.responseCode >= 100 && config.responseCode <= 599) return config.responseCode;
  return 200;
}

function json(status: number, value: unknown, headers: Record<string, string> = {}): GatewayReply {
  return { status, headers: { "content-type": "application/json; charset=utf-8", ...headers }, body: JSON.stringify(value) };
}

/**
 * `responseMode: onReceived`: as n8n, the node's status (default 200) and `{"message":"Workflow was started"}`
 * (or the `responseData` option's text, or no body with `noResponseBody`); the execution id rides in the
 * `x-execution-id` header.
 */
export function onReceivedReply(config: WebhookConfig, executionId: string): GatewayReply {
  const headers = { ...responseHeaders(config.options), "x-execution-id": executionId };
  const status = configuredStatus(config);
  if (config.options.noResponseBody === true) return { status, headers };
  const text = config.options.responseData;
  if (typeof text === "string" && text !== "") {
    return { status, headers: { "content-type": String(config.options.responseContentType || "text/plain; charset=utf-8"), ...headers }, body: text };
  }
  return json(status, { message: "Workflow was started" }, headers);
}

/** The run outlived the synchronous wait: 202 with the execution id to follow. */
export function stillRunningReply(executionId: string, status: string): GatewayReply {
  return json(202, { message: "Workflow was started", executionId, status }, { "x-execution-id": executionId });
}

/** The run failed before it produced a response: n8n's 500. */
export function workflowErrorReply(executionId: string, error: unknown): GatewayReply {
  const message = (error as { message?: unknown } | null)?.message;
  return json(500, { message: "Error in workflow", executionId, ...(typeof message === "string" ? { error: message } : {}) }, { "x-execution-id": executionId });
}

type OutputItem = { json?: Record<string, unknown>; binary?: Record<string, unknown> };

function binaryReply(status: number, headers: Record<string, string>, data: BinaryData | undefined, executionId: string): GatewayReply {
  if (!data) return json(500, { message: "No binary data to return was found", executionId }, headers);
  return {
    status,
    headers: { "content-type": data.mimeType || "application/octet-stream", ...(data.fileName ? { "content-disposition": `inline; filename="${data.fileName.replace(/"/g, "")}"` } : {}), ...headers },
    body: Buffer.from(data.data, "base64"),
  };
}

/**
 * `responseMode: lastNode`: the last node's first output, as `responseData` says: firstEntryJson (the first
 * item's json, or its `responsePropertyName` field), allEntries (every item's json), firstEntryBinary (a
 * binary field of the first item), noData (no body).
 */
export function lastNodeReply(config: WebhookConfig, items: OutputItem[], executionId: string): GatewayReply {
  const headers = { ...responseHeaders(config.options), "x-execution-id": executionId };
  const status = configuredStatus(config);
  const contentType = typeof config.options.responseContentType === "string" && config.options.responseContentType !== "" ? config.options.responseContentType : undefined;
  const withType = (reply: GatewayReply) => (contentType && reply.body !== undefined ? { ...reply, headers: { ...reply.headers, "content-type": contentType } } : reply);
  if (config.options.noResponseBody === true || config.responseData === "noData") return { status, headers };
  switch (config.responseData) {
    case "allEntries":
      return withType(json(status, items.map((item) => item.json ?? {}), headers));
    case "firstEntryBinary":
      return binaryReply(status, headers, items[0]?.binary?.[config.responseBinaryPropertyName] as BinaryData | undefined, executionId);
    default: {
      const first = items[0]?.json;
      if (first === undefined) return json(500, { message: "No item to return was found", executionId }, headers);
      const property = config.options.responsePropertyName;
      const value = typeof property === "string" && property !== "" ? first[property] : first;
      if (contentType && typeof value === "string") return { status, headers: { ...headers, "content-type": contentType }, body: value };
      return withType(json(status, value ?? null, headers));
    }
  }
}

/** `responseMode: responseNode`: the Respond to Webhook node's status, headers and body (json, text, binary, empty). */
export function respondNodeReply(response: WebhookResponse, executionId: string): GatewayReply {
  const headers: Record<string, string> = { "x-execution-id": executionId, ...response.headers };
  const body = response.body;
  switch (body.kind) {
    case "json":
      return { status: response.statusCode, headers: { "content-type": "application/json; charset=utf-8", ...headers }, body: JSON.stringify(body.value ?? null) };
    case "text":
      return { status: response.statusCode, headers: { "content-type": "text/plain; charset=utf-8", ...headers }, body: body.value };
    case "binary":
      return binaryReply(response.statusCode, headers, body.data, executionId);
    default:
      return { status: response.statusCode, headers };
  }
}
