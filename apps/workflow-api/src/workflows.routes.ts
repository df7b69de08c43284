import { createWorkflow, listWorkflows, withTenant } from "@bos/db";
import { publishTriggerChange, syncWorkflowTriggers } from "@bos/triggers";
import { validateWorkflow } from "@bos/workflow-schema";
import type { FastifyInstance, RouteHandler } from "fastify";
import { sql } from "kysely";
import { z } from "zod";
import { IdParamsSchema, ValidationIssueSchema, WORKFLOW_STATUSES, WorkflowDocumentBodySchema, errors } from "./api-schemas";
import { writeAudit } from "./audit";
import { actorIdOf, callerOf, requireRole } from "./auth.plugin";
import { PreconditionRequiredError, VersionConflictError, WorkflowArchivedError, WorkflowBusyError, WorkflowInvalidError } from "./errors";
import type { RouteDeps } from "./route-deps";
import { lockWorkflow, saveDraftVersion, setWorkflowState, tagsOf } from "./workflow-store";
import { WorkflowDetailSchema, WorkflowSummarySchema, loadWorkflowDetail, versionIdFromIfMatch } from "./workflow-views";

/** Workflow documents may be up to 5 MB (workflow-schema's limit); the default body limit is 1 MiB. */
export const WORKFLOW_BODY_LIMIT = 6 * 1024 * 1024;

const ListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).describe("page size, 1..200"),
  cursor: z.string().max(500).optional().describe("the nextCursor of the previous page"),
  status: z.enum(WORKFLOW_STATUSES).optional(),
  name: z.string().max(200).optional().describe("case-insensitive substring of the name"),
  tag: z.string().max(100).optional().describe("exact tag"),
});

const SavedSchema = WorkflowDetailSchema.extend({
  issues: z.array(ValidationIssueSchema).describe("warnings validation found (saving allows incomplete drafts)"),
});

const UpdateBodySchema = z.object({
  baseVersionId: z.string().max(100).optional().describe("the draftVersionId you edited (or send If-Match)"),
  message: z.string().max(500).optional().describe("what changed, kept with the version"),
  workflow: WorkflowDocumentBodySchema,
});

const UpdatedSchema = SavedSchema.extend({ changed: z.boolean().describe("false when the document equals the current draft (no new version)") });

/** Workflows: list, read, create (with a first draft version), save a draft (optimistic locking), archive, delete. */
export async function workflowRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db, registry } = deps;
  const tags = ["workflows"];

  app.get<{ Querystring: z.infer<typeof ListQuerySchema> }>(
    "/workflows",
    {
      schema: {
        tags,
        summary: "List the tenant's workflows (newest first, keyset-paged)",
        querystring: ListQuerySchema,
        response: { 200: z.object({ data: z.array(WorkflowSummarySchema), nextCursor: z.string().nullable() }), ...errors() },
      },
    },
    async (request) => {
      const { tenantId } = callerOf(request);
      return withTenant(db, tenantId, (trx) => listWorkflows(trx, tenantId, request.query));
    },
  );

  app.get<{ Params: z.infer<typeof IdParamsSchema> }>(
    "/workflows/:id",
    {
      schema: {
        tags,
        summary: "A workflow with its draft definition; the ETag is the draft version id (use it as If-Match on PUT)",
        params: IdParamsSchema,
        response: { 200: WorkflowDetailSchema, ...errors(404) },
      },
    },
    async (request, reply) => {
      const { tenantId } = callerOf(request);
      const workflow = await withTenant(db, tenantId, (trx) => loadWorkflowDetail(trx, tenantId, request.params.id));
      if (workflow.draftVersionId) void reply.header("etag", `"${workflow.draftVersionId}"`);
      return workflow;
    },
  );

  const createOptions = {
    bodyLimit: WORKFLOW_BODY_LIMIT,
    preHandler: requireRole("creator"),
    schema: {
      tags,
      summary: "Create a workflow from a workflow document; its first draft version is the document",
      body: WorkflowDocumentBodySchema,
      response: { 201: SavedSchema, ...errors(403, 413, 422) },
    },
  };
  const create: RouteHandler<{ Body: Record<string, unknown> }> = async (request, reply) => {
    const caller = callerOf(request);
    const result = validateWorkflow(request.body, registry, { purpose: "save" });
    if (!result.ok) throw new WorkflowInvalidError("save", result.issues);
    const doc = result.value;
    const detail = await withTenant(db, caller.tenantId, async (trx) => {
      const created = await createWorkflow(trx, caller.tenantId, { name: doc.name, definition: doc, tags: tagsOf(doc), authorId: actorIdOf(caller), message: "created" });
      await writeAudit(trx, caller, { action: "workflow.create", targetKind: "workflow", targetId: created.id, details: { versionId: created.draftVersionId, name: doc.name } });
      return loadWorkflowDetail(trx, caller.tenantId, created.id);
    });
    void reply.code(201).header("location", `/workflows/${detail.id}`);
    if (detail.draftVersionId) void reply.header("etag", `"${detail.draftVersionId}"`);
    return { ...detail, issues: [...result.issues] };
  };
  app.post<{ Body: Record<string, unknown> }>("/workflows", createOptions, create);
  app.post<{ Body: Record<string, unknown> }>("/workflows/create", createOptions, create);

  app.put<{ Params: z.infer<typeof IdParamsSchema>; Body: z.infer<typeof UpdateBodySchema> }>(
    "/workflows/:id",
    {
      bodyLimit: WORKFLOW_BODY_LIMIT,
      preHandler: requireRole("creator"),
      schema: {
        tags,
        summary: "Save a new draft version. Optimistic locking: baseVersionId (or If-Match) must be the current draft, else 409 naming it",
        params: IdParamsSchema,
        body: UpdateBodySchema,
        response: { 200: UpdatedSchema, ...errors(403, 404, 409, 413, 422, 428) },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const { id } = request.params;
      const base = request.body.baseVersionId ?? versionIdFromIfMatch(request.headers["if-match"]);
      const result = validateWorkflow(request.body.workflow, registry, { purpose: "save" });
      const { detail, changed } = await withTenant(db, caller.tenantId, async (trx) => {
        const workflow = await lockWorkflow(trx, caller.tenantId, id);
        if (!base) throw new PreconditionRequiredError(id);
        if (workflow.draftVersionId !== base) throw new VersionConflictError(id, base, workflow.draftVersionId);
        if (workflow.status === "archived") throw new WorkflowArchivedError(id, "save a new draft");
        if (!result.ok) throw new WorkflowInvalidError("save", result.issues);
        const saved = await saveDraftVersion(trx, caller.tenantId, workflow, result.value, actorIdOf(caller), request.body.message ?? "saved");
        if (saved.changed) {
          await writeAudit(trx, caller, {
            action: "workflow.update",
            targetKind: "workflow",
            targetId: id,
            details: { versionId: saved.versionId, parentVersionId: base },
          });
        }
        return { detail: await loadWorkflowDetail(trx, caller.tenantId, id), changed: saved.changed };
      });
      if (detail.draftVersionId) void reply.header("etag", `"${detail.draftVersionId}"`);
      return { ...detail, changed, issues: result.issues };
    },
  );

  app.delete<{ Params: z.infer<typeof IdParamsSchema> }>(
    "/workflows/:id",
    {
      preHandler: requireRole("creator"),
      schema: {
        tags,
        summary: "Delete a workflow with its versions and executions (refused while executions are unfinished)",
        params: IdParamsSchema,
        response: { 204: z.null().describe("deleted"), ...errors(403, 404, 409) },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const { id } = request.params;
      await withTenant(db, caller.tenantId, async (trx) => {
        const workflow = await lockWorkflow(trx, caller.tenantId, id);
        const unfinished = await trx
          .selectFrom("executions")
          .select(sql<string>`count(*)`.as("n"))
          .where("tenant_id", "=", caller.tenantId)
          .where("workflow_id", "=", id)
          .where("status", "in", ["queued", "running", "waiting"])
          .executeTakeFirstOrThrow();
        if (Number(unfinished.n) > 0) throw new WorkflowBusyError(id, Number(unfinished.n));
        await trx.deleteFrom("workflows").where("tenant_id", "=", caller.tenantId).where("id", "=", id).execute();
        await writeAudit(trx, caller, { action: "workflow.delete", targetKind: "workflow", targetId: id, details: { name: workflow.name } });
      });
      return reply.code(204).send();
    },
  );

  app.post<{ Params: z.infer<typeof IdParamsSchema> }>(
    "/workflows/:id/archive",
    {
      preHandler: requireRole("creator", "approver"),
      schema: {
        tags,
        summary: "Archive a workflow: it leaves production (no active version) and becomes read-only; publishing reactivates it",
        params: IdParamsSchema,
        response: { 200: WorkflowDetailSchema, ...errors(403, 404) },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const { id } = request.params;
      const archived = await withTenant(db, caller.tenantId, async (trx) => {
        const workflow = await lockWorkflow(trx, caller.tenantId, id);
        if (workflow.status !== "archived") {
          await setWorkflowState(trx, caller.tenantId, id, { status: "archived", activeVersionId: null });
          await syncWorkflowTriggers(trx, caller.tenantId, id, null);
          await writeAudit(trx, caller, {
            action: "workflow.archive",
            targetKind: "workflow",
            targetId: id,
            details: { previousStatus: workflow.status, previousActiveVersionId: workflow.activeVersionId },
          });
        }
        return loadWorkflowDetail(trx, caller.tenantId, id);
      });
      await publishTriggerChange(deps.redis, { tenantId: caller.tenantId, workflowId: id }, deps.queuePrefix).catch((error: unknown) => request.log.warn({ err: error }, "trigger change notice not sent"));
      return archived;
    },
  );
}
