import type { HttpRequestOptions } from "@bos/node-sdk";
import { HTTP_ERROR_CODES, httpError } from "./errors";

/**
 * Parses the request URL and appends `query` (arrays repeat the key; the URL's own query string is
 * kept as written). Only http: and https: are allowed.
 *
 * @example
 * buildUrl("http://a.test/x?k=1", { tag: ["a", "b"] }).href; // "http://a.test/x?k=1&tag=a&tag=b"
 */
export function buildUrl(url: string, query: HttpRequestOptions["query"]): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw httpError(HTTP_ERROR_CODES.invalidRequest, `Invalid URL: "${url}"`, {
      description: "Use an absolute URL starting with http:// or https://",
      cause,
    });
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw httpError(HTTP_ERROR_CODES.invalidRequest, `Unsupported protocol "${parsed.protocol}" in URL "${url}"`, {
      description: "Only http:// and https:// URLs can be requested",
    });
  }
  if (query) {
    for (const [key, value] of Object.entries(query)) {
      const values = Array.isArray(value) ? value : [value];
      for (const v of values) parsed.searchParams.append(key, String(v));
    }
  }
  return parsed;
}

/** The URL without its query string and credentials: safe to put in messages and logs. */
export function safeUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}
