import { statusErrorFor } from "@bos/http-client";
import { NodeOperationError, type ExecuteContext, type HttpResponse } from "@bos/node-sdk";
import type { RequestSettings, RequestSpec } from "./build-request";
import { bodyBytes, bodyForExpressions } from "./parse-response";

/** `options.pagination.pagination`, raw (its expressions are evaluated per page). */
export interface PaginationSettings {
  mode: "updateAParameterInEachRequest" | "responseContainsNextURL";
  nextURL: unknown;
  parameters: Array<{ type: "qs" | "headers" | "body"; name: string; value: unknown }>;
  completeWhen: "responseIsEmpty" | "receiveSpecificStatusCodes" | "other";
  statusCodes: number[];
  completeExpression: unknown;
  /** Total requests allowed (limitPagesFetched), or undefined for no limit. */
  maxRequests?: number;
  requestInterval: number;
}

type Ctx = ExecuteContext<Record<string, unknown>>;

/**
 * Reads and checks the pagination settings (node level, as in n8n), or undefined when off. The
 * checks are n8n's: an empty parameter would page forever, so it is refused up front.
 *
 * The values are read from the node's raw parameters (n8n reads them with `rawExpressions`): their
 * expressions need `$response`, so they must reach `fetchPages` unevaluated whether or not the engine
 * already skips `resolve: "lazy"` parameters nested inside a collection.
 */
export function readPagination(ctx: Ctx): PaginationSettings | undefined {
  const raw = rawAt(ctx.node.parameters, ["options", "pagination", "pagination"]);
  if (raw === null || typeof raw !== "object") return undefined;
  const p = raw as Record<string, unknown>;
  const mode = p["paginationMode"] ?? "updateAParameterInEachRequest";
  if (mode === "off") return undefined;
  if (mode !== "updateAParameterInEachRequest" && mode !== "responseContainsNextURL") {
    throw new NodeOperationError(`Unknown pagination mode '${String(mode)}'`, { description: "Use off, updateAParameterInEachRequest or responseContainsNextURL" });
  }
  const completeWhen = p["paginationCompleteWhen"] ?? "responseIsEmpty";
  if (completeWhen !== "responseIsEmpty" && completeWhen !== "receiveSpecificStatusCodes" && completeWhen !== "other") {
    throw new NodeOperationError(`Unknown 'Pagination Complete When' value '${String(completeWhen)}'`);
  }
  const parameters = readPaginationParameters(p["parameters"], mode);
  if (mode === "responseContainsNextURL" && (p["nextURL"] === undefined || p["nextURL"] === "")) {
    throw new NodeOperationError("Pagination mode 'Response Contains Next URL' needs a Next URL", {
      description: "Set Next URL to an expression such as {{ $response.body.next }}",
    });
  }
  if (completeWhen === "other" && (typeof p["completeExpression"] !== "string" || !p["completeExpression"].trim().startsWith("="))) {
    throw new NodeOperationError("Invalid or empty Complete Expression", { description: "Write an expression such as {{ $response.body.items.length === 0 }}" });
  }
  const statusCodes = String(p["statusCodesWhenComplete"] ?? "")
    .split(",")
    .map((code) => Number.parseInt(code.trim(), 10))
    .filter((code) => Number.isInteger(code));
  if (completeWhen === "receiveSpecificStatusCodes" && statusCodes.length === 0) {
    throw new NodeOperationError("Pagination completes on specific status codes, but none are given", { description: "List them comma-separated, e.g. 404, 400" });
  }
  const maxRequests = Number(p["maxRequests"] ?? 100);
  return {
    mode,
    nextURL: p["nextURL"],
    parameters,
    completeWhen,
    statusCodes,
    completeExpression: p["completeExpression"],
    maxRequests: p["limitPagesFetched"] === true ? (Number.isFinite(maxRequests) && maxRequests > 0 ? maxRequests : 100) : undefined,
    requestInterval: Math.max(0, Number(p["requestInterval"] ?? 0) || 0),
  };
}

function readPaginationParameters(raw: unknown, mode: string): PaginationSettings["parameters"] {
  if (mode !== "updateAParameterInEachRequest") return [];
  const rows = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>)["parameters"] : undefined;
  const list = Array.isArray(rows) ? rows : [];
  const meaningful = list.filter((row) => row && typeof row === "object" && ((row as Record<string, unknown>)["name"] || (row as Record<string, unknown>)["value"]));
  if (meaningful.length === 0) {
    throw new NodeOperationError("At least one entry with 'Name' and 'Value' filled must be included in 'Parameters' to use 'Update a Parameter in Each Request' mode");
  }
  return meaningful.map((row, index) => {
    const r = row as Record<string, unknown>;
    const type = r["type"] ?? "qs";
    if (type !== "qs" && type !== "headers" && type !== "body") {
      throw new NodeOperationError(`Parameter type must be one of: body, headers, qs for parameter [${index + 1}] in pagination settings`);
    }
    if (typeof r["name"] !== "string" || r["name"] === "") throw new NodeOperationError(`Parameter name must be set for parameter [${index + 1}] in pagination settings`);
    if (r["value"] === undefined || r["value"] === "") {
      throw new NodeOperationError(`Some value must be provided for parameter [${index + 1}] in pagination settings, omitting it will result in an infinite loop`);
    }
    return { type, name: r["name"], value: r["value"] };
  });
}

/**
 * Fetches every page for one item: the first request as configured, then requests updated from the
 * previous response until the completion rule says stop (or maxRequests). Non-2xx pages fail unless
 * neverError, except the status codes that mark completion (such a final page is dropped unless 2xx).
 */
export async function fetchPages(
  ctx: Ctx,
  itemIndex: number,
  first: RequestSpec,
  settings: RequestSettings,
  pagination: PaginationSettings,
  send: (spec: RequestSpec, pageIndex: number) => Promise<HttpResponse>,
): Promise<HttpResponse[]> {
  const pages: HttpResponse[] = [];
  let spec = first;
  for (let pageCount = 0; ; ) {
    if (pagination.maxRequests !== undefined && pageCount >= pagination.maxRequests) break;
    if (pageCount > 0 && pagination.requestInterval > 0) await ctx.sleep(pagination.requestInterval);
    const response = await send(spec, pageCount);
    pageCount++;
    const ok = response.status >= 200 && response.status < 300;
    if (pagination.completeWhen === "receiveSpecificStatusCodes" && pagination.statusCodes.includes(response.status)) {
      if (ok) pages.push(response);
      break;
    }
    if (!ok && !settings.neverError) {
      throw statusErrorFor({
        method: spec.method,
        url: new URL(response.url),
        status: response.status,
        statusText: response.statusText,
        contentType: response.headers["content-type"] ?? "",
        body: bodyBytes(response),
      });
    }
    pages.push(response);
    const variables = {
      $response: { body: bodyForExpressions(response, settings.responseFormat), headers: response.headers, statusCode: response.status, statusMessage: response.statusText },
      $pageCount: pageCount,
      $request: requestVariable(spec),
    };
    const evaluate = (value: unknown) => (typeof value === "string" && value.startsWith("=") ? ctx.evaluateExpression(value, itemIndex, variables) : Promise.resolve(value));
    if (pagination.completeWhen === "responseIsEmpty") {
      const body = variables.$response.body;
      if (Array.isArray(body) ? body.length === 0 : !body) break;
    } else if (pagination.completeWhen === "other") {
      if (await evaluate(pagination.completeExpression)) break;
    }
    spec = pagination.mode === "responseContainsNextURL" ? withNextUrl(spec, await evaluate(pagination.nextURL), itemIndex) : await withParameters(spec, pagination, evaluate, itemIndex);
  }
  return pages;
}

/** `$request`: the request just sent, in n8n's option names. */
function requestVariable(spec: RequestSpec): Record<string, unknown> {
  const body = spec.body?.kind === "json" ? spec.body.value : spec.body?.kind === "form" ? spec.body.fields : undefined;
  return { method: spec.method, url: spec.url, qs: spec.query, headers: spec.headers, body };
}

function withNextUrl(spec: RequestSpec, next: unknown, itemIndex: number): RequestSpec {
  if (typeof next !== "string" || next.trim() === "") {
    throw new NodeOperationError(`Next URL must evaluate to a URL, got ${next === undefined ? "undefined" : JSON.stringify(next)}`, {
      itemIndex,
      description: 'Make sure the "Next URL" parameter evaluates to a valid URL, and stop pagination before it runs out (Pagination Complete When)',
    });
  }
  let url: URL;
  try {
    url = new URL(next.trim(), spec.url);
  } catch (cause) {
    throw new NodeOperationError(`Next URL is not a valid URL: ${next}`, { itemIndex, description: 'Make sure the "Next URL" parameter evaluates to a valid URL.', cause });
  }
  // The next URL carries its own query; configured parameters it repeats are not sent twice.
  const query = Object.fromEntries(Object.entries(spec.query).filter(([key]) => !url.searchParams.has(key)));
  return { ...spec, url: url.href, query };
}

async function withParameters(
  spec: RequestSpec,
  pagination: PaginationSettings,
  evaluate: (value: unknown) => Promise<unknown>,
  itemIndex: number,
): Promise<RequestSpec> {
  const next: RequestSpec = { ...spec, query: { ...spec.query }, headers: { ...spec.headers } };
  for (const parameter of pagination.parameters) {
    const value = await evaluate(parameter.value);
    if (parameter.type === "qs") next.query[parameter.name] = value;
    else if (parameter.type === "headers") next.headers[parameter.name] = String(value);
    else next.body = withBodyField(next.body, parameter.name, value, itemIndex);
  }
  return next;
}

function withBodyField(body: RequestSpec["body"], name: string, value: unknown, itemIndex: number): RequestSpec["body"] {
  if (body === undefined) return { kind: "json", value: { [name]: value } };
  if (body.kind === "json" && body.value !== null && typeof body.value === "object" && !Array.isArray(body.value)) {
    return { kind: "json", value: { ...(body.value as Record<string, unknown>), [name]: value } };
  }
  if (body.kind === "form") return { kind: "form", fields: { ...body.fields, [name]: String(value) } };
  throw new NodeOperationError(`Pagination parameter '${name}' of type Body needs a JSON object or form-urlencoded body`, { itemIndex });
}

function rawAt(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== "object" || !Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
