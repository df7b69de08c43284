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
    const { status, body } = toErrorResponse(error, request.headers["content-type"]);
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

/** @param contentType the request's Content-Type, named in the answer to a body of a type no parser reads */
export function toErrorResponse(error: unknown, contentType?: string): { status: number; body: ErrorBody } {
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
    const type = contentType?.split(";")[0]?.trim() || "none";
    return {
      status: 415,
      body: { code: "WF_API_BAD_REQUEST", message: `request bodies of type ${type} are not read here: send JSON, with Content-Type: application/json`, details: { reason: e.code } },
    };
  }
  if (typeof e.statusCode === "number" && e.statusCode < 500) {
    return { status: e.statusCode, body: { code: "WF_API_BAD_REQUEST", message: e.message ?? "bad request", details: { reason: e.code ?? null } } };
  }
  return { status: 500, body: { code: "WF_INTERNAL", message: "internal error; the server log has the details", details: {} } };
}
