import type { FastifyError, FastifyInstance } from "fastify";
import { RouteNotFoundError, ServiceError } from "./errors";

/** The JSON body of every error answer. */
export interface ErrorBody {
  code: string;
  message: string;
  details: unknown;
}

/**
 * Every error leaves as `{ code, message, details }`: ServiceErrors (and errors carrying a `code` and an
 * `httpStatus`) keep their status; Fastify's schema validation becomes 400 with every issue listed; anything
 * else is a 500 whose message hides internals (the log has them).
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ServiceError | Error, request, reply) => {
    const { status, body } = toErrorResponse(error, { contentType: request.headers["content-type"], bodyLimit: request.routeOptions.bodyLimit });
    if (status >= 500) request.log.error({ err: error }, "request failed");
    void reply.code(status).send(body);
  });
}

/** Unmatched routes answer a JSON 404 (`WF_API_ROUTE_NOT_FOUND`) instead of Fastify's default body. */
export function registerNotFoundHandler(app: FastifyInstance): void {
  app.setNotFoundHandler(async (request) => {
    throw new RouteNotFoundError(request.method, request.url);
  });
}

/** What of the request an answer may name: its Content-Type, and the route's body limit in bytes. */
export interface ErrorRequestContext {
  contentType?: string;
  bodyLimit?: number;
}

export function toErrorResponse(error: unknown, request: ErrorRequestContext = {}): { status: number; body: ErrorBody } {
  if (error instanceof ServiceError) {
    return { status: error.httpStatus, body: { code: error.code, message: error.message, details: error.details } };
  }
  const e = error as Partial<FastifyError> & { httpStatus?: number; code?: string; message?: string };
  if (e.validation) {
    return {
      status: 400,
      body: {
        code: "WF_API_VALIDATION",
        message: `invalid request: ${e.message ?? "validation failed"}`,
        details: { issues: e.validation.map((v) => ({ path: v.instancePath || `${e.validationContext ?? ""}`, message: v.message })) },
      },
    };
  }
  if (typeof e.httpStatus === "number" && typeof e.code === "string") {
    return { status: e.httpStatus, body: { code: e.code, message: e.message ?? e.code, details: {} } };
  }
  if (e.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
    const type = request.contentType?.split(";")[0]?.trim() || "none";
    return {
      status: 415,
      body: { code: "WF_API_BAD_REQUEST", message: `request bodies of type ${type} are not read here: send JSON, with Content-Type: application/json`, details: { reason: e.code } },
    };
  }
  if (e.code === "FST_ERR_CTP_BODY_TOO_LARGE" && request.bodyLimit) {
    const limit = request.bodyLimit >= 1024 * 1024 ? `${+(request.bodyLimit / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(request.bodyLimit / 1024)} KB`;
    return { status: 413, body: { code: "WF_API_BAD_REQUEST", message: `the request body is larger than this route accepts (${limit}): send less`, details: { reason: e.code, limitBytes: request.bodyLimit } } };
  }
  if (typeof e.statusCode === "number" && e.statusCode < 500) {
    return { status: e.statusCode, body: { code: "WF_API_BAD_REQUEST", message: e.message ?? "bad request", details: { reason: e.code ?? null } } };
  }
  return { status: 500, body: { code: "WF_INTERNAL", message: "internal error; the server log has the details", details: {} } };
}
