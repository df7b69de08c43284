import type { HttpRequestOptions, HttpResponse } from "@bos/node-sdk";
import type { AuthPlan } from "./authentication";
import type { RequestSettings, RequestSpec } from "./build-request";
import { formatQuery } from "./format-query";

/** What one item's requests share: the client, the abort signal and the credential secrets. */
export interface SendContext {
  http: { request(options: HttpRequestOptions): Promise<HttpResponse> };
  signal: AbortSignal;
  auth: AuthPlan;
}

/**
 * Sends one request through the engine's HTTP client. The body is always read as bytes: the node
 * decides how to read it (autodetect needs the content type first).
 */
export function sendSpec(
  context: SendContext,
  spec: RequestSpec,
  settings: RequestSettings,
  options: { idempotencyKey?: string; neverError?: boolean },
): Promise<HttpResponse> {
  return context.http.request(toHttpRequestOptions(spec, settings, context.auth, { ...options, signal: context.signal }));
}

export function toHttpRequestOptions(
  spec: RequestSpec,
  settings: RequestSettings,
  auth: AuthPlan,
  options: { idempotencyKey?: string; neverError?: boolean; signal?: AbortSignal },
): HttpRequestOptions {
  return {
    method: spec.method,
    url: spec.url,
    query: formatQuery(spec.query, settings.queryArrayFormat),
    headers: spec.headers,
    body: spec.body,
    responseType: "binary",
    timeoutMs: settings.timeoutMs,
    maxRedirects: settings.maxRedirects,
    neverError: options.neverError ?? settings.neverError,
    allowUnauthorizedCerts: settings.allowUnauthorizedCerts,
    sendCredentialsOnCrossOriginRedirect: settings.sendCredentialsOnCrossOriginRedirect,
    sensitiveHeaders: auth.secretHeaders,
    ...(options.idempotencyKey !== undefined ? { idempotencyKey: options.idempotencyKey } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
}
