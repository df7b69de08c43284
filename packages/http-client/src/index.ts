export { createHttpClient, type ManagedHttpClient } from "./create-http-client";
export {
  HTTP_CLIENT_DEFAULTS,
  resolveHttpClientOptions,
  type BeforeRequestInfo,
  type HttpClientOptions,
  type HttpProxy,
  type ResolvedHttpClientOptions,
} from "./http-client-options";
export { HTTP_ERROR_CODES, httpError, isHttpClientError, type HttpErrorCode } from "./errors";
export { safeUrl } from "./build-url";
export { decodeText, isJsonContentType } from "./read-response-body";
export { statusErrorFor } from "./map-error";
