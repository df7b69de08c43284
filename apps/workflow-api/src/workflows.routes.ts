import { type Database, type Kysely, getWorkflow, listWorkflows, withTenant } from "@bos/db";
import type { FastifyInstance } from "fastify";
import { authenticate, callerOf } from "./auth.plugin";
import { WorkflowNotFoundError } from "./errors";

const STATUSES = ["draft", "pending", "active", "archived"] as const;

const summarySchema = {
  type: "object",
  required: ["id", "name", "status", "tags", "updatedAt", "activeVersionId", "draftVersionId"],
  properties: {
    id: { type: "string" },
    name: { type: "string" },
    status: { type: "string", enum: STATUSES },
    tags: { type: "array", items: { type: "string" } },
    updatedAt: { type: "string", format: "date-time" },
    activeVersionId: { type: ["string", "null"] },
    draftVersionId: { type: ["string", "null"] },
  },
} as const;

interface ListQuery {
  limit: number;
  cursor?: string;
  status?: (typeof STATUSES)[number];
  name?: string;
  tag?: string;
}

/** GET /workflows and GET /workflows/:id, scoped to the caller's tenant. */
export async function workflowRoutes(app: FastifyInstance, opts: { db: Kysely<Database> }): Promise<void> {
  const { db } = opts;
  app.addHook("onRequest", authenticate);

  app.get<{ Querystring: ListQuery }>(
    "/workflows",
    {
      schema: {
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            limit: { type: "integer", minimum: 1, maximum: 200, default: 50 },
            cursor: { type: "string", maxLength: 500 },
            status: { type: "string", enum: STATUSES },
            name: { type: "string", maxLength: 200 },
            tag: { type: "string", maxLength: 100 },
          },
        },
        response: {
          200: {
            type: "object",
            required: ["data", "nextCursor"],
            properties: { data: { type: "array", items: summarySchema }, nextCursor: { type: ["string", "null"] } },
          },
        },
      },
    },
    async (request) => {
      const { tenantId } = callerOf(request);
      return withTenant(db, tenantId, (trx) => listWorkflows(trx, tenantId, request.query));
    },
  );

  app.get<{ Params: { id: string } }>(
    "/workflows/:id",
    {
      schema: {
        params: { type: "object", required: ["id"], properties: { id: { type: "string", maxLength: 100 } } },
        response: {
          200: {
            type: "object",
            required: ["id", "name", "status", "draftVersionId", "activeVersionId", "definition"],
            properties: {
              id: { type: "string" },
              name: { type: "string" },
              status: { type: "string", enum: STATUSES },
              tags: { type: "array", items: { type: "string" } },
              updatedAt: { type: "string", format: "date-time" },
              draftVersionId: { type: ["string", "null"] },
              activeVersionId: { type: ["string", "null"] },
              definition: { type: ["object", "null"], additionalProperties: true },
            },
          },
        },
      },
    },
    async (request) => {
      const { tenantId } = callerOf(request);
      const workflow = await withTenant(db, tenantId, (trx) => getWorkflow(trx, tenantId, request.params.id));
      // Another tenant's id and an unknown id get the same answer: existence must not leak across tenants.
      if (!workflow) throw new WorkflowNotFoundError(request.params.id);
      return workflow;
    },
  );
}
