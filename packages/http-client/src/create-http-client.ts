import http from "node:http";
import https from "node:https";
import type { Readable } from "node:stream";
import axios, { type AxiosResponse } from "axios";
import { NodeError, type HttpClient, type HttpMethod, type HttpRequestOptions, type HttpResponse } from "@bos/node-sdk";
import { encodeBody } from "./build-request-body";
import { buildUrl, safeUrl } from "./build-url";
import { HTTP_ERROR_CODES, httpError } from "./errors";
import { resolveHttpClientOptions, type HttpClientOptions, type ResolvedHttpClientOptions } from "./http-client-options";
import { toHttpClientError, statusError } from "./map-error";
import { decodeBody, readBodyCapped, responseTooLarge } from "./read-response-body";
import { hasHeader, isRedirect, redirectHop, withoutHeaders, type Hop } from "./redirects";

/** An HttpClient that owns keep-alive sockets: `close()` releases them (shutdown, end of tests). */
export interface ManagedHttpClient extends HttpClient {
  close(): void;
}

const METHODS: ReadonlySet<string> = new Set<HttpMethod>(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);

/**
 * The one HTTP client every node's outbound request goes through (`ctx.helpers.http`). Built on axios
 * with keep-alive agents; adds what the engine must guarantee whatever the node asks: a total
 * timeout (headers and body), a response size cap enforced while streaming, a redirect limit with
 * the `beforeRequest` guard called on every hop, no proxy from the environment, `Idempotency-Key`,
 * and errors as NodeApiError with stable WF_HTTP_* codes and the retry decision.
 *
 * @example
 * const http = createHttpClient({ defaultTimeoutMs: 30_000 });
 * const res = await http.request({ method: "POST", url: "https://api.example.com/items",
 *   body: { kind: "json", value: { name: "Ana" } }, idempotencyKey: "exec-1:HTTP Request:0" });
 * http.close();
 */
export function createHttpClient(options: HttpClientOptions = {}): ManagedHttpClient {
  const config = resolveHttpClientOptions(options);
  const agentOptions = { keepAlive: true, maxSockets: config.maxSocketsPerHost, ...(config.lookup ? { lookup: config.lookup } : {}) };
  const httpAgent = new http.Agent(agentOptions);
  const httpsAgent = new https.Agent(agentOptions);
  let insecureAgent: https.Agent | undefined;
  const agents = {
    http: httpAgent,
    https: (allowUnauthorizedCerts: boolean) =>
      allowUnauthorizedCerts ? (insecureAgent ??= new https.Agent({ ...agentOptions, rejectUnauthorized: false })) : httpsAgent,
  };
  return {
    request: (request) => sendRequest(config, agents, request),
    close: () => {
      httpAgent.destroy();
      httpsAgent.destroy();
      insecureAgent?.destroy();
    },
  };
}

interface Agents {
  http: http.Agent;
  https(allowUnauthorizedCerts: boolean): https.Agent;
}

async function sendRequest(config: ResolvedHttpClientOptions, agents: Agents, request: HttpRequestOptions): Promise<HttpResponse> {
  const limits = requestLimits(config, request);
  const firstHop = buildFirstHop(config, request);
  // One controller aborts the transfer; `deadline` records that the timer, not the caller, fired.
  // (Listeners instead of AbortSignal.any: a long-lived execution signal must not accumulate them.)
  const deadline = new AbortController();
  const transfer = new AbortController();
  const timer = setTimeout(() => {
    deadline.abort();
    transfer.abort();
  }, limits.timeoutMs);
  const onCallerAbort = () => transfer.abort();
  request.signal?.addEventListener("abort", onCallerAbort, { once: true });
  const signal = transfer.signal;
  let hop = firstHop;
  try {
    if (request.signal?.aborted) throw httpError(HTTP_ERROR_CODES.aborted, `The request to ${safeUrl(hop.url)} was aborted before it started`);
    for (let redirectCount = 0; ; redirectCount++) {
      await runGuard(config, hop, redirectCount);
      const response = await sendHop(config, agents, hop, signal, request.allowUnauthorizedCerts === true);
      const location = headerValue(response.headers["location"]);
      if (limits.maxRedirects > 0 && isRedirect(response.status, location)) {
        response.data.destroy();
        if (redirectCount >= limits.maxRedirects) {
          throw httpError(HTTP_ERROR_CODES.tooManyRedirects, `Stopped after ${limits.maxRedirects} redirects, starting at ${safeUrl(firstHop.url)}`, {
            description: "The server keeps redirecting (a loop?). Check the URL, or raise the maximum number of redirects.",
          });
        }
        hop = redirectHop(hop, response.status, location, {
          keepCredentials: request.sendCredentialsOnCrossOriginRedirect === true,
          sensitiveHeaders: request.sensitiveHeaders ?? [],
        });
        continue;
      }
      return await readResponse(response, hop, limits.maxResponseBytes, request, signal);
    }
  } catch (error) {
    throw toHttpClientError(error, { url: hop.url, timeoutMs: limits.timeoutMs, userSignal: request.signal, deadline: deadline.signal });
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener("abort", onCallerAbort);
  }
}

function requestLimits(config: ResolvedHttpClientOptions, request: HttpRequestOptions) {
  if (!METHODS.has(request.method)) {
    throw httpError(HTTP_ERROR_CODES.invalidRequest, `Unsupported HTTP method "${String(request.method)}"`, {
      description: `Use one of ${[...METHODS].join(", ")}`,
    });
  }
  if (request.allowUnauthorizedCerts && !config.allowInsecureTls) {
    throw httpError(HTTP_ERROR_CODES.notAllowed, "Ignoring TLS certificate errors is not allowed here", {
      description: "This workspace's policy requires valid certificates: turn off 'Ignore SSL Issues' and fix the server's certificate",
    });
  }
  const timeoutMs = clampNumber(request.timeoutMs ?? config.defaultTimeoutMs, 1, config.maxTimeoutMs);
  const maxRedirects = Math.floor(clampNumber(request.maxRedirects ?? config.defaultMaxRedirects, 0, config.maxRedirectsCap));
  const maxResponseBytes = Math.min(request.maxResponseBytes ?? Infinity, config.maxResponseBytes);
  return { timeoutMs, maxRedirects, maxResponseBytes };
}

function buildFirstHop(config: ResolvedHttpClientOptions, request: HttpRequestOptions): Hop {
  const url = buildUrl(request.url, request.query);
  const body = encodeBody(request.body);
  let headers: Record<string, string> = { ...(request.headers ?? {}) };
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== "string") headers[name] = String(value);
  }
  if (request.idempotencyKey !== undefined) {
    headers = withoutHeaders(headers, ["idempotency-key"]);
    headers["Idempotency-Key"] = request.idempotencyKey;
  }
  if (request.body?.kind === "multipart") {
    // A hand-set "multipart/form-data" without the boundary would make the body unreadable: the
    // encoder's own header (with the boundary) replaces it.
    const contentType = Object.entries(headers).find(([name]) => name.toLowerCase() === "content-type")?.[1];
    if (contentType !== undefined && !/boundary=/i.test(contentType)) headers = withoutHeaders(headers, ["content-type"]);
  }
  if (!hasHeader(headers, "user-agent")) headers["User-Agent"] = config.userAgent;
  if (body.contentType && !hasHeader(headers, "content-type")) headers["Content-Type"] = body.contentType;
  return { url, method: request.method, headers, body };
}

async function runGuard(config: ResolvedHttpClientOptions, hop: Hop, redirectCount: number): Promise<void> {
  if (!config.beforeRequest) return;
  try {
    await config.beforeRequest(new URL(hop.url.href), { method: hop.method, redirectCount });
  } catch (error) {
    if (error instanceof NodeError) throw error;
    throw httpError(HTTP_ERROR_CODES.blocked, `The request to ${safeUrl(hop.url)} was blocked: ${error instanceof Error ? error.message : String(error)}`, {
      description: redirectCount > 0 ? `Blocked at redirect ${redirectCount}` : undefined,
      cause: error,
    });
  }
}

function sendHop(config: ResolvedHttpClientOptions, agents: Agents, hop: Hop, signal: AbortSignal, insecure: boolean): Promise<AxiosResponse<Readable>> {
  return axios.request<Readable>({
    url: hop.url.href,
    method: hop.method,
    headers: hop.headers,
    data: hop.body.data,
    responseType: "stream",
    // Status handling, redirects and size caps are ours; axios only moves bytes.
    validateStatus: () => true,
    maxRedirects: 0,
    maxBodyLength: Infinity,
    maxContentLength: Infinity,
    decompress: true,
    transformRequest: [(data: unknown) => data],
    proxy: config.proxy
      ? { protocol: config.proxy.protocol ?? "http", host: config.proxy.host, port: config.proxy.port, auth: config.proxy.auth }
      : false,
    httpAgent: agents.http,
    httpsAgent: agents.https(insecure),
    signal,
  });
}

async function readResponse(
  response: AxiosResponse<Readable>,
  hop: Hop,
  maxBytes: number,
  request: HttpRequestOptions,
  signal: AbortSignal,
): Promise<HttpResponse> {
  const stream = response.data;
  // HEAD, 204 and 304 carry no body whatever Content-Length says.
  const bodiless = hop.method === "HEAD" || response.status === 204 || response.status === 304;
  const declared = Number(headerValue(response.headers["content-length"]));
  if (!bodiless && Number.isFinite(declared) && declared > maxBytes) {
    stream.destroy();
    throw responseTooLarge(safeUrl(hop.url), maxBytes);
  }
  // The deadline and the caller's signal also cover the body, not only the headers.
  const onAbort = () => stream.destroy(new Error("aborted while reading the response body"));
  signal.addEventListener("abort", onAbort, { once: true });
  let bytes: Buffer;
  try {
    bytes = await readBodyCapped(stream, maxBytes, safeUrl(hop.url));
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
  const headers = flattenHeaders(response.headers);
  const status = response.status;
  if ((status < 200 || status > 299) && !request.neverError) {
    throw statusError(hop, status, response.statusText ?? "", headers["content-type"] ?? "", bytes);
  }
  const body = decodeBody(bytes, headers["content-type"] ?? "", request.responseType ?? "auto", safeUrl(hop.url));
  return { status, statusText: response.statusText ?? "", headers, body, url: hop.url.href };
}

/** Response headers as lowercase name -> value; repeated headers (set-cookie) are joined with ", ". */
function flattenHeaders(headers: AxiosResponse["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || value === null || typeof value === "function") continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : String(value);
  }
  return out;
}

function headerValue(value: unknown): string | undefined {
  if (Array.isArray(value)) return value[0] === undefined ? undefined : String(value[0]);
  return value === undefined || value === null ? undefined : String(value);
}

function clampNumber(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) {
    throw httpError(HTTP_ERROR_CODES.invalidRequest, `Expected a number, got ${String(value)}`, {
      description: "Timeouts and redirect limits must be finite numbers",
    });
  }
  return Math.min(Math.max(value, min), max);
}
