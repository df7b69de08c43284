import { withTenant } from "@bos/db";
import { assertActiveWorkflowQuota } from "@bos/executions";
import { publishTriggerChange, syncWorkflowTriggers } from "@bos/triggers";
import { validateWorkflow } from "@bos/workflow-schema";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { IdParamsSchema, ValidationIssueSchema, errors } from "./api-schemas";
import { writeAudit } from "./audit";
import { callerOf, requireRole } from "./auth.plugin";
import { VersionConflictError, WorkflowInvalidError, WorkflowVersionNotFoundError } from "./errors";
import type { RouteDeps } from "./route-deps";
import { getVersion, lockWorkflow, setWorkflowState } from "./workflow-store";
import { WorkflowDetailSchema, loadWorkflowDetail } from "./workflow-views";

const PublishBodySchema = z
  .object({ versionId: z.string().max(100).optional().describe("the draft version you reviewed; 409 when the draft has moved on") })
  .nullish();

const PublishedSchema = WorkflowDetailSchema.extend({ issues: z.array(ValidationIssueSchema).describe("warnings (errors block publishing)") });

/**
 * Publishing: validates the draft for production (every problem listed; nothing changes on any error) and
 * makes it the active version. Statuses draft | pending | active | archived are kept ready for the approval
 * gate (draft -> pending -> active) of the governance issue; today an approver publishes directly.
 */
export async function workflowPublishRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db, registry } = deps;

  app.post<{ Params: z.infer<typeof IdParamsSchema>; Body: z.infer<typeof PublishBodySchema> }>(
    "/workflows/:id/publish",
    {
      preHandler: requireRole("approver"),
      schema: {
        tags: ["workflows"],
        summary: "Validate the draft for production and make it the active version (429 over the active-workflows quota)",
        params: IdParamsSchema,
        body: PublishBodySchema,
        response: { 200: PublishedSchema, ...errors(403, 404, 409, 422, 429) },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const { id } = request.params;
      const published = await withTenant(db, caller.tenantId, async (trx) => {
        const workflow = await lockWorkflow(trx, caller.tenantId, id);
        if (!workflow.draftVersionId) throw new WorkflowVersionNotFoundError(id, "draft");
        const requested = request.body?.versionId;
        if (requested && requested !== workflow.draftVersionId) throw new VersionConflictError(id, requested, workflow.draftVersionId);
        const draft = await getVersion(trx, caller.tenantId, workflow, "draft");
        const result = validateWorkflow(draft.definition, registry, { purpose: "publish" });
        // Throwing rolls the transaction back: nothing is activated when any problem is found.
        if (!result.ok) throw new WorkflowInvalidError("publish", result.issues, `draft ${draft.id}`);
        if (workflow.status !== "active") await assertActiveWorkflowQuota(trx, caller.tenantId, id);
        await setWorkflowState(trx, caller.tenantId, id, { status: "active", activeVersionId: draft.id });
        // The trigger registry (webhooks, schedules, event subscriptions); a webhook path clash refuses the publish (409).
        const triggers = await syncWorkflowTriggers(trx, caller.tenantId, id, draft.definition, draft.id);
        await writeAudit(trx, caller, {
          action: "workflow.publish",
          targetKind: "workflow",
          targetId: id,
          details: { versionId: draft.id, previousActiveVersionId: workflow.activeVersionId, previousStatus: workflow.status },
        });
        // e.g. "the short form /webhook/x is taken" (never says by whom)
        const triggerWarnings = triggers.warnings.map((message) => ({ code: "WF_TRIGGER_SHORT_FORM_TAKEN", severity: "warning" as const, path: "", message }));
        return { ...(await loadWorkflowDetail(trx, caller.tenantId, id)), issues: [...result.issues, ...triggerWarnings] };
      });
      // After commit: every trigger gateway reloads this workflow's triggers (a missed notice is caught up on reconnect).
      await publishTriggerChange(deps.redis, { tenantId: caller.tenantId, workflowId: id }, deps.queuePrefix).catch((error: unknown) => request.log.warn({ err: error }, "trigger change notice not sent"));
      return published;
    },
  );
}
