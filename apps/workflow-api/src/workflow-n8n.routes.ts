import { createWorkflow, withTenant } from "@bos/db";
import { type WorkflowDocument, exportN8nWorkflow, importN8nWorkflow } from "@bos/workflow-schema";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { IdParamsSchema, ValidationIssueSchema, errors } from "./api-schemas";
import { writeAudit } from "./audit";
import { actorIdOf, callerOf, requireRole } from "./auth.plugin";
import { WorkflowInvalidError } from "./errors";
import type { RouteDeps } from "./route-deps";
import { getVersion, readWorkflow, tagsOf } from "./workflow-store";
import { WORKFLOW_BODY_LIMIT } from "./workflows.routes";

const ImportBodySchema = z
  .union([z.record(z.string(), z.unknown()), z.array(z.unknown())])
  .describe("an n8n workflow file: one workflow object, or the array `n8n export:workflow --all` writes");

const CompatibilityReportSchema = z.object({
  nodes: z.array(
    z.object({
      node: z.string(),
      type: z.string(),
      typeVersion: z.number(),
      status: z.enum(["supported", "mapped", "unsupported"]),
      mappedTo: z.string().optional(),
      reason: z.string().optional(),
    }),
  ),
  credentials: z.array(z.object({ node: z.string(), credentialType: z.string(), id: z.string().nullable(), name: z.string() })),
  legacySpellings: z.array(z.object({ kind: z.string(), path: z.string(), node: z.string().optional(), message: z.string() })),
  summary: z.object({ supported: z.number(), mapped: z.number(), unsupported: z.number() }),
});

const ImportedSchema = z.object({
  workflows: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      draftVersionId: z.string(),
      report: CompatibilityReportSchema,
      issues: z.array(ValidationIssueSchema).describe("warnings: what will need attention before it can run or be published"),
    }),
  ),
});

const ExportQuerySchema = z.object({
  version: z.string().max(100).default("draft").describe('version id, "draft" (default) or "active"'),
});

/** n8n interchange: import a file (with a compatibility report per workflow), export a version as n8n JSON. */
export async function workflowN8nRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db, registry } = deps;
  const tags = ["n8n"];

  app.post<{ Body: z.infer<typeof ImportBodySchema> }>(
    "/workflows/import/n8n",
    {
      bodyLimit: WORKFLOW_BODY_LIMIT,
      preHandler: requireRole("creator"),
      schema: {
        tags,
        summary: "Import an n8n workflow file (one workflow or an export array); all or nothing",
        body: ImportBodySchema,
        response: { 201: ImportedSchema, ...errors(403, 413, 422) },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const result = importN8nWorkflow(request.body, registry);
      if (!result.ok) throw new WorkflowInvalidError("import", result.issues, "the n8n file");
      const workflows = await withTenant(db, caller.tenantId, async (trx) => {
        const out = [];
        for (const imported of result.workflows) {
          const doc = imported.document;
          const created = await createWorkflow(trx, caller.tenantId, { name: doc.name, definition: doc, tags: tagsOf(doc), authorId: actorIdOf(caller), message: "imported from n8n" });
          await writeAudit(trx, caller, {
            action: "workflow.import",
            targetKind: "workflow",
            targetId: created.id,
            details: { versionId: created.draftVersionId, name: doc.name, summary: imported.report.summary },
          });
          out.push({ id: created.id, name: doc.name, draftVersionId: created.draftVersionId, report: imported.report, issues: [...imported.issues] });
        }
        return out;
      });
      return reply.code(201).send({ workflows });
    },
  );

  app.get<{ Params: z.infer<typeof IdParamsSchema>; Querystring: z.infer<typeof ExportQuerySchema> }>(
    "/workflows/:id/export/n8n",
    {
      schema: {
        tags,
        summary: "A version as n8n workflow JSON (n8n's importer accepts it)",
        params: IdParamsSchema,
        querystring: ExportQuerySchema,
        response: { 200: z.record(z.string(), z.unknown()).describe("n8n workflow JSON"), ...errors(404) },
      },
    },
    async (request, reply) => {
      const { tenantId } = callerOf(request);
      const version = await withTenant(db, tenantId, async (trx) =>
        getVersion(trx, tenantId, await readWorkflow(trx, tenantId, request.params.id), request.query.version),
      );
      const file = exportN8nWorkflow(version.definition as WorkflowDocument);
      const name = String(file.name ?? "workflow").replace(/[^A-Za-z0-9._ -]/g, "_").slice(0, 100);
      void reply.header("content-disposition", `attachment; filename="${name}.json"`);
      return file;
    },
  );
}
