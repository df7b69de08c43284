import { decodeText } from "@bos/http-client";
import { NodeOperationError, type ExecuteContext, type HttpBody, type HttpMethod, type HttpResponse, type Item } from "@bos/node-sdk";
import type { AuthPlan } from "./authentication";
import { binaryOf, hasHeader, type RequestSettings, type RequestSpec } from "./build-request";
import { asItemJson, bodyBytes, toBinaryData } from "./parse-response";
import type { RequestPlan } from "./request-plan";

type Ctx = ExecuteContext<Record<string, unknown>>;

const METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);
const FORM_METHODS = new Set(["PATCH", "POST", "PUT"]);

/** How a legacy (v1/v2) response becomes items. */
interface LegacyResponseSettings {
  format: "json" | "string" | "file";
  fullResponse: boolean;
  splitIntoItems: boolean;
  dataPropertyName: string;
}

/**
 * Reads one item's v1/v2 parameters into a request plan, with the behaviour of the `request`
 * library those versions used: GET/HEAD redirects followed (10 at most) unless followRedirect is off,
 * others only with followAllRedirects; arrays in the query as `a[0]=x` unless useQueryString; a
 * one-hour timeout by default; form and multipart bodies only for PATCH/POST/PUT.
 */
export function planLegacyRequest(ctx: Ctx, itemIndex: number, item: Item, auth: AuthPlan): RequestPlan {
  const param = (path: string, fallback?: unknown): unknown => ctx.getNodeParameter(path, itemIndex, fallback);
  const method = String(param("requestMethod", "GET")).toUpperCase();
  if (!METHODS.has(method)) throw new NodeOperationError(`Unsupported request method '${method}'`, { itemIndex });
  const url = String(param("url", "")).trim();
  if (!url) throw new NodeOperationError("URL parameter cannot be empty", { itemIndex, description: "Set the URL to request" });
  if (!/^https?:\/\//i.test(url)) throw new NodeOperationError(`Invalid URL: ${url}. URL must start with "http" or "https".`, { itemIndex });
  const options = (param("options", {}) ?? {}) as Record<string, unknown>;
  if (typeof options["proxy"] === "string" && options["proxy"].trim() !== "") {
    throw new NodeOperationError("The Proxy option is not supported yet", { itemIndex, description: "Remove the Proxy option" });
  }
  const contentType = typeof options["bodyContentType"] === "string" ? options["bodyContentType"] : "json";
  const spec: RequestSpec = { method: method as HttpMethod, url, query: {}, headers: {} };
  if (param("jsonParameters", false) === true) readJsonParameters(ctx, itemIndex, item, spec, contentType);
  else readUiParameters(ctx, itemIndex, spec);
  if (spec.body?.kind === "json" && FORM_METHODS.has(method) && (contentType === "form-urlencoded" || contentType === "multipart-form-data")) {
    spec.body = asFormBody(spec.body.value, contentType);
  }
  const mime = options["bodyContentCustomMimeType"];
  if (typeof mime === "string" && mime !== "") spec.headers["Content-Type"] = mime;
  Object.assign(spec.query, auth.query);
  Object.assign(spec.headers, auth.headers);
  const format = param("responseFormat", "json");
  const response: LegacyResponseSettings = {
    format: format === "string" || format === "file" ? format : "json",
    fullResponse: options["fullResponse"] === true,
    splitIntoItems: options["splitIntoItems"] === true,
    dataPropertyName: String(param("dataPropertyName", "data") || "data"),
  };
  if (!hasHeader(spec.headers, "accept")) spec.headers["accept"] = ACCEPT[response.format];
  const settings = legacySettings(method, options, param("allowUnauthorizedCerts", false) === true);
  return { spec, settings, toItems: (res) => legacyResponseToItems(res, item, itemIndex, response) };
}

function legacySettings(method: string, options: Record<string, unknown>, allowUnauthorizedCerts: boolean): RequestSettings {
  const follow = options["followAllRedirects"] === true || (options["followRedirect"] !== false && (method === "GET" || method === "HEAD"));
  const batchSize = Number(options["batchSize"]);
  const batchInterval = Number(options["batchInterval"]);
  const batching = Number.isFinite(batchSize) && batchSize >= 0 && Number.isFinite(batchInterval) && batchInterval > 0;
  const timeout = options["timeout"];
  return {
    responseFormat: "autodetect",
    fullResponse: options["fullResponse"] === true,
    neverError: options["ignoreResponseCode"] === true,
    outputPropertyName: "data",
    timeoutMs: typeof timeout === "number" && timeout > 0 ? timeout : 3_600_000,
    maxRedirects: follow ? 10 : 0,
    allowUnauthorizedCerts,
    sendCredentialsOnCrossOriginRedirect: false,
    queryArrayFormat: options["useQueryString"] === true ? "repeat" : "indices",
    batchSize: batching ? Math.max(1, batchSize) : 1,
    batchInterval: batching ? batchInterval : 0,
  };
}

function readUiParameters(ctx: Ctx, itemIndex: number, spec: RequestSpec): void {
  const rows = (name: string): Array<{ name: string; value: unknown }> | undefined => {
    const collection = ctx.getNodeParameter(name, itemIndex, {}) as Record<string, unknown> | undefined;
    const list = collection?.["parameter"];
    if (!Array.isArray(list)) return undefined;
    return list.filter((r): r is { name: string; value: unknown } => r !== null && typeof r === "object" && typeof (r as { name?: unknown }).name === "string");
  };
  for (const { name, value } of rows("queryParametersUi") ?? []) {
    const existing = spec.query[name];
    spec.query[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  for (const { name, value } of rows("headerParametersUi") ?? []) spec.headers[name.toLowerCase()] = String(value ?? "");
  const body = rows("bodyParametersUi");
  if (body) spec.body = { kind: "json", value: Object.fromEntries(body.map(({ name, value }) => [name, value])) };
}

function readJsonParameters(ctx: Ctx, itemIndex: number, item: Item, spec: RequestSpec, contentType: string): void {
  const raw = (name: string): unknown => ctx.getNodeParameter(name, itemIndex, "");
  const parsed = (name: string, displayName: string): Record<string, unknown> | undefined => {
    const value = raw(name);
    if (value === "" || value === undefined || value === null) return undefined;
    const result = typeof value === "string" ? parseLegacyJson(value, displayName, itemIndex) : value;
    if (typeof result !== "object" || result === null) {
      throw new NodeOperationError(`The data in "${displayName}" must be a JSON object`, { itemIndex });
    }
    return result as Record<string, unknown>;
  };
  Object.assign(spec.query, parsed("queryParametersJson", "Query Parameters") ?? {});
  for (const [name, value] of Object.entries(parsed("headerParametersJson", "Headers") ?? {})) spec.headers[name] = String(value);
  if (ctx.getNodeParameter("sendBinaryData", itemIndex, false) === true) {
    spec.body = binaryBody(String(ctx.getNodeParameter("binaryPropertyName", itemIndex, "data")), contentType, item, itemIndex);
    return;
  }
  const body = raw("bodyParametersJson");
  if (body === "" || body === undefined || body === null) return;
  if (contentType === "raw") {
    spec.body = { kind: "raw", data: typeof body === "string" ? body : JSON.stringify(body) };
    return;
  }
  spec.body = { kind: "json", value: typeof body === "string" ? parseLegacyJson(body, "Body Parameters", itemIndex) : body };
}

function binaryBody(propertyList: string, contentType: string, item: Item, itemIndex: number): HttpBody {
  if (contentType === "raw") {
    const binary = binaryOf(item, propertyList, itemIndex);
    return { kind: "raw", data: binary.bytes, contentType: binary.mimeType };
  }
  if (contentType !== "multipart-form-data") {
    throw new NodeOperationError('Sending binary data is only supported when option "Body Content Type" is set to "RAW/CUSTOM" or "FORM-DATA/MULTIPART"!', { itemIndex });
  }
  const entries = propertyList.split(",").map((entry) => entry.trim());
  const parts = entries.map((entry) => {
    const [sendKey, property] = entry.includes(":") ? (entry.split(":") as [string, string]) : ["file", entry];
    if (!entry.includes(":") && entries.length > 1) {
      throw new NodeOperationError('If more than one property should be sent, write them as "sendKey1:binaryProperty1,sendKey2:binaryProperty2"', { itemIndex });
    }
    const binary = binaryOf(item, property, itemIndex);
    return { name: sendKey, data: binary.bytes, fileName: binary.fileName, mimeType: binary.mimeType };
  });
  return { kind: "multipart", parts };
}

function asFormBody(value: unknown, contentType: string): HttpBody {
  const fields = value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};
  const text = (v: unknown) => (v !== null && typeof v === "object" ? JSON.stringify(v) : String(v ?? ""));
  if (contentType === "multipart-form-data") return { kind: "multipart", parts: Object.entries(fields).map(([name, v]) => ({ name, value: text(v) })) };
  return { kind: "form", fields: Object.fromEntries(Object.entries(fields).map(([name, v]) => [name, Array.isArray(v) ? v.map(text) : text(v)])) };
}

function parseLegacyJson(text: string, displayName: string, itemIndex: number): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new NodeOperationError(`The data in "${displayName}" is no valid JSON. Set Body Content Type to "RAW/Custom" for XML or other types of payloads`, {
      itemIndex,
      cause,
    });
  }
}

/**
 * v1/v2 output: JSON is one item (an array stays one item unless splitIntoItems), string goes to
 * `dataPropertyName`, file to `binary[dataPropertyName]`; fullResponse adds headers and status.
 */
function legacyResponseToItems(response: HttpResponse, input: Item, itemIndex: number, settings: LegacyResponseSettings): Item[] {
  const pairedItem = { item: itemIndex };
  const meta = { headers: response.headers, statusCode: response.status, statusMessage: response.statusText };
  const contentType = response.headers["content-type"] ?? "";
  const bytes = bodyBytes(response);
  if (settings.format === "file") {
    const binary = { ...(input.binary ?? {}), [settings.dataPropertyName]: toBinaryData(bytes, contentType, response) };
    return [{ json: settings.fullResponse ? { ...meta } : structuredClone(input.json), binary, pairedItem }];
  }
  const text = decodeText(bytes, contentType);
  if (settings.format === "string") {
    return [{ json: settings.fullResponse ? { [settings.dataPropertyName]: text, ...meta } : { [settings.dataPropertyName]: text }, pairedItem }];
  }
  let body: unknown = {};
  if (text.trim() !== "") {
    try {
      body = JSON.parse(text);
    } catch (cause) {
      throw new NodeOperationError('Response body is not valid JSON. Change "Response Format" to "String"', { itemIndex, cause });
    }
  }
  if (settings.fullResponse) return [{ json: { body, ...meta }, pairedItem }];
  if (Array.isArray(body) && settings.splitIntoItems) return body.map((element) => ({ json: asItemJson(element), pairedItem }));
  // n8n v1/v2 put an unsplit array into one item as it is; item json must be an object here, so the
  // array becomes an object keyed by index ($json[0].id still reads the same).
  return [{ json: Array.isArray(body) ? { ...body } : asItemJson(body), pairedItem }];
}

const ACCEPT: Record<LegacyResponseSettings["format"], string> = {
  json: "application/json,text/*;q=0.99",
  string: "application/json,text/html,application/xhtml+xml,application/xml,text/*;q=0.9, */*;q=0.1",
  file: "application/json,text/html,application/xhtml+xml,application/xml,text/*;q=0.9, image/*;q=0.8, */*;q=0.7",
};
