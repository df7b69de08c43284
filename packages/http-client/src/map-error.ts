import { NodeError } from "@bos/node-sdk";
import { safeUrl } from "./build-url";
import { HTTP_ERROR_CODES, httpError } from "./errors";
import { decodeText, excerpt } from "./read-response-body";
import type { Hop } from "./redirects";

/** System error codes of failed or broken connections (retrying may help). */
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "ECONNABORTED",
  "ERR_SOCKET_CONNECTION_TIMEOUT",
  "UND_ERR_SOCKET",
]);

/**
 * Turns whatever a request threw into a NodeApiError with a WF_HTTP_* code. Order matters: the
 * caller's abort wins over the deadline, which wins over the socket error it caused.
 */
export function toHttpClientError(
  error: unknown,
  context: { url: URL; timeoutMs: number; userSignal?: AbortSignal; deadline: AbortSignal },
): NodeError {
  const where = safeUrl(context.url);
  if (context.userSignal?.aborted) {
    return error instanceof NodeError && error.code === HTTP_ERROR_CODES.aborted
      ? error
      : httpError(HTTP_ERROR_CODES.aborted, `The request to ${where} was aborted`, { cause: error });
  }
  if (context.deadline.aborted) {
    return httpError(HTTP_ERROR_CODES.timeout, `The request to ${where} timed out after ${context.timeoutMs} ms`, {
      description: "The server did not answer in time. Retry later, or raise the request's timeout.",
      cause: error,
    });
  }
  if (error instanceof NodeError) return error;
  const code = systemCode(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
    return httpError(HTTP_ERROR_CODES.connection, `TLS certificate problem with ${where}: ${message} (${code})`, {
      description: "The server's certificate is not trusted. Fix the certificate, or (if you trust this server) turn on 'Ignore SSL Issues'.",
      retryable: false,
      cause: error,
    });
  }
  if (code === "ERR_INVALID_URL") {
    return httpError(HTTP_ERROR_CODES.invalidRequest, `Invalid URL: ${where}`, { cause: error });
  }
  return httpError(HTTP_ERROR_CODES.connection, `Could not complete the request to ${where}: ${message}${code ? ` (${code})` : ""}`, {
    description: code === "ECONNREFUSED" ? "Nothing accepts connections at that address: is the service running and the port right?" : code === "ENOTFOUND" ? "The host name does not resolve: check the URL" : undefined,
    retryable: code === undefined || CONNECTION_CODES.has(code) || /socket hang up|aborted/i.test(message),
    cause: error,
  });
}

/** The NodeApiError for a non-2xx answer: status, status text and a short excerpt of the body. */
export function statusError(hop: Hop, status: number, statusText: string, contentType: string, body: Uint8Array): NodeError {
  return statusErrorFor({ method: hop.method, url: hop.url, status, statusText, contentType, body });
}

/**
 * The error the client raises for a non-2xx answer, for callers that read responses with
 * `neverError` and decide themselves (HTTP Request pagination).
 *
 * @example
 * if (res.status >= 400) throw statusErrorFor({ method: "GET", url: new URL(res.url), status: res.status,
 *   statusText: res.statusText, contentType: res.headers["content-type"] ?? "", body: bytes });
 */
export function statusErrorFor(response: { method: string; url: URL; status: number; statusText: string; contentType: string; body: Uint8Array }): NodeError {
  const { status, statusText, contentType, body } = response;
  const text = isTextual(contentType) ? excerpt(decodeText(body.subarray(0, 4096), contentType), 300) : body.length > 0 ? `<${body.length} bytes of ${contentType || "binary data"}>` : "";
  const label = `${status}${statusText ? ` ${statusText}` : ""}`;
  return httpError(HTTP_ERROR_CODES.status, `${response.method} ${safeUrl(response.url)} answered ${label}${text ? `: ${text}` : ""}`, {
    httpCode: status,
    description: hintFor(status),
  });
}

function hintFor(status: number): string | undefined {
  if (status === 401 || status === 403) return "Check the credentials and their permissions for this resource.";
  if (status === 404) return "Check the URL and the ids in it.";
  if (status === 429) return "Too many requests: space them out with the batching option, or retry later.";
  if (status >= 500) return "The server failed; retrying later may help.";
  if (status >= 300 && status < 400) return "The server redirected; turn on following redirects or use the new location.";
  return undefined;
}

function isTextual(contentType: string): boolean {
  return contentType === "" || /^text\/|json|xml|javascript|x-www-form-urlencoded/i.test(contentType);
}

function systemCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && code !== "ERR_CANCELED" && code !== "ERR_BAD_RESPONSE" && code !== "ERR_BAD_REQUEST") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
