import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { isZodSchema } from "./zod-schemas.plugin";

/**
 * OpenAPI 3 at `/docs` (UI) and `/docs/json` (document), built from the routes' zod schemas. Register before
 * any route: @fastify/swagger collects routes as they are added.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  // Bodies that may be left out (zod schemas accepting null): @fastify/swagger marks every body required.
  const optionalBodies = new Set<string>();
  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.0.3",
      info: {
        title: "BusinessOS workflow API",
        version: "0.1.0",
        description:
          "n8n-compatible workflows: store, version, publish, run. Every route but health and docs needs `Authorization: Bearer <JWT>` " +
          "(claims sub, tenant_id, roles; `./bos token` prints one) or an API key (`Authorization: Bearer bos_...` or `X-API-Key`). " +
          "Errors are `{ code, message, details }`; docs/errors.md lists every code.",
      },
      components: {
        securitySchemes: {
          bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT or API key" },
          apiKey: { type: "apiKey", in: "header", name: "X-API-Key" },
        },
      },
      security: [{ bearer: [] }, { apiKey: [] }],
    },
    transform: ({ schema, url, route }) => {
      if (!schema) return { schema, url };
      const out: Record<string, unknown> = { ...schema };
      const body = (schema as Record<string, unknown>).body;
      if (isZodSchema(body) && body.safeParse(null).success) {
        for (const method of [route.method].flat()) optionalBodies.add(`${method.toLowerCase()} ${toOpenApiPath(url)}`);
      }
      for (const part of ["params", "querystring", "body", "headers"] as const) {
        const value = (schema as Record<string, unknown>)[part];
        if (isZodSchema(value)) out[part] = toJsonSchema(value, "input");
      }
      const response = (schema as { response?: Record<string, unknown> }).response;
      if (response) {
        const converted: Record<string, unknown> = {};
        for (const [status, value] of Object.entries(response)) converted[status] = convertResponse(value);
        out.response = converted;
      }
      return { schema: out, url };
    },
    transformObject: (document) => {
      if (!("openapiObject" in document)) return document.swaggerObject;
      const { openapiObject } = document;
      for (const [path, operations] of Object.entries(openapiObject.paths ?? {})) {
        for (const [method, operation] of Object.entries(operations as Record<string, { requestBody?: { required?: boolean } }>)) {
          if (operation.requestBody && optionalBodies.has(`${method} ${path}`)) operation.requestBody.required = false;
        }
      }
      return openapiObject;
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/docs" });
}

/** `/workflows/:id` -> `/workflows/{id}`, as the OpenAPI document names paths. */
function toOpenApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
}

function convertResponse(value: unknown): unknown {
  if (isZodSchema(value)) return toJsonSchema(value, "output");
  if (value && typeof value === "object" && "content" in value) {
    const { content, ...rest } = value as { content: Record<string, { schema: unknown }> };
    const converted: Record<string, unknown> = {};
    for (const [media, entry] of Object.entries(content)) {
      converted[media] = { ...entry, schema: isZodSchema(entry.schema) ? toJsonSchema(entry.schema, "output") : entry.schema };
    }
    return { ...rest, content: converted };
  }
  return value;
}

function toJsonSchema(schema: z.ZodType, io: "input" | "output"): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { target: "openapi-3.0", io, unrepresentable: "any" }) as Record<string, unknown>;
  delete json.$schema;
  const description = schema.description;
  return description && !json.description ? { ...json, description } : json;
}
