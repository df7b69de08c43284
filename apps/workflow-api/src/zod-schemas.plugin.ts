import type { FastifyInstance, FastifySchema } from "fastify";
import { z } from "zod";

/**
 * Route schemas are zod schemas, everywhere: one definition gives the request validation, the handler's
 * types (z.infer) and the OpenAPI document (z.toJSONSchema, see openapi.plugin.ts). Fastify's own Ajv is not
 * used. Validation failures list every issue (`WF_API_VALIDATION`, via service-kit's error handler);
 * responses are parsed by their schema before they leave, so a field the schema does not name never leaks.
 */
export function registerZodSchemas(app: FastifyInstance): void {
  app.setValidatorCompiler(({ schema, httpPart }) => {
    if (!isZodSchema(schema)) {
      throw new Error(`route schema for ${httpPart ?? "request"} is not a zod schema: every route of this API declares zod schemas`);
    }
    return (data: unknown) => {
      const result = schema.safeParse(data);
      if (result.success) return { value: result.data };
      return {
        error: result.error.issues.map((issue) => ({
          keyword: issue.code,
          instancePath: formatIssuePath(httpPart ?? "request", issue.path),
          schemaPath: "",
          params: {},
          message: issue.message,
        })),
      };
    };
  });
  app.setSchemaErrorFormatter((errors, dataVar) => {
    const listed = errors.map((e) => `${e.instancePath || dataVar}: ${e.message ?? "invalid"}`).join("; ");
    return new Error(`${listed}. Fix these and send the request again (GET /docs describes every route)`);
  });
  app.setSerializerCompiler(({ schema }) => {
    if (!isZodSchema(schema)) return (data: unknown) => JSON.stringify(data);
    return (data: unknown) => JSON.stringify(schema.parse(data));
  });
}

export function isZodSchema(value: unknown): value is z.ZodType {
  return value instanceof z.ZodType;
}

/** `body.nodes[2].name`, `querystring.limit`. */
function formatIssuePath(part: string, path: ReadonlyArray<PropertyKey>): string {
  let out = part === "querystring" ? "query" : part;
  for (const key of path) out += typeof key === "number" ? `[${key}]` : `.${String(key)}`;
  return out;
}

/** Fastify's route `schema` with zod schemas in every slot (plus OpenAPI's descriptive fields). */
export interface ZodRouteSchema extends FastifySchema {
  params?: z.ZodType;
  querystring?: z.ZodType;
  body?: z.ZodType;
  headers?: z.ZodType;
  response?: Record<number, z.ZodType | { description?: string; content: Record<string, { schema: z.ZodType }> }>;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Array<Record<string, string[]>>;
}
