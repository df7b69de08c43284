import { NodeOperationError, type ExecuteContext, type HttpBody, type HttpMethod, type Item } from "@bos/node-sdk";
import type { AuthPlan } from "./authentication";
import type { QueryArrayFormat } from "./format-query";
import type { HttpRequestVersionBehaviour } from "./version-behaviour";

export type ResponseFormat = "autodetect" | "json" | "text" | "file";

/** One item's request before query formatting: what pagination updates and dry runs show. */
export interface RequestSpec {
  method: HttpMethod;
  url: string;
  query: Record<string, unknown>;
  headers: Record<string, string>;
  body?: HttpBody;
}

/** How one item's request is sent and its response read. */
export interface RequestSettings {
  responseFormat: ResponseFormat;
  fullResponse: boolean;
  neverError: boolean;
  outputPropertyName: string;
  timeoutMs?: number;
  maxRedirects: number;
  allowUnauthorizedCerts: boolean;
  sendCredentialsOnCrossOriginRedirect: boolean;
  queryArrayFormat: QueryArrayFormat;
  batchSize: number;
  batchInterval: number;
}

export interface PreparedRequest {
  spec: RequestSpec;
  settings: RequestSettings;
}

const METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);

type Ctx = ExecuteContext<Record<string, unknown>>;

/** Reads one item's parameters into a request (everything but pagination). */
export function prepareRequest(ctx: Ctx, itemIndex: number, item: Item, behaviour: HttpRequestVersionBehaviour, auth: AuthPlan): PreparedRequest {
  const param = (path: string, fallback?: unknown): unknown => ctx.getNodeParameter(path, itemIndex, fallback);
  const method = String(param("method", "GET")).toUpperCase();
  if (!METHODS.has(method)) {
    throw new NodeOperationError(`Unsupported method '${method}'`, { itemIndex, description: `Use one of ${[...METHODS].join(", ")}` });
  }
  const url = readUrl(param("url", ""), itemIndex);
  const settings = readSettings(ctx, itemIndex, behaviour);
  if (param("provideSslCertificates", false) === true) {
    throw new NodeOperationError("Client SSL certificates (SSL Certificates) are not supported yet", { itemIndex, description: "Turn the SSL Certificates setting off" });
  }
  const combine = behaviour.repeatedNamesBecomeArrays;

  const query: Record<string, unknown> = {};
  if (param("sendQuery", false) === true) {
    if (param("specifyQuery", "keypair") === "json") Object.assign(query, parseJsonObject(param("jsonQuery", ""), "JSON Query Parameters", itemIndex));
    else for (const { name, value } of keyValues(param("queryParameters.parameters", []))) setField(query, name, value, combine);
  }
  Object.assign(query, auth.query);

  const lowercase = param("options.lowercaseHeaders", true) !== false;
  const headers: Record<string, string> = {};
  if (param("sendHeaders", false) === true) {
    const userHeaders: Record<string, unknown> = {};
    if (param("specifyHeaders", "keypair") === "json") Object.assign(userHeaders, parseJsonObject(param("jsonHeaders", ""), "JSON Headers", itemIndex));
    else for (const { name, value } of keyValues(param("headerParameters.parameters", []))) setField(userHeaders, name, value, combine);
    for (const [name, value] of Object.entries(userHeaders)) {
      headers[lowercase ? name.toLowerCase() : name] = Array.isArray(value) ? value.map(String).join(", ") : String(value);
    }
  }
  if (param("options.requestUncompressedResponse", false) === true) headers["accept-encoding"] = "identity";

  const body = param("sendBody", false) === true ? readBody(ctx, itemIndex, item, combine) : undefined;
  const spec: RequestSpec = { method: method as HttpMethod, url, query, headers, body: mergeAuthBody(body, auth, itemIndex) };
  if (spec.body?.kind === "raw" && !hasHeader(headers, "content-type") && spec.body.contentType) headers["content-type"] = spec.body.contentType;
  for (const [name, value] of Object.entries(auth.headers)) headers[name] = value;
  if (!hasHeader(headers, "accept")) headers["accept"] = acceptFor(settings.responseFormat);
  return { spec, settings };
}

function readUrl(value: unknown, itemIndex: number): string {
  if (typeof value !== "string") {
    throw new NodeOperationError(`URL parameter must be a string, got ${value === null ? "null" : typeof value}`, { itemIndex });
  }
  const url = value.trim();
  if (!url) throw new NodeOperationError("URL parameter cannot be empty", { itemIndex, description: "Set the URL to request" });
  if (!/^https?:\/\//i.test(url)) {
    throw new NodeOperationError(`Invalid URL: ${url}. URL must start with "http" or "https".`, { itemIndex });
  }
  return url;
}

function readSettings(ctx: Ctx, itemIndex: number, behaviour: HttpRequestVersionBehaviour): RequestSettings {
  const param = (path: string, fallback?: unknown): unknown => ctx.getNodeParameter(path, itemIndex, fallback);
  const proxy = param("options.proxy", "");
  if (typeof proxy === "string" && proxy.trim() !== "") {
    throw new NodeOperationError("The Proxy option is not supported yet", {
      itemIndex,
      description: "Remove the Proxy option; outbound traffic goes through the workspace's own network policy",
    });
  }
  const format = param("options.response.response.responseFormat", "autodetect");
  const responseFormat: ResponseFormat = format === "json" || format === "text" || format === "file" ? format : "autodetect";
  const follow = param("options.redirect.redirect.followRedirects", behaviour.followRedirectsByDefault) === true;
  const maxRedirects = Number(param("options.redirect.redirect.maxRedirects", 21));
  const timeout = param("options.timeout", undefined);
  const batchSizeRaw = Number(param("options.batching.batch.batchSize", 50));
  const arrays = param("options.queryParameterArrays", "brackets");
  return {
    responseFormat,
    fullResponse: param("options.response.response.fullResponse", false) === true,
    neverError: param("options.response.response.neverError", false) === true,
    outputPropertyName: String(param("options.response.response.outputPropertyName", "data") || "data"),
    timeoutMs: typeof timeout === "number" && timeout > 0 ? timeout : undefined,
    maxRedirects: follow ? (Number.isFinite(maxRedirects) && maxRedirects >= 0 ? maxRedirects : 21) : 0,
    allowUnauthorizedCerts: param("options.allowUnauthorizedCerts", false) === true,
    sendCredentialsOnCrossOriginRedirect:
      param("options.sendCredentialsOnCrossOriginRedirect", behaviour.sendCredentialsOnCrossOriginRedirectByDefault) === true,
    queryArrayFormat: arrays === "indices" || arrays === "repeat" ? arrays : "brackets",
    // n8n: 0 and -1 count as 1.
    batchSize: Number.isFinite(batchSizeRaw) && batchSizeRaw > 0 ? batchSizeRaw : 1,
    batchInterval: Math.max(0, Number(param("options.batching.batch.batchInterval", 0)) || 0),
  };
}

function readBody(ctx: Ctx, itemIndex: number, item: Item, combine: boolean): HttpBody | undefined {
  const param = (path: string, fallback?: unknown): unknown => ctx.getNodeParameter(path, itemIndex, fallback);
  const contentType = param("contentType", "json");
  switch (contentType) {
    case "json": {
      if (param("specifyBody", "keypair") === "json") {
        const raw = param("jsonBody", "");
        return { kind: "json", value: typeof raw === "string" ? parseJson(raw, "JSON Body", itemIndex) : raw };
      }
      const value: Record<string, unknown> = {};
      for (const { name, value: v } of keyValues(param("bodyParameters.parameters", []))) setField(value, name, v, combine);
      return { kind: "json", value };
    }
    case "form-urlencoded": {
      const fields: Record<string, string | string[]> = {};
      if (param("specifyBody", "keypair") === "string") {
        for (const [name, v] of new URLSearchParams(String(param("body", "")))) setField(fields, name, v, true);
      } else {
        for (const { name, value: v } of keyValues(param("bodyParameters.parameters", []))) setField(fields, name, v, combine);
      }
      return { kind: "form", fields: stringFields(fields) };
    }
    case "multipart-form-data":
      return { kind: "multipart", parts: multipartParts(param("bodyParameters.parameters", []), item, itemIndex) };
    case "binaryData": {
      const binary = binaryOf(item, String(param("inputDataFieldName", "")), itemIndex);
      return { kind: "raw", data: binary.bytes, contentType: binary.mimeType || "application/octet-stream" };
    }
    case "raw": {
      const rawContentType = String(param("rawContentType", ""));
      return { kind: "raw", data: String(param("body", "")), ...(rawContentType ? { contentType: rawContentType } : {}) };
    }
    default:
      throw new NodeOperationError(`Unknown body content type '${String(contentType)}'`, {
        itemIndex,
        description: "Use json, form-urlencoded, multipart-form-data, binaryData or raw",
      });
  }
}

function mergeAuthBody(body: HttpBody | undefined, auth: AuthPlan, itemIndex: number): HttpBody | undefined {
  if (Object.keys(auth.body).length === 0) return body;
  if (body === undefined) return { kind: "json", value: { ...auth.body } };
  if (body.kind === "json" && body.value !== null && typeof body.value === "object" && !Array.isArray(body.value)) {
    return { kind: "json", value: { ...(body.value as Record<string, unknown>), ...auth.body } };
  }
  if (body.kind === "form") return { kind: "form", fields: { ...body.fields, ...stringFields(auth.body) } };
  throw new NodeOperationError("Custom Auth adds body fields, which needs a JSON object or form-urlencoded body", { itemIndex });
}

function multipartParts(raw: unknown, item: Item, itemIndex: number): Extract<HttpBody, { kind: "multipart" }>["parts"] {
  const parts: Extract<HttpBody, { kind: "multipart" }>["parts"] = [];
  for (const entry of Array.isArray(raw) ? raw : []) {
    if (entry === null || typeof entry !== "object") continue;
    const field = entry as Record<string, unknown>;
    const name = String(field["name"] ?? "");
    if (field["parameterType"] === "formBinaryData") {
      const dataField = String(field["inputDataFieldName"] ?? "");
      if (!dataField) continue;
      const binary = binaryOf(item, dataField, itemIndex);
      parts.push({ name, data: binary.bytes, fileName: binary.fileName ?? "file", mimeType: binary.mimeType });
    } else if (name !== "") {
      parts.push({ name, value: stringify(field["value"]) });
    }
  }
  return parts;
}

/** The bytes of an item's binary property, with n8n's error when it is missing. */
export function binaryOf(item: Item, field: string, itemIndex: number): { bytes: Uint8Array; mimeType: string; fileName?: string } {
  const binary = item.binary?.[field];
  if (!field || !binary) {
    throw new NodeOperationError(`This operation expects the node's input data to contain a binary file '${field}', but none was found`, {
      itemIndex,
      description: `Make sure the previous node outputs a binary property named '${field}'`,
    });
  }
  return { bytes: Buffer.from(binary.data, "base64"), mimeType: binary.mimeType, fileName: binary.fileName };
}

/** The name/value pairs of a key-value fixedCollection, skipping rows without a name. */
function keyValues(raw: unknown): Array<{ name: string; value: unknown }> {
  if (!Array.isArray(raw)) return [];
  const rows: Array<{ name: string; value: unknown }> = [];
  for (const entry of raw) {
    if (entry === null || typeof entry !== "object") continue;
    const name = (entry as Record<string, unknown>)["name"];
    if (typeof name !== "string" || name === "") continue;
    rows.push({ name, value: (entry as Record<string, unknown>)["value"] });
  }
  return rows;
}

/** Sets a field; with `combine`, a repeated name turns into an array (n8n 4.3+), else the last wins. */
function setField(target: Record<string, unknown>, name: string, value: unknown, combine: boolean): void {
  if (name === "__proto__" || name === "constructor" || name === "prototype") return;
  const existing = Object.prototype.hasOwnProperty.call(target, name) ? target[name] : undefined;
  if (!combine || existing === undefined) target[name] = value;
  else target[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
}

function stringFields(fields: Record<string, unknown>): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Array.isArray(v) ? v.map(stringify) : stringify(v)]));
}

function stringify(value: unknown): string {
  if (value === undefined || value === null) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

function parseJson(text: string, field: string, itemIndex: number): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new NodeOperationError(`The value in the "${field}" field is not valid JSON`, {
      itemIndex,
      description: cause instanceof Error ? cause.message : String(cause),
      cause,
    });
  }
}

function parseJsonObject(raw: unknown, field: string, itemIndex: number): Record<string, unknown> {
  const value = typeof raw === "string" ? parseJson(raw, field, itemIndex) : raw;
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new NodeOperationError(`The value in the "${field}" field must be a JSON object`, { itemIndex });
  }
  return value as Record<string, unknown>;
}

export function hasHeader(headers: Record<string, string>, lowerName: string): boolean {
  return Object.keys(headers).some((name) => name.toLowerCase() === lowerName);
}

function acceptFor(format: ResponseFormat): string {
  if (format === "json") return "application/json,text/*;q=0.99";
  if (format === "text") return "application/json,text/html,application/xhtml+xml,application/xml,text/*;q=0.9, */*;q=0.1";
  return "application/json,text/html,application/xhtml+xml,application/xml,text/*;q=0.9, image/*;q=0.8, */*;q=0.7";
}
