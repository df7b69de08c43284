import type { LookupFunction } from "node:net";
import type { HttpMethod } from "@bos/node-sdk";

/**
 * What the network guard sees before every hop of a request (the first request and each redirect).
 * Throw to refuse the hop: a NodeError passes through unchanged, anything else becomes WF_HTTP_BLOCKED.
 */
export interface BeforeRequestInfo {
  method: HttpMethod;
  /** 0 for the first request, n for the n-th redirect. */
  redirectCount: number;
}

/** An explicit outbound proxy. Environment variables (HTTP_PROXY...) are never read. */
export interface HttpProxy {
  protocol?: "http" | "https";
  host: string;
  port: number;
  auth?: { username: string; password: string };
}

/**
 * Host-level settings of one HTTP client (one per process, or per tenant policy). Per-request
 * options may lower these limits, never raise them.
 *
 * @example
 * const http = createHttpClient({ maxTimeoutMs: 60_000, beforeRequest: (url) => guard.check(url) });
 */
export interface HttpClientOptions {
  /** Timeout of a request without `timeoutMs`, in ms (default 300,000 = 5 minutes, as n8n). */
  defaultTimeoutMs?: number;
  /** Largest `timeoutMs` a request may ask for, in ms (default 3,600,000 = 1 hour). */
  maxTimeoutMs?: number;
  /** Largest response body, in bytes after decompression (default 64 MiB). Enforced while streaming. */
  maxResponseBytes?: number;
  /** Redirects followed when a request does not say (default 21). */
  defaultMaxRedirects?: number;
  /** Largest `maxRedirects` a request may ask for (default 50). */
  maxRedirectsCap?: number;
  /**
   * Whether requests may set `allowUnauthorizedCerts` (default true, as n8n). A tenant policy that
   * forbids insecure TLS sets false: such requests then fail with WF_HTTP_NOT_ALLOWED.
   */
  allowInsecureTls?: boolean;
  /** Outbound proxy; default none (proxy environment variables are ignored on purpose). */
  proxy?: HttpProxy;
  /**
   * THE NETWORK GUARD SEAM. Called before every hop (first request and each redirect) with the URL
   * about to be requested; throw to refuse it. The coming guard (private ranges blocked per tenant
   * policy) plugs in here, together with `lookup` below so that the address actually connected to is
   * checked too (DNS rebinding).
   */
  beforeRequest?: (url: URL, info: BeforeRequestInfo) => void | Promise<void>;
  /** DNS lookup used by the sockets (default: the system resolver). The guard validates addresses here. */
  lookup?: LookupFunction;
  /** Sockets per origin kept by the keep-alive agents (default 64). */
  maxSocketsPerHost?: number;
  /** `User-Agent` sent when a request sets none (default "BusinessOS-Workflow/1.0"). */
  userAgent?: string;
}

/** HttpClientOptions with every default filled in. */
export type ResolvedHttpClientOptions = Required<Omit<HttpClientOptions, "proxy" | "beforeRequest" | "lookup">> &
  Pick<HttpClientOptions, "proxy" | "beforeRequest" | "lookup">;

export const HTTP_CLIENT_DEFAULTS = {
  defaultTimeoutMs: 300_000,
  maxTimeoutMs: 3_600_000,
  maxResponseBytes: 64 * 1024 * 1024,
  defaultMaxRedirects: 21,
  maxRedirectsCap: 50,
  allowInsecureTls: true,
  maxSocketsPerHost: 64,
  userAgent: "BusinessOS-Workflow/1.0",
} as const;

/** Fills defaults and rejects nonsensical limits at construction time. */
export function resolveHttpClientOptions(options: HttpClientOptions): ResolvedHttpClientOptions {
  const resolved: ResolvedHttpClientOptions = { ...HTTP_CLIENT_DEFAULTS, ...stripUndefined(options) };
  const positive: Array<keyof ResolvedHttpClientOptions> = ["defaultTimeoutMs", "maxTimeoutMs", "maxResponseBytes", "maxSocketsPerHost"];
  for (const key of positive) {
    const value = resolved[key];
    if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
      throw new RangeError(`createHttpClient: ${key} must be a positive number of ${key.endsWith("Ms") ? "milliseconds" : "units"}, got ${String(value)}`);
    }
  }
  for (const key of ["defaultMaxRedirects", "maxRedirectsCap"] as const) {
    if (!Number.isInteger(resolved[key]) || resolved[key] < 0) {
      throw new RangeError(`createHttpClient: ${key} must be an integer >= 0, got ${String(resolved[key])}`);
    }
  }
  resolved.defaultTimeoutMs = Math.min(resolved.defaultTimeoutMs, resolved.maxTimeoutMs);
  resolved.defaultMaxRedirects = Math.min(resolved.defaultMaxRedirects, resolved.maxRedirectsCap);
  return resolved;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
