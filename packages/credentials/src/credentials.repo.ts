import { randomUUID } from "node:crypto";
import { type Database, InvalidCursorError, type Transaction, isUuid } from "@bos/db";
import { type CredentialKeyring, decryptCredentialData, encryptCredentialData } from "./credential-cipher";
import { CredentialDataInvalidError, CredentialNameTakenError, CredentialNotFoundError } from "./errors";

/**
 * The credentials table. Every function takes a transaction opened by withTenant() (so row-level security
 * backs the tenant filter each query applies itself) and the tenant id. Metadata never includes the data;
 * only resolveCredential decrypts.
 */
type Trx = Transaction<Database>;

/** What any reader of the tenant may see of a credential. */
export interface CredentialMetadata {
  id: string;
  name: string;
  type: string;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A credential with its decrypted data, for the node (or webhook) that uses it. */
export interface ResolvedCredential {
  id: string;
  name: string;
  type: string;
  data: Record<string, unknown>;
}

export interface CreateCredentialInput {
  name: string;
  type: string;
  data: Record<string, unknown>;
  createdBy?: string | null;
}

export interface ListCredentialsQuery {
  /** Page size, 1..200. */
  limit: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
  /** Only credentials of this type. */
  type?: string;
}

/** How a node or a webhook names its credential: n8n files carry an id (of the instance they came from) and a name. */
export interface CredentialReference {
  type: string;
  id?: string | null;
  name: string;
}

const METADATA = ["id", "name", "type", "created_by", "created_at", "updated_at"] as const;

interface MetadataRow {
  id: string;
  name: string;
  type: string;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

function toMetadata(row: MetadataRow): CredentialMetadata {
  return { id: row.id, name: row.name, type: row.type, createdBy: row.created_by, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString() };
}

function assertData(data: unknown): asserts data is Record<string, unknown> {
  if (data === null || typeof data !== "object" || Array.isArray(data)) throw new CredentialDataInvalidError(`must be a JSON object, not ${data === null ? "null" : Array.isArray(data) ? "an array" : typeof data}`);
}

/** Postgres unique_violation on (tenant_id, name) becomes the 409 of the API. */
async function nameChecked<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if ((error as { code?: string }).code === "23505") throw new CredentialNameTakenError(name);
    throw error;
  }
}

/** Encrypts and stores a new credential; its id is made here so the ciphertext can be bound to it. */
export async function createCredential(trx: Trx, tenantId: string, keyring: CredentialKeyring, input: CreateCredentialInput): Promise<CredentialMetadata> {
  assertData(input.data);
  const id = randomUUID();
  const { blob, keyId } = encryptCredentialData(keyring, { tenantId, credentialId: id }, input.data);
  const row = await nameChecked(input.name, () =>
    trx
      .insertInto("credentials")
      .values({ id, tenant_id: tenantId, name: input.name, type: input.type, data_encrypted: blob, encryption_key_id: keyId, created_by: input.createdBy ?? null })
      .returning(METADATA)
      .executeTakeFirstOrThrow(),
  );
  return toMetadata(row);
}

/** The tenant's credentials by name (keyset-paged: names are unique per tenant), optionally of one type. */
export async function listCredentials(trx: Trx, tenantId: string, query: ListCredentialsQuery): Promise<{ data: CredentialMetadata[]; nextCursor: string | null }> {
  let q = trx.selectFrom("credentials").select(METADATA).where("tenant_id", "=", tenantId);
  if (query.type) q = q.where("type", "=", query.type);
  if (query.cursor) q = q.where("name", ">", decodeCursor(query.cursor));
  const rows = await q
    .orderBy("name")
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return { data: page.map(toMetadata), nextCursor: rows.length > query.limit && last ? encodeCursor(last.name) : null };
}

/** One credential's metadata; CredentialNotFoundError for an unknown id or another tenant's. */
export async function getCredential(trx: Trx, tenantId: string, id: string): Promise<CredentialMetadata> {
  if (!isUuid(id)) throw new CredentialNotFoundError(id);
  const row = await trx.selectFrom("credentials").select(METADATA).where("tenant_id", "=", tenantId).where("id", "=", id).executeTakeFirst();
  if (!row) throw new CredentialNotFoundError(id);
  return toMetadata(row);
}

/** Renames and/or replaces the data (whole, encrypted with the current key). */
export async function updateCredential(
  trx: Trx,
  tenantId: string,
  keyring: CredentialKeyring,
  id: string,
  change: { name?: string; data?: Record<string, unknown> },
): Promise<CredentialMetadata> {
  if (!isUuid(id)) throw new CredentialNotFoundError(id);
  if (change.data !== undefined) assertData(change.data);
  const encrypted = change.data === undefined ? undefined : encryptCredentialData(keyring, { tenantId, credentialId: id }, change.data);
  const row = await nameChecked(change.name ?? "", () =>
    trx
      .updateTable("credentials")
      .set({
        updated_at: new Date(),
        ...(change.name === undefined ? {} : { name: change.name }),
        ...(encrypted === undefined ? {} : { data_encrypted: encrypted.blob, encryption_key_id: encrypted.keyId }),
      })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", id)
      .returning(METADATA)
      .executeTakeFirst(),
  );
  if (!row) throw new CredentialNotFoundError(id);
  return toMetadata(row);
}

/** Deletes a credential; answers what was deleted. Workflows that name it fail at their next use, clearly. */
export async function deleteCredential(trx: Trx, tenantId: string, id: string): Promise<CredentialMetadata> {
  if (!isUuid(id)) throw new CredentialNotFoundError(id);
  const row = await trx.deleteFrom("credentials").where("tenant_id", "=", tenantId).where("id", "=", id).returning(METADATA).executeTakeFirst();
  if (!row) throw new CredentialNotFoundError(id);
  return toMetadata(row);
}

/**
 * The credential a reference means, decrypted: by id when that id exists in this tenant with this type,
 * else by name and type (an imported n8n file carries ids of its old instance; names survive the import).
 * Undefined when neither matches.
 */
export async function resolveCredential(trx: Trx, tenantId: string, keyring: CredentialKeyring, reference: CredentialReference): Promise<ResolvedCredential | undefined> {
  const base = trx.selectFrom("credentials").select(["id", "name", "type", "data_encrypted", "encryption_key_id"]).where("tenant_id", "=", tenantId).where("type", "=", reference.type);
  const byId = reference.id && isUuid(reference.id) ? await base.where("id", "=", reference.id).executeTakeFirst() : undefined;
  const row = byId ?? (await base.where("name", "=", reference.name).executeTakeFirst());
  if (!row) return undefined;
  const data = decryptCredentialData(keyring, { tenantId, credentialId: row.id }, row.data_encrypted, row.encryption_key_id);
  return { id: row.id, name: row.name, type: row.type, data };
}

/**
 * After a key rotation: re-encrypts every credential of the tenant still under a previous key with the
 * current one (its data unchanged), so the old key can leave CREDENTIALS_PREVIOUS_KEYS. One transaction:
 * a row no listed key can read (CredentialUnreadableError, naming it) leaves every row as it was.
 */
export async function reencryptCredentials(trx: Trx, tenantId: string, keyring: CredentialKeyring): Promise<{ reencrypted: number; alreadyCurrent: number }> {
  const rows = await trx
    .selectFrom("credentials")
    .select(["id", "data_encrypted", "encryption_key_id"])
    .where("tenant_id", "=", tenantId)
    .orderBy("id")
    .forUpdate()
    .execute();
  let reencrypted = 0;
  for (const row of rows) {
    if (row.encryption_key_id === keyring.current.id) continue;
    const binding = { tenantId, credentialId: row.id };
    const { blob, keyId } = encryptCredentialData(keyring, binding, decryptCredentialData(keyring, binding, row.data_encrypted, row.encryption_key_id));
    await trx.updateTable("credentials").set({ data_encrypted: blob, encryption_key_id: keyId }).where("tenant_id", "=", tenantId).where("id", "=", row.id).execute();
    reencrypted++;
  }
  return { reencrypted, alreadyCurrent: rows.length - reencrypted };
}

function encodeCursor(name: string): string {
  return Buffer.from(JSON.stringify([name])).toString("base64url");
}

function decodeCursor(cursor: string): string {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(parsed) && parsed.length === 1 && typeof parsed[0] === "string") return parsed[0];
  } catch (error) {
    throw new InvalidCursorError(cursor, error);
  }
  throw new InvalidCursorError(cursor);
}
