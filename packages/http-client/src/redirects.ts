import type { HttpMethod } from "@bos/node-sdk";
import type { EncodedBody } from "./build-request-body";

/** One request on the way to a response: the first one, or the one a redirect leads to. */
export interface Hop {
  url: URL;
  method: HttpMethod;
  /** Header names keep the caller's case; lookups ignore case. */
  headers: Record<string, string>;
  body: EncodedBody;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Headers that carry credentials, dropped on a cross-origin redirect unless the caller keeps them. */
const CREDENTIAL_HEADERS = ["authorization", "cookie", "proxy-authorization"];

export function isRedirect(status: number, location: string | undefined): location is string {
  return REDIRECT_STATUSES.has(status) && typeof location === "string" && location !== "";
}

/**
 * The request a redirect leads to, as browsers and curl do it: 303 turns into GET (HEAD stays HEAD);
 * 301/302 turn POST into GET; 307/308 repeat method and body. A body that is dropped takes its
 * content headers with it. On a cross-origin hop, credential headers are dropped unless
 * `keepCredentials`.
 */
export function redirectHop(
  current: Hop,
  status: number,
  location: string,
  options: { keepCredentials: boolean; sensitiveHeaders: readonly string[] },
): Hop {
  const url = new URL(location, current.url);
  let method = current.method;
  let body = current.body;
  let headers = { ...current.headers };
  const toGet = (status === 303 && method !== "HEAD" && method !== "GET") || ((status === 301 || status === 302) && method === "POST");
  if (toGet) {
    method = "GET";
    body = { data: undefined };
    headers = withoutHeaders(headers, ["content-type", "content-length", "transfer-encoding"]);
  }
  if (url.origin !== current.url.origin && !options.keepCredentials) {
    headers = withoutHeaders(headers, [...CREDENTIAL_HEADERS, ...options.sensitiveHeaders.map((h) => h.toLowerCase())]);
  }
  // The Host header belongs to the old origin.
  headers = withoutHeaders(headers, ["host"]);
  return { url, method, headers, body };
}

export function withoutHeaders(headers: Record<string, string>, lowerNames: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !lowerNames.includes(name.toLowerCase())));
}

export function hasHeader(headers: Record<string, string>, lowerName: string): boolean {
  return Object.keys(headers).some((name) => name.toLowerCase() === lowerName);
}
