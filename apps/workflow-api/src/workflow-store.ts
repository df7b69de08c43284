import { type Database, type Transaction, type WorkflowStatus, InvalidCursorError, contentHash, isUuid } from "@bos/db";
import type { WorkflowDocument } from "@bos/workflow-schema";
import { sql } from "kysely";
import { WorkflowNotFoundError, WorkflowVersionNotFoundError } from "./errors";

/**
 * The workflow writes and version reads of the API. Every function takes the tenant id and filters on it;
 * callers run them inside withTenant(), so row-level security backs the filter up.
 */
type Trx = Transaction<Database>;

export interface WorkflowRow {
  id: string;
  name: string;
  status: WorkflowStatus;
  tags: string[];
  draftVersionId: string | null;
  activeVersionId: string | null;
}

/** Locks the workflow row for the rest of the transaction (saves and publishes of one workflow serialize). */
export async function lockWorkflow(trx: Trx, tenantId: string, id: string): Promise<WorkflowRow> {
  if (!isUuid(id)) throw new WorkflowNotFoundError(id);
  const row = await trx
    .selectFrom("workflows")
    .select(["id", "name", "status", "tags", "draft_version_id", "active_version_id"])
    .where("tenant_id", "=", tenantId)
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
  // Another tenant's id and an unknown id get the same answer: existence must not leak across tenants.
  if (!row) throw new WorkflowNotFoundError(id);
  return { id: row.id, name: row.name, status: row.status, tags: row.tags, draftVersionId: row.draft_version_id, activeVersionId: row.active_version_id };
}

/** The tag names of an n8n document (`tags` holds strings or `{ id, name }` objects). */
export function tagsOf(doc: WorkflowDocument): string[] {
  const tags = (doc as { tags?: unknown }).tags;
  if (!Array.isArray(tags)) return [];
  const names = tags.map((t) => (typeof t === "string" ? t : t && typeof t === "object" && typeof (t as { name?: unknown }).name === "string" ? (t as { name: string }).name : ""));
  return [...new Set(names.filter((n) => n.length > 0))];
}

export interface SavedVersion {
  versionId: string;
  /** False when the document equals the current draft: nothing was written. */
  changed: boolean;
}

/**
 * Saves `doc` as the new draft version of a locked workflow (parent: the current draft). A document equal
 * to the current draft (same content hash) saves nothing and answers the current draft's id.
 */
export async function saveDraftVersion(
  trx: Trx,
  tenantId: string,
  workflow: WorkflowRow,
  doc: WorkflowDocument,
  authorId: string | null,
  message: string,
): Promise<SavedVersion> {
  const hash = contentHash(doc);
  if (workflow.draftVersionId) {
    const current = await trx
      .selectFrom("workflow_versions")
      .select("content_hash")
      .where("tenant_id", "=", tenantId)
      .where("id", "=", workflow.draftVersionId)
      .executeTakeFirst();
    if (current?.content_hash === hash) return { versionId: workflow.draftVersionId, changed: false };
  }
  const version = await trx
    .insertInto("workflow_versions")
    .values({
      tenant_id: tenantId,
      workflow_id: workflow.id,
      definition: JSON.stringify(doc),
      content_hash: hash,
      parent_version_id: workflow.draftVersionId,
      author_id: authorId,
      message,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await trx
    .updateTable("workflows")
    .set({ draft_version_id: version.id, name: doc.name, tags: tagsOf(doc), updated_at: sql<Date>`now()` })
    .where("tenant_id", "=", tenantId)
    .where("id", "=", workflow.id)
    .execute();
  return { versionId: version.id, changed: true };
}

export async function setWorkflowState(
  trx: Trx,
  tenantId: string,
  id: string,
  state: { status: WorkflowStatus; activeVersionId?: string | null },
): Promise<void> {
  await trx
    .updateTable("workflows")
    .set({
      status: state.status,
      ...(state.activeVersionId !== undefined ? { active_version_id: state.activeVersionId } : {}),
      updated_at: sql<Date>`now()`,
    })
    .where("tenant_id", "=", tenantId)
    .where("id", "=", id)
    .execute();
}

export interface VersionSummary {
  id: string;
  parentVersionId: string | null;
  authorId: string | null;
  message: string;
  contentHash: string;
  createdAt: string;
  isDraft: boolean;
  isActive: boolean;
}

export interface VersionDetail extends VersionSummary {
  workflowId: string;
  definition: unknown;
}

/** A workflow's versions, newest first, keyset-paged on (created_at, id). */
export async function listVersions(
  trx: Trx,
  tenantId: string,
  workflow: WorkflowRow,
  query: { limit: number; cursor?: string },
): Promise<{ data: VersionSummary[]; nextCursor: string | null }> {
  let q = trx
    .selectFrom("workflow_versions")
    .select(["id", "parent_version_id", "author_id", "message", "content_hash", "created_at"])
    .select(sql<string>`created_at::text`.as("created_text"))
    .where("tenant_id", "=", tenantId)
    .where("workflow_id", "=", workflow.id);
  if (query.cursor) {
    const [at, id] = decodeCursor(query.cursor);
    q = q.where(sql<boolean>`(created_at, id) < (${at}::timestamptz, ${id}::uuid)`);
  }
  const rows = await q.orderBy("created_at", "desc").orderBy("id", "desc").limit(query.limit + 1).execute();
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    data: page.map((r) => ({
      id: r.id,
      parentVersionId: r.parent_version_id,
      authorId: r.author_id,
      message: r.message,
      contentHash: r.content_hash,
      createdAt: r.created_at.toISOString(),
      isDraft: r.id === workflow.draftVersionId,
      isActive: r.id === workflow.activeVersionId,
    })),
    nextCursor: rows.length > query.limit && last ? Buffer.from(JSON.stringify([last.created_text, last.id])).toString("base64url") : null,
  };
}

/** A version by id, or by the aliases `draft` and `active`. */
export async function getVersion(trx: Trx, tenantId: string, workflow: WorkflowRow, ref: string): Promise<VersionDetail> {
  const id = ref === "draft" ? workflow.draftVersionId : ref === "active" ? workflow.activeVersionId : ref;
  if (!id || !isUuid(id)) throw new WorkflowVersionNotFoundError(workflow.id, ref);
  const row = await trx
    .selectFrom("workflow_versions")
    .select(["id", "workflow_id", "parent_version_id", "author_id", "message", "content_hash", "created_at", "definition"])
    .where("tenant_id", "=", tenantId)
    .where("workflow_id", "=", workflow.id)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) throw new WorkflowVersionNotFoundError(workflow.id, ref);
  return {
    id: row.id,
    workflowId: row.workflow_id,
    parentVersionId: row.parent_version_id,
    authorId: row.author_id,
    message: row.message,
    contentHash: row.content_hash,
    createdAt: row.created_at.toISOString(),
    isDraft: row.id === workflow.draftVersionId,
    isActive: row.id === workflow.activeVersionId,
    definition: row.definition,
  };
}

/** The workflow row without locking it (reads). */
export async function readWorkflow(trx: Trx, tenantId: string, id: string): Promise<WorkflowRow> {
  if (!isUuid(id)) throw new WorkflowNotFoundError(id);
  const row = await trx
    .selectFrom("workflows")
    .select(["id", "name", "status", "tags", "draft_version_id", "active_version_id"])
    .where("tenant_id", "=", tenantId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) throw new WorkflowNotFoundError(id);
  return { id: row.id, name: row.name, status: row.status, tags: row.tags, draftVersionId: row.draft_version_id, activeVersionId: row.active_version_id };
}

function decodeCursor(cursor: string): [string, string] {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch (error) {
    throw new InvalidCursorError(cursor, error);
  }
  if (Array.isArray(value) && typeof value[0] === "string" && typeof value[1] === "string" && isUuid(value[1]) && !Number.isNaN(Date.parse(value[0]))) {
    return [value[0], value[1]];
  }
  throw new InvalidCursorError(cursor);
}
