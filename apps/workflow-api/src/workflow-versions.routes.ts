import { withTenant } from "@bos/db";
import { type WorkflowDocument, diffWorkflows, formatDiff } from "@bos/workflow-schema";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { IdParamsSchema, PageQuerySchema, errors } from "./api-schemas";
import { callerOf } from "./auth.plugin";
import type { RouteDeps } from "./route-deps";
import { getVersion, listVersions, readWorkflow } from "./workflow-store";

const VersionSummarySchema = z.object({
  id: z.string(),
  parentVersionId: z.string().nullable(),
  authorId: z.string().nullable(),
  message: z.string(),
  contentHash: z.string().describe("SHA-256 of the canonical JSON of the definition"),
  createdAt: z.string(),
  isDraft: z.boolean(),
  isActive: z.boolean(),
});

const VersionDetailSchema = VersionSummarySchema.extend({ workflowId: z.string(), definition: z.record(z.string(), z.unknown()) });

const VersionParamsSchema = z.object({
  id: z.string().min(1).max(100),
  v: z.string().min(1).max(100).describe('a version id, or "draft" / "active"'),
});

const DiffQuerySchema = z.object({
  from: z.string().max(100).optional().describe('version id, "draft" or "active"; default: the active version, else the draft\'s parent'),
  to: z.string().max(100).optional().describe('version id, "draft" or "active"; default "draft"'),
});

const DiffSchema = z.object({
  from: z.string().describe("version id"),
  to: z.string().describe("version id"),
  changes: z.array(z.record(z.string(), z.unknown())).describe("diffWorkflows' semantic changes, discriminated on kind"),
  text: z.string().describe("the changes formatted for a reviewer"),
});

/** Versions of a workflow (immutable, newest first) and the semantic diff between two of them. */
export async function workflowVersionRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db } = deps;
  const tags = ["versions"];

  app.get<{ Params: z.infer<typeof IdParamsSchema>; Querystring: z.infer<typeof PageQuerySchema> }>(
    "/workflows/:id/versions",
    {
      schema: {
        tags,
        summary: "A workflow's versions, newest first (keyset-paged)",
        params: IdParamsSchema,
        querystring: PageQuerySchema,
        response: { 200: z.object({ data: z.array(VersionSummarySchema), nextCursor: z.string().nullable() }), ...errors(404) },
      },
    },
    async (request) => {
      const { tenantId } = callerOf(request);
      return withTenant(db, tenantId, async (trx) => listVersions(trx, tenantId, await readWorkflow(trx, tenantId, request.params.id), request.query));
    },
  );

  app.get<{ Params: z.infer<typeof VersionParamsSchema> }>(
    "/workflows/:id/versions/:v",
    {
      schema: {
        tags,
        summary: "One version with its definition",
        params: VersionParamsSchema,
        response: { 200: VersionDetailSchema, ...errors(404) },
      },
    },
    async (request) => {
      const { tenantId } = callerOf(request);
      return withTenant(db, tenantId, async (trx) => getVersion(trx, tenantId, await readWorkflow(trx, tenantId, request.params.id), request.params.v));
    },
  );

  app.get<{ Params: z.infer<typeof IdParamsSchema>; Querystring: z.infer<typeof DiffQuerySchema> }>(
    "/workflows/:id/diff",
    {
      schema: {
        tags,
        summary: "Semantic diff between two versions (renames, parameter changes, code line diffs, new outbound hosts)",
        params: IdParamsSchema,
        querystring: DiffQuerySchema,
        response: { 200: DiffSchema, ...errors(404) },
      },
    },
    async (request) => {
      const { tenantId } = callerOf(request);
      return withTenant(db, tenantId, async (trx) => {
        const workflow = await readWorkflow(trx, tenantId, request.params.id);
        const to = await getVersion(trx, tenantId, workflow, request.query.to ?? "draft");
        const fromRef = request.query.from ?? workflow.activeVersionId ?? to.parentVersionId ?? to.id;
        const from = await getVersion(trx, tenantId, workflow, fromRef);
        const diff = diffWorkflows(from.definition as WorkflowDocument, to.definition as WorkflowDocument);
        return { from: from.id, to: to.id, changes: diff.changes as unknown as Array<Record<string, unknown>>, text: formatDiff(diff) };
      });
    },
  );
}
