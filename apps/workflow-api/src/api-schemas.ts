import { z } from "zod";

/** Zod schemas shared by several routes (the OpenAPI document shows them inline). */

export const ErrorBodySchema = z
  .object({ code: z.string(), message: z.string(), details: z.unknown() })
  .describe("Every error: a stable code (docs/errors.md), what went wrong and how to fix it, and structured details");

/** Error answers to list in a route's `response`, e.g. `...errors(404, 409)`. 400 and 401 are added always. */
export function errors(...statuses: number[]): Record<number, typeof ErrorBodySchema> {
  const out: Record<number, typeof ErrorBodySchema> = { 400: ErrorBodySchema, 401: ErrorBodySchema };
  for (const status of statuses) out[status] = ErrorBodySchema;
  return out;
}

export const WORKFLOW_STATUSES = ["draft", "pending", "active", "archived"] as const;
export const EXECUTION_STATUSES = ["queued", "running", "waiting", "succeeded", "failed", "canceled"] as const;

/** An id path parameter: any string up to 100 characters (an id that is not a UUID is simply not found). */
export const IdParamsSchema = z.object({ id: z.string().min(1).max(100) });
export type IdParams = z.infer<typeof IdParamsSchema>;

export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).describe("page size, 1..200"),
  cursor: z.string().max(500).optional().describe("the nextCursor of the previous page"),
});

/** The body of create/import: a JSON object, checked by validateWorkflow (which lists every problem at once). */
export const WorkflowDocumentBodySchema = z
  .record(z.string(), z.unknown())
  .describe("An n8n workflow document: { name, nodes, connections, settings?, pinData?, ... }");

export const ValidationIssueSchema = z.object({
  code: z.string(),
  severity: z.enum(["error", "warning"]),
  path: z.string(),
  node: z.string().optional(),
  message: z.string(),
});

/** Items for a run: n8n items (`{ json }`) or bare objects; none gives one empty item. */
export const RunInputSchema = z.array(z.record(z.string(), z.unknown())).max(10_000).optional().describe("n8n items ({ json: {...} }) or bare objects");

export const ExecutionViewSchema = z.object({
  id: z.string(),
  workflowId: z.string(),
  versionId: z.string(),
  mode: z.enum(["test", "production", "dry-run"]),
  status: z.enum(EXECUTION_STATUSES),
  trigger: z.object({ kind: z.string(), payload: z.unknown() }),
  attempt: z.number(),
  retryOf: z.string().nullable(),
  queuedAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  waitUntil: z.string().nullable(),
  durationMs: z.number().nullable(),
  error: z.unknown(),
  input: z.unknown(),
  runData: z.record(z.string(), z.array(z.unknown())).optional().describe("n8n-shaped run data: node name -> task data per run"),
  lastNodeExecuted: z.string().optional(),
  progress: z
    .object({ status: z.string(), lastNode: z.string().optional(), nodeRuns: z.number(), updatedAt: z.number() })
    .optional()
    .describe("in-flight progress from Redis, while the execution runs"),
});

/** 200 with the finished run, or 202 when it outlived the wait: follow `links`. */
export const RunOutcomeSchema = z.object({
  executionId: z.string(),
  status: z.enum(EXECUTION_STATUSES),
  done: z.boolean(),
  execution: ExecutionViewSchema.optional(),
  links: z.object({ execution: z.string(), events: z.string() }),
});
