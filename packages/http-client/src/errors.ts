import { NodeApiError } from "@bos/node-sdk";

/**
 * Every error the HTTP client raises is a NodeApiError (so nodes and the engine treat it as n8n
 * treats API errors) with one of these stable codes. The retry decision travels with the error:
 * connection failures, timeouts, 429 and 5xx are retryable; the rest are not. README.md lists the
 * codes; a test keeps the two in step.
 */
export const HTTP_ERROR_CODES = {
  /** The server answered with a status outside 2xx (and `neverError` was not set). */
  status: "WF_HTTP_STATUS",
  /** No connection could be made, or it broke (ECONNREFUSED, ECONNRESET, DNS failure...). */
  connection: "WF_HTTP_CONNECTION",
  /** The request did not finish within its timeout (headers and body together). */
  timeout: "WF_HTTP_TIMEOUT",
  /** The caller's AbortSignal fired (execution canceled). */
  aborted: "WF_HTTP_ABORTED",
  /** The response body is larger than the size cap. */
  responseTooLarge: "WF_HTTP_RESPONSE_TOO_LARGE",
  /** More redirects than allowed. */
  tooManyRedirects: "WF_HTTP_TOO_MANY_REDIRECTS",
  /** `responseType: "json"` but the body is not JSON. */
  invalidJson: "WF_HTTP_INVALID_JSON",
  /** The request itself is malformed (bad URL, unsupported protocol, bad option). */
  invalidRequest: "WF_HTTP_INVALID_REQUEST",
  /** The `beforeRequest` hook (network guard) refused the URL. */
  blocked: "WF_HTTP_BLOCKED",
  /** The options ask for something the host does not allow (e.g. insecure TLS when forbidden). */
  notAllowed: "WF_HTTP_NOT_ALLOWED",
} as const;

export type HttpErrorCode = (typeof HTTP_ERROR_CODES)[keyof typeof HTTP_ERROR_CODES];

/** Builds a NodeApiError with an HTTP client code. */
export function httpError(
  code: HttpErrorCode,
  message: string,
  options: { httpCode?: number; description?: string; retryable?: boolean; cause?: unknown } = {},
): NodeApiError {
  const retryable = options.retryable ?? defaultRetryable(code, options.httpCode);
  return new NodeApiError(message, { ...options, code, retryable });
}

function defaultRetryable(code: HttpErrorCode, httpCode: number | undefined): boolean {
  switch (code) {
    case HTTP_ERROR_CODES.connection:
    case HTTP_ERROR_CODES.timeout:
      return true;
    case HTTP_ERROR_CODES.status:
      return httpCode !== undefined && (httpCode >= 500 || httpCode === 429 || httpCode === 408);
    default:
      return false;
  }
}

/** True for errors raised by this client (any WF_HTTP_* code). */
export function isHttpClientError(error: unknown): error is NodeApiError {
  return error instanceof NodeApiError && error.code.startsWith("WF_HTTP_");
}
