import { type Kysely, type Transaction, sql } from "kysely";
import { contentHash } from "./content-hash";
import { InvalidCursorError } from "./errors";
import { isUuid } from "./with-tenant";
import type { Database, WorkflowStatus } from "./schema";

/**
 * Workflow reads and the create path the seed uses. Every function takes the tenant id and filters on it
 * itself; callers run them inside withTenant() so row-level security backs the filter up.
 */
type Executor = Kysely<Database> | Transaction<Database>;

export interface WorkflowSummary {
  id: string;
  name: string;
  status: WorkflowStatus;
  tags: string[];
  updatedAt: string;
  activeVersionId: string | null;
  draftVersionId: string | null;
}

export interface ListWorkflowsQuery {
  /** Page size; 1..200. */
  limit: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
  status?: WorkflowStatus;
  /** Case-insensitive substring of the name. */
  name?: string;
  /** Exact tag. */
  tag?: string;
}

export interface WorkflowPage {
  data: WorkflowSummary[];
  nextCursor: string | null;
}

/** Most recently updated first; ties broken by id, so paging never skips or repeats a row. */
export async function listWorkflows(db: Executor, tenantId: string, query: ListWorkflowsQuery): Promise<WorkflowPage> {
  let q = db
    .selectFrom("workflows")
    .select(["id", "name", "status", "tags", "updated_at", "active_version_id", "draft_version_id"])
    // microsecond text of updated_at: a JS Date would round it and break the keyset comparison
    .select(sql<string>`updated_at::text`.as("updated_at_text"))
    .where("tenant_id", "=", tenantId);
  if (query.status) q = q.where("status", "=", query.status);
  if (query.name) q = q.where("name", "ilike", `%${escapeLike(query.name)}%`);
  if (query.tag) q = q.where(sql<boolean>`tags @> ARRAY[${query.tag}]::text[]`);
  if (query.cursor) {
    const { updatedAt, id } = decodeCursor(query.cursor);
    q = q.where(sql<boolean>`(updated_at, id) < (${updatedAt}::timestamptz, ${id}::uuid)`);
  }
  const rows = await q
    .orderBy("updated_at", "desc")
    .orderBy("id", "desc")
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    data: page.map((r) => ({
      id: r.id,
      name: r.name,
      status: r.status,
      tags: r.tags,
      updatedAt: r.updated_at.toISOString(),
      activeVersionId: r.active_version_id,
      draftVersionId: r.draft_version_id,
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.updated_at_text, last.id) : null,
  };
}

export interface WorkflowDetail {
  id: string;
  name: string;
  status: WorkflowStatus;
  tags: string[];
  draftVersionId: string | null;
  activeVersionId: string | null;
  updatedAt: string;
  /** The draft version's workflow JSON (null when the workflow has no draft version). */
  definition: unknown;
}

/** The workflow with its draft definition, or undefined when the id is unknown in this tenant. */
export async function getWorkflow(db: Executor, tenantId: string, id: string): Promise<WorkflowDetail | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await db
    .selectFrom("workflows as w")
    .leftJoin("workflow_versions as v", (join) =>
      join.onRef("v.id", "=", "w.draft_version_id").onRef("v.tenant_id", "=", "w.tenant_id"),
    )
    .select([
      "w.id",
      "w.name",
      "w.status",
      "w.tags",
      "w.draft_version_id",
      "w.active_version_id",
      "w.updated_at",
      "v.definition",
    ])
    .where("w.tenant_id", "=", tenantId)
    .where("w.id", "=", id)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    tags: row.tags,
    draftVersionId: row.draft_version_id,
    activeVersionId: row.active_version_id,
    updatedAt: row.updated_at.toISOString(),
    definition: row.definition ?? null,
  };
}

export interface CreateWorkflowInput {
  name: string;
  definition: unknown;
  tags?: string[];
  authorId?: string | null;
  message?: string;
}

/** Creates a workflow and its first (draft) version in one go; call inside a transaction (withTenant). */
export async function createWorkflow(
  trx: Transaction<Database>,
  tenantId: string,
  input: CreateWorkflowInput,
): Promise<{ id: string; draftVersionId: string }> {
  const workflow = await trx
    .insertInto("workflows")
    .values({ tenant_id: tenantId, name: input.name, tags: input.tags ?? [], created_by: input.authorId ?? null })
    .returning("id")
    .executeTakeFirstOrThrow();
  const version = await trx
    .insertInto("workflow_versions")
    .values({
      tenant_id: tenantId,
      workflow_id: workflow.id,
      definition: JSON.stringify(input.definition),
      content_hash: contentHash(input.definition),
      parent_version_id: null,
      author_id: input.authorId ?? null,
      message: input.message ?? "created",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await trx
    .updateTable("workflows")
    .set({ draft_version_id: version.id })
    .where("tenant_id", "=", tenantId)
    .where("id", "=", workflow.id)
    .execute();
  return { id: workflow.id, draftVersionId: version.id };
}

/** Ids of this tenant's workflows with exactly this name. */
export async function findWorkflowIdsByName(db: Executor, tenantId: string, name: string): Promise<string[]> {
  const rows = await db.selectFrom("workflows").select("id").where("tenant_id", "=", tenantId).where("name", "=", name).execute();
  return rows.map((r) => r.id);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Postgres' text form of a timestamptz, e.g. `2026-11-25 21:40:01.123456+00`. */
const TIMESTAMP_TEXT = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;

function encodeCursor(updatedAtText: string, id: string): string {
  return Buffer.from(JSON.stringify([updatedAtText, id])).toString("base64url");
}

function decodeCursor(cursor: string): { updatedAt: string; id: string } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === "string" &&
      TIMESTAMP_TEXT.test(parsed[0]) &&
      typeof parsed[1] === "string" &&
      isUuid(parsed[1])
    ) {
      return { updatedAt: parsed[0], id: parsed[1] };
    }
  } catch (error) {
    throw new InvalidCursorError(cursor, error);
  }
  throw new InvalidCursorError(cursor);
}
