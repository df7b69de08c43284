import { randomUUID } from "node:crypto";
import { withTenant } from "@bos/db";
import { type StartExecutionRequest, WorkflowNotFoundForRunError, startExecution } from "@bos/executions";
import { validateWorkflow } from "@bos/workflow-schema";
import type { FastifyInstance, FastifyReply } from "fastify";
import { z } from "zod";
import { IdParamsSchema, RunInputSchema, RunOutcomeSchema, ValidationIssueSchema, errors } from "./api-schemas";
import { auditRow } from "./audit";
import { type AuthContext, actorIdOf, callerOf, requireRole } from "./auth.plugin";
import { WorkflowArchivedError, WorkflowInvalidError, WorkflowNotFoundError } from "./errors";
import { runOutcome } from "./execution-views";
import type { RouteDeps } from "./route-deps";
import { getVersion, readWorkflow } from "./workflow-store";
import { DryRunFields, PartialRunFields, runDryRun, runPartialTest } from "./in-process-runs";

const MAX_WAIT_MS = 300_000;

const RunBodySchema = z
  .object({
    input: RunInputSchema,
    wait: z.boolean().optional().describe("wait for the result (test runs: default true; production runs: default false)"),
    timeoutMs: z.number().int().min(1).max(MAX_WAIT_MS).optional().describe("longest wait before answering 202, ms"),
    ...PartialRunFields,
  })
  .nullish();
type RunBody = z.infer<typeof RunBodySchema>;

const DryRunSchema = z.object({
  ok: z.boolean(),
  versionId: z.string(),
  simulated: z.boolean().describe("true: the draft ran as a dry run (side effects simulated); false: it is not valid, so nothing ran"),
  note: z.string(),
  issues: z.array(ValidationIssueSchema),
  ...DryRunFields,
});

const runResponses = { 200: RunOutcomeSchema, 202: RunOutcomeSchema };

/** Runs of a workflow: test (the draft, now), dry run (validation for now), production runs (the active version). */
export async function workflowRunRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db, registry } = deps;
  const tags = ["runs"];

  /** Starts through the executions service; answers 200 with the result or 202 with links to follow. */
  async function start(reply: FastifyReply, caller: AuthContext, request: StartExecutionRequest, action: string, waitByDefault: boolean, body: RunBody) {
    const wait = body?.wait ?? waitByDefault;
    const executionId = randomUUID();
    try {
      const started = await startExecution(deps.executions, {
        ...request,
        executionId,
        input: body?.input,
        wait: wait ? { timeoutMs: body?.timeoutMs ?? deps.runWaitMs } : undefined,
        createdBy: actorIdOf(caller),
        // Admission adds versionId and admitted to the details.
        audit: auditRow(caller, { action, targetKind: "execution", targetId: executionId, details: { workflowId: request.workflowId, mode: request.mode } }),
      });
      const { status, body: answer } = runOutcome(started);
      return reply.code(status).send(answer);
    } catch (error) {
      // One answer for "not in your tenant", whichever layer noticed.
      if (error instanceof WorkflowNotFoundForRunError) throw new WorkflowNotFoundError(request.workflowId);
      throw error;
    }
  }

  /** The draft, validated for a run (every problem listed), or an error. */
  async function runnableDraft(tenantId: string, id: string, purpose: string) {
    const { workflow, draft } = await withTenant(db, tenantId, async (trx) => {
      const workflow = await readWorkflow(trx, tenantId, id);
      return { workflow, draft: await getVersion(trx, tenantId, workflow, "draft") };
    });
    if (workflow.status === "archived") throw new WorkflowArchivedError(id, purpose);
    return { draft, validation: validateWorkflow(draft.definition, registry, { purpose: "run" }) };
  }

  app.post<{ Params: z.infer<typeof IdParamsSchema>; Body: RunBody }>(
    "/workflows/:id/test",
    {
      preHandler: requireRole("creator", "executor"),
      schema: {
        tags,
        summary: "Run the draft now (test mode); 200 with the result, or 202 with the execution id when it outlives the wait. With from/to: a partial run in the API process",
        params: IdParamsSchema,
        body: RunBodySchema,
        response: { ...runResponses, ...errors(403, 404, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const { id } = request.params;
      const { draft, validation } = await runnableDraft(caller.tenantId, id, "run a test");
      if (!validation.ok) throw new WorkflowInvalidError("a test run", validation.issues, `draft ${draft.id}`);
      const body = request.body;
      if (body?.from || body?.to) return runPartialTest(deps, caller, id, draft, body);
      return start(reply, caller, { tenantId: caller.tenantId, workflowId: id, versionId: draft.id, mode: "test", trigger: { kind: "manual" } }, "workflow.test", true, request.body);
    },
  );

  app.post<{ Params: z.infer<typeof IdParamsSchema>; Body: RunBody }>(
    "/workflows/:id/dry-run",
    {
      preHandler: requireRole("creator", "executor"),
      schema: {
        tags,
        summary: "Validate the draft and run it as a dry run in the API process: nodes with side effects are simulated; answers the run and every simulated effect",
        params: IdParamsSchema,
        body: RunBodySchema,
        response: { 200: DryRunSchema, ...errors(403, 404, 409) },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const { draft, validation } = await runnableDraft(caller.tenantId, request.params.id, "dry-run");
      if (!validation.ok) {
        return { ok: false, versionId: draft.id, simulated: false, note: "Validation only: the draft is not valid for a run, so nothing was executed; see issues.", issues: [...validation.issues] };
      }
      const dry = await runDryRun(deps, caller, request.params.id, draft, request.body?.input);
      return { ok: true, versionId: draft.id, simulated: true, note: "Ran in the API process as a dry run: nodes with side effects were simulated, nothing was sent.", issues: [...validation.issues], ...dry };
    },
  );

  app.post<{ Params: z.infer<typeof IdParamsSchema>; Body: RunBody }>(
    "/workflows/:id/executions",
    {
      preHandler: requireRole("executor"),
      schema: {
        tags,
        summary: "Start a production run of the active version: 202 with the execution id; with wait, 200 with the result (409 without an active version, 429 over quota)",
        params: IdParamsSchema,
        body: RunBodySchema,
        response: { ...runResponses, ...errors(403, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      return start(reply, caller, { tenantId: caller.tenantId, workflowId: request.params.id, mode: "production", trigger: { kind: "api" } }, "execution.start", false, request.body);
    },
  );
}
