/**
 * The one outbound HTTP interface every node uses (`ctx.helpers.http`). The engine supplies the
 * implementation (`createHttpClient` from `@bos/http-client`: timeouts, response size caps, redirect
 * limit, and later the network guard), so no node opens sockets of its own.
 *
 * @example
 * const res = await ctx.helpers.http.request({ method: "GET", url: "https://api.example.com/items" });
 */

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS";

export type HttpBody =
  | { kind: "json"; value: unknown }
  | { kind: "form"; fields: Record<string, string | string[]> }
  | { kind: "multipart"; parts: Array<{ name: string; value: string } | { name: string; data: Uint8Array; fileName?: string; mimeType?: string }> }
  | { kind: "raw"; data: string | Uint8Array; contentType?: string };

export interface HttpRequestOptions {
  method: HttpMethod;
  url: string;
  headers?: Record<string, string>;
  /** Query parameters; arrays repeat the key. */
  query?: Record<string, string | number | boolean | Array<string | number | boolean>>;
  body?: HttpBody;
  /**
   * How to read the response body (default `auto`: JSON when the content type says so and it parses,
   * else text). `binary` gives a Uint8Array. An empty body read as JSON is `undefined`.
   */
  responseType?: "auto" | "json" | "text" | "binary";
  /** Milliseconds before the request is aborted (default and cap set by the host). */
  timeoutMs?: number;
  /** 0 disables redirects (default and cap set by the host). */
  maxRedirects?: number;
  /** Resolve instead of throwing on any status code. */
  neverError?: boolean;
  /** Sent as `Idempotency-Key` (replacing a header of that name); set it for requests with side effects. */
  idempotencyKey?: string;
  signal?: AbortSignal;
  /** Skip TLS certificate checks for this request (n8n's "Ignore SSL Issues"); the host may forbid it. */
  allowUnauthorizedCerts?: boolean;
  /** Lower the host's response size cap for this request, in bytes (never raises it). */
  maxResponseBytes?: number;
  /**
   * Keep `Authorization`, `Cookie`, `Proxy-Authorization` and `sensitiveHeaders` when a redirect goes
   * to another origin (default false: they are dropped).
   */
  sendCredentialsOnCrossOriginRedirect?: boolean;
  /** Further header names that carry secrets (credential headers): dropped on cross-origin redirects. */
  sensitiveHeaders?: string[];
}

export interface HttpResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  /** Parsed JSON, a string, or bytes, by `responseType`. */
  body: unknown;
  /** The final URL after redirects. */
  url: string;
}

export interface HttpClient {
  request(options: HttpRequestOptions): Promise<HttpResponse>;
}
