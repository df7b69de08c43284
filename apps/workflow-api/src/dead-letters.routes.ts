import { deleteDeadLetter, listDeadLetters, redriveDeadLetter } from "@bos/executions";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { IdParamsSchema, RunOutcomeSchema, errors } from "./api-schemas";
import { writeAudit } from "./audit";
import { actorIdOf, callerOf, requireRole } from "./auth.plugin";
import { runOutcome } from "./execution-views";
import type { RouteDeps } from "./route-deps";

const ListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).describe("page size, 1..200"),
  cursor: z.string().max(500).optional().describe("the nextCursor of the previous page"),
  includeRedriven: z.stringbool().default(false).describe("include letters already redriven"),
});

const DeadLetterSchema = z.object({
  id: z.string(),
  executionId: z.string(),
  workflowId: z.string(),
  reason: z.string(),
  error: z.unknown(),
  input: z.unknown(),
  createdAt: z.string(),
  redrivenAt: z.string().nullable(),
  redriveExecutionId: z.string().nullable(),
});

/** Production runs that failed for good: inspect, redrive (a new run from the start, same version), delete. */
export async function deadLetterRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const tags = ["dead letters"];

  app.get<{ Querystring: z.infer<typeof ListQuerySchema> }>(
    "/dead-letters",
    {
      schema: {
        tags,
        summary: "The tenant's dead letters, newest first (keyset-paged)",
        querystring: ListQuerySchema,
        response: { 200: z.object({ data: z.array(DeadLetterSchema), nextCursor: z.string().nullable() }), ...errors() },
      },
    },
    async (request) => {
      const { tenantId } = callerOf(request);
      return listDeadLetters(deps.db, tenantId, request.query);
    },
  );

  app.post<{ Params: z.infer<typeof IdParamsSchema> }>(
    "/dead-letters/:id/redrive",
    {
      preHandler: requireRole("executor"),
      schema: {
        tags,
        summary: "Run the dead letter's execution again from the start on the same version (a new execution: 202)",
        params: IdParamsSchema,
        response: { 200: RunOutcomeSchema, 202: RunOutcomeSchema, ...errors(403, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const { id } = request.params;
      const started = await redriveDeadLetter(deps.executions, caller.tenantId, id, {
        createdBy: actorIdOf(caller),
        onAdmission: (trx, admission) =>
          writeAudit(trx, caller, {
            action: "dead_letter.redrive",
            targetKind: "dead_letter",
            targetId: id,
            details: { executionId: admission.executionId, versionId: admission.versionId, admitted: admission.admitted },
          }),
      });
      const { status, body } = runOutcome(started);
      return reply.code(status).send(body);
    },
  );

  app.delete<{ Params: z.infer<typeof IdParamsSchema> }>(
    "/dead-letters/:id",
    {
      preHandler: requireRole("executor"),
      schema: {
        tags,
        summary: "Delete a dead letter (its execution stays)",
        params: IdParamsSchema,
        response: { 204: z.null().describe("deleted"), ...errors(403, 404) },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const { id } = request.params;
      await deleteDeadLetter(deps.db, caller.tenantId, id, {
        onDeleted: (trx) => writeAudit(trx, caller, { action: "dead_letter.delete", targetKind: "dead_letter", targetId: id }),
      });
      return reply.code(204).send();
    },
  );
}
