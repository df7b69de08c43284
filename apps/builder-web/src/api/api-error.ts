/**
 * Codes the builder raises itself (the API's own codes pass through unchanged):
 * - `WF_BUILDER_NETWORK`: the API could not be reached at all.
 * - `WF_BUILDER_BAD_RESPONSE`: the API answered with a body the builder does not understand.
 */
export type BuilderErrorCode = "WF_BUILDER_NETWORK" | "WF_BUILDER_BAD_RESPONSE";

/** A failed API call: the HTTP status (0 when the request never got an answer) and the `{code, message}`. */
export class ApiError extends Error {
  override readonly name = "ApiError";

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** True when the token is missing, expired or revoked: the user must sign in again. */
  get isUnauthorized(): boolean {
    return this.status === 401;
  }
}

/** Any thrown value as an ApiError, so screens have one shape to render. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError(0, "WF_BUILDER_NETWORK", `Could not reach the API: ${message}`, { cause: error });
}
