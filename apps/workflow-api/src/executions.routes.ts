import { ExecutionNotFoundError, cancelExecution, getExecution, isFinishedStatus, listExecutions, retryExecution } from "@bos/executions";
import { readProgress } from "@bos/queue";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { EXECUTION_STATUSES, ExecutionViewSchema, IdParamsSchema, RunOutcomeSchema, errors } from "./api-schemas";
import { writeAudit } from "./audit";
import { actorIdOf, callerOf, requireRole } from "./auth.plugin";
import { runOutcome, toExecutionView } from "./execution-views";
import type { RouteDeps } from "./route-deps";

const ListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).describe("page size, 1..200"),
  cursor: z.string().max(500).optional().describe("the nextCursor of the previous page"),
  workflowId: z.string().max(100).optional(),
  status: z.enum(EXECUTION_STATUSES).optional(),
  from: z.iso.datetime({ offset: true }).optional().describe("queued at or after this instant (ISO 8601)"),
  to: z.iso.datetime({ offset: true }).optional().describe("queued before this instant (ISO 8601)"),
});

const RetryBodySchema = z
  .object({
    from: z.enum(["start", "failed-node"]).default("start").describe("run again from the trigger, or keep the recorded node runs and rerun the failed node"),
    version: z.enum(["same", "latest"]).default("same").describe("the version the execution ran, or the latest (active for production, draft for test)"),
    wait: z.boolean().default(false),
    timeoutMs: z.number().int().min(1).max(300_000).optional(),
  })
  .nullish();

const CanceledSchema = z.object({ executionId: z.string(), status: z.literal("canceled") });

/** Executions: list, read (with run data), cancel, retry. Events (SSE) are in execution-events.routes.ts. */
export async function executionRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db } = deps;
  const tags = ["executions"];

  app.get<{ Querystring: z.infer<typeof ListQuerySchema> }>(
    "/executions",
    {
      schema: {
        tags,
        summary: "The tenant's executions, newest first (filters: workflow, status, time range; keyset-paged)",
        querystring: ListQuerySchema,
        response: { 200: z.object({ data: z.array(ExecutionViewSchema), nextCursor: z.string().nullable() }), ...errors() },
      },
    },
    async (request) => {
      const { tenantId } = callerOf(request);
      const { workflowId, ...rest } = request.query;
      const page = await listExecutions(db, tenantId, { ...rest, ...(workflowId ? { workflowId } : {}) });
      return { data: page.data.map((e) => toExecutionView(e)), nextCursor: page.nextCursor };
    },
  );

  app.get<{ Params: z.infer<typeof IdParamsSchema> }>(
    "/executions/:id",
    {
      schema: {
        tags,
        summary: "One execution: status, timings, input, error and runData in the engine's (n8n's) shape",
        params: IdParamsSchema,
        response: { 200: ExecutionViewSchema, ...errors(404) },
      },
    },
    async (request) => {
      const { tenantId } = callerOf(request);
      const execution = await getExecution(db, tenantId, request.params.id, { includeRunData: true });
      if (!execution) throw new ExecutionNotFoundError(request.params.id);
      const progress = isFinishedStatus(execution.status) ? undefined : await readProgress(deps.redis, deps.queuePrefix, execution.id);
      return toExecutionView(execution, progress);
    },
  );

  app.post<{ Params: z.infer<typeof IdParamsSchema> }>(
    "/executions/:id/cancel",
    {
      preHandler: requireRole("executor"),
      schema: {
        tags,
        summary: "Cancel a queued, running or waiting execution (409 when it already finished)",
        params: IdParamsSchema,
        response: { 200: CanceledSchema, ...errors(403, 404, 409) },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      return cancelExecution(deps.executions, caller.tenantId, request.params.id, {
        onCanceled: (trx, canceled) =>
          writeAudit(trx, caller, { action: "execution.cancel", targetKind: "execution", targetId: canceled.executionId, details: { workflowId: canceled.workflowId } }),
      });
    },
  );

  app.post<{ Params: z.infer<typeof IdParamsSchema>; Body: z.infer<typeof RetryBodySchema> }>(
    "/executions/:id/retry",
    {
      preHandler: requireRole("executor"),
      schema: {
        tags,
        summary: "Retry a finished execution as a new one (from the start or the failed node; same or latest version)",
        params: IdParamsSchema,
        body: RetryBodySchema,
        response: { 200: RunOutcomeSchema, 202: RunOutcomeSchema, ...errors(403, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const body = request.body ?? { from: "start" as const, version: "same" as const, wait: false };
      const started = await retryExecution(deps.executions, caller.tenantId, request.params.id, {
        from: body.from,
        version: body.version,
        wait: body.wait ? { timeoutMs: body.timeoutMs ?? deps.runWaitMs } : undefined,
        createdBy: actorIdOf(caller),
        onAdmission: (trx, admission) =>
          writeAudit(trx, caller, {
            action: "execution.retry",
            targetKind: "execution",
            targetId: admission.executionId,
            details: { retryOf: request.params.id, from: body.from, version: body.version, versionId: admission.versionId, admitted: admission.admitted },
          }),
      });
      const { status, body: answer } = runOutcome(started);
      return reply.code(status).send(answer);
    },
  );
}
