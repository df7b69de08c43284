import type { WorkflowDocument } from "@bos/workflow-schema";

/** Lifecycle of a workflow as the API reports it. */
export type WorkflowStatus = "draft" | "pending" | "active" | "archived";

/** One row of `GET /workflows`. Times are ISO-8601 strings. */
export interface WorkflowSummary {
  id: string;
  name: string;
  status: WorkflowStatus;
  tags: string[];
  updatedAt: string;
  activeVersionId: string | null;
  draftVersionId: string | null;
}

/** One page of `GET /workflows`; `nextCursor` is null on the last page. */
export interface WorkflowListPage {
  data: WorkflowSummary[];
  nextCursor: string | null;
}

/**
 * `GET /workflows/:id`: the workflow and the n8n workflow JSON of its draft (or active) version;
 * `definition` is null for a workflow that has no version yet.
 */
export interface WorkflowDetail {
  id: string;
  name: string;
  status: WorkflowStatus;
  draftVersionId: string | null;
  activeVersionId: string | null;
  definition: WorkflowDocument | null;
}

/** The error body every API route answers with on failure. */
export interface ApiErrorBody {
  code: string;
  message: string;
}
