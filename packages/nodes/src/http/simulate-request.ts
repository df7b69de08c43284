import type { ExecuteContext, HttpBody, Item, NodeResult } from "@bos/node-sdk";
import type { RequestSpec } from "./build-request";
import { isSafeMethod } from "./http-request.description";
import { formatQuery } from "./format-query";
import type { HttpRequestHandler } from "./request-plan";

type Ctx = ExecuteContext<Record<string, unknown>>;

const MASK = "***";
const ALWAYS_SECRET_HEADERS = ["authorization", "cookie", "proxy-authorization"];

/**
 * Dry run of HTTP Request: builds each item's request exactly as `execute` would, sends nothing, and
 * outputs `{simulated: true, request: {method, url, headers, body}}` per item. Credentials are masked:
 * Authorization, Cookie, Proxy-Authorization, the credential's own headers, query parameters and
 * body fields. With pagination only the first request is shown.
 */
export async function simulateRequests(ctx: Ctx, handler: HttpRequestHandler): Promise<NodeResult> {
  const items = ctx.getInputItems();
  const out: Item[] = [];
  let auth;
  let paginated = false;
  try {
    auth = await handler.resolveAuth(ctx);
    paginated = handler.readPagination(ctx) !== undefined;
  } catch (error) {
    if (!ctx.continueOnFail()) throw error;
    return [items.map((_item, itemIndex) => ({ json: { error: error instanceof Error ? error.message : String(error) }, pairedItem: { item: itemIndex } }))];
  }
  const secrets = {
    headers: new Set([...ALWAYS_SECRET_HEADERS, ...auth.secretHeaders.map((h) => h.toLowerCase())]),
    query: new Set(auth.secretQuery),
    body: new Set(auth.secretBody),
  };
  items.forEach((item, itemIndex) => {
    try {
      const { spec, settings } = handler.plan(ctx, itemIndex, item, auth);
      const headers = maskHeaders(spec.headers, secrets.headers);
      const userKey = Object.keys(spec.headers).some((h) => h.toLowerCase() === "idempotency-key");
      if (!isSafeMethod(spec.method) && !userKey) headers["Idempotency-Key"] = `${ctx.idempotencyKey()}${items.length > 1 ? `:${itemIndex}` : ""}`;
      const request: Record<string, unknown> = {
        method: spec.method,
        url: urlWithQuery(spec, settings.queryArrayFormat, secrets.query),
        headers,
      };
      if (spec.body) request["body"] = describeBody(spec.body, secrets.body);
      if (paginated) request["pagination"] = "only the first request is shown";
      out.push({ json: { simulated: true, request }, pairedItem: { item: itemIndex } });
    } catch (error) {
      if (!ctx.continueOnFail()) throw error;
      out.push({ json: { error: error instanceof Error ? error.message : String(error) }, pairedItem: { item: itemIndex } });
    }
  });
  return [out];
}

function maskHeaders(headers: Record<string, string>, secret: Set<string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, secret.has(name.toLowerCase()) ? MASK : value]));
}

function urlWithQuery(spec: RequestSpec, arrayFormat: Parameters<typeof formatQuery>[1], secret: Set<string>): string {
  const url = new URL(spec.url);
  const masked = Object.fromEntries(Object.entries(spec.query).map(([key, value]) => [key, secret.has(key) ? MASK : value]));
  for (const [key, value] of Object.entries(formatQuery(masked, arrayFormat))) {
    for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(key, v);
  }
  return url.href;
}

function describeBody(body: HttpBody, secret: Set<string>): unknown {
  const mask = (record: Record<string, unknown>) => Object.fromEntries(Object.entries(record).map(([k, v]) => [k, secret.has(k) ? MASK : v]));
  switch (body.kind) {
    case "json":
      return {
        kind: "json",
        value: body.value !== null && typeof body.value === "object" && !Array.isArray(body.value) ? mask(body.value as Record<string, unknown>) : body.value,
      };
    case "form":
      return { kind: "form", fields: mask(body.fields) };
    case "multipart":
      return {
        kind: "multipart",
        parts: body.parts.map((part) =>
          "data" in part ? { name: part.name, fileName: part.fileName, mimeType: part.mimeType, bytes: part.data.byteLength } : { name: part.name, value: part.value },
        ),
      };
    case "raw":
      return typeof body.data === "string"
        ? { kind: "raw", contentType: body.contentType, data: body.data }
        : { kind: "raw", contentType: body.contentType, bytes: body.data.byteLength };
    default:
      return undefined;
  }
}
