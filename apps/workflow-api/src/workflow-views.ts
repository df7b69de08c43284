import { type Database, type Transaction, getWorkflow } from "@bos/db";
import { z } from "zod";
import { WORKFLOW_STATUSES } from "./api-schemas";
import { WorkflowNotFoundError } from "./errors";

/** The list row of GET /workflows (the builder reads it: keep the shape). */
export const WorkflowSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(WORKFLOW_STATUSES),
  tags: z.array(z.string()),
  updatedAt: z.string(),
  activeVersionId: z.string().nullable(),
  draftVersionId: z.string().nullable(),
});

/** GET /workflows/{id}: the workflow with its draft definition (the builder reads it: keep the shape). */
export const WorkflowDetailSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(WORKFLOW_STATUSES),
  tags: z.array(z.string()),
  updatedAt: z.string(),
  draftVersionId: z.string().nullable(),
  activeVersionId: z.string().nullable(),
  definition: z.record(z.string(), z.unknown()).nullable().describe("the draft version's workflow document"),
});
export type WorkflowDetailView = z.infer<typeof WorkflowDetailSchema>;

/** The workflow as GET /workflows/{id} shows it; WorkflowNotFoundError when the tenant has no such id. */
export async function loadWorkflowDetail(trx: Transaction<Database>, tenantId: string, id: string): Promise<WorkflowDetailView> {
  const workflow = await getWorkflow(trx, tenantId, id);
  if (!workflow) throw new WorkflowNotFoundError(id);
  return { ...workflow, definition: (workflow.definition ?? null) as Record<string, unknown> | null };
}

/** `"<id>"`, `W/"<id>"` or a bare id from an If-Match header. */
export function versionIdFromIfMatch(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^\s*(?:W\/)?"?([^"\s]+)"?\s*$/.exec(header);
  return match?.[1];
}
