import { randomBytes } from "node:crypto";
import { withTenant } from "@bos/db";
import { type TestDatabase, createTestDatabase } from "@bos/testing";
import { createKeyring } from "./credential-cipher";
import { createCredentialsProvider } from "./credentials-provider";
import { createCredential, deleteCredential, getCredential, listCredentials, reencryptCredentials, resolveCredential, updateCredential } from "./credentials.repo";
import { CredentialError } from "./errors";

let t: TestDatabase;
let tenantA: string;
let tenantB: string;
const keyring = createKeyring({ current: randomBytes(32) });

async function seedTenant(slug: string): Promise<string> {
  const row = await t.adminDb.insertInto("tenants").values({ slug: `${slug}-${randomBytes(4).toString("hex")}`, name: slug }).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

async function rejection(promise: Promise<unknown>): Promise<CredentialError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CredentialError) return error;
    throw error;
  }
  throw new Error("expected a CredentialError");
}

const inA = <T>(fn: Parameters<typeof withTenant<T>>[2]) => withTenant(t.db, tenantA, fn);
const inB = <T>(fn: Parameters<typeof withTenant<T>>[2]) => withTenant(t.db, tenantB, fn);

beforeAll(async () => {
  t = await createTestDatabase();
  tenantA = await seedTenant("a");
  tenantB = await seedTenant("b");
});

afterAll(async () => {
  await t.drop();
});

describe("credentials repository (Postgres, row-level security)", () => {
  it("creates, reads, renames, replaces and deletes a credential; metadata never carries data", async () => {
    const created = await inA((trx) => createCredential(trx, tenantA, keyring, { name: "crud", type: "httpBasicAuth", data: { user: "u", password: "p-crud-secret" } }));
    expect(created).toEqual({ id: expect.any(String), name: "crud", type: "httpBasicAuth", createdBy: null, createdAt: expect.any(String), updatedAt: expect.any(String) });
    const stored = await t.adminDb.selectFrom("credentials").selectAll().where("id", "=", created.id).executeTakeFirstOrThrow();
    expect(stored.data_encrypted.toString("latin1")).not.toContain("p-crud-secret");
    expect(stored.encryption_key_id).toBe(keyring.current.id);
    expect(await inA((trx) => getCredential(trx, tenantA, created.id))).toEqual(created);

    const renamed = await inA((trx) => updateCredential(trx, tenantA, keyring, created.id, { name: "crud renamed" }));
    expect(renamed.name).toBe("crud renamed");
    const afterRename = await t.adminDb.selectFrom("credentials").select("data_encrypted").where("id", "=", created.id).executeTakeFirstOrThrow();
    expect(afterRename.data_encrypted.equals(stored.data_encrypted)).toBe(true);

    await inA((trx) => updateCredential(trx, tenantA, keyring, created.id, { data: { user: "u2" } }));
    const resolved = await inA((trx) => resolveCredential(trx, tenantA, keyring, { type: "httpBasicAuth", id: created.id, name: "whatever" }));
    expect(resolved?.data).toEqual({ user: "u2" });

    expect((await inA((trx) => deleteCredential(trx, tenantA, created.id))).id).toBe(created.id);
    expect((await rejection(inA((trx) => getCredential(trx, tenantA, created.id)))).code).toBe("WF_CREDENTIAL_NOT_FOUND");
  });

  it("keeps tenants apart: another tenant's id is not found, and RLS hides its rows even from an unfiltered query", async () => {
    const theirs = await inB((trx) => createCredential(trx, tenantB, keyring, { name: "b only", type: "httpHeaderAuth", data: { name: "X-Key", value: "b-secret" } }));
    for (const attempt of [
      inA((trx) => getCredential(trx, tenantA, theirs.id)),
      inA((trx) => updateCredential(trx, tenantA, keyring, theirs.id, { name: "stolen" })),
      inA((trx) => deleteCredential(trx, tenantA, theirs.id)),
    ]) {
      expect((await rejection(attempt)).code).toBe("WF_CREDENTIAL_NOT_FOUND");
    }
    // Even a query that forgets the tenant filter sees only the scope's tenant.
    const visible = await inA((trx) => trx.selectFrom("credentials").select("id").execute());
    expect(visible.map((r) => r.id)).not.toContain(theirs.id);
    // Asking for B's credential in A's scope with B's tenant id finds nothing either (RLS on app.tenant_id).
    expect(await inA((trx) => resolveCredential(trx, tenantB, keyring, { type: "httpHeaderAuth", id: theirs.id, name: "b only" }))).toBeUndefined();
    expect(await inA((trx) => resolveCredential(trx, tenantA, keyring, { type: "httpHeaderAuth", id: theirs.id, name: "b only" }))).toBeUndefined();
    expect((await inB((trx) => getCredential(trx, tenantB, theirs.id))).name).toBe("b only");
  });

  it("refuses a duplicate name in one tenant (409) and allows it in another", async () => {
    await inA((trx) => createCredential(trx, tenantA, keyring, { name: "shared name", type: "httpBasicAuth", data: {} }));
    const error = await rejection(inA((trx) => createCredential(trx, tenantA, keyring, { name: "shared name", type: "httpHeaderAuth", data: {} })));
    expect({ code: error.code, status: error.httpStatus }).toEqual({ code: "WF_CREDENTIAL_NAME_TAKEN", status: 409 });
    await inB((trx) => createCredential(trx, tenantB, keyring, { name: "shared name", type: "httpBasicAuth", data: {} }));
    const other = await inA((trx) => createCredential(trx, tenantA, keyring, { name: "other name", type: "httpBasicAuth", data: {} }));
    expect((await rejection(inA((trx) => updateCredential(trx, tenantA, keyring, other.id, { name: "shared name" })))).code).toBe("WF_CREDENTIAL_NAME_TAKEN");
  });

  it("lists by name in keyset pages, filtered by type", async () => {
    const tenant = await seedTenant("list");
    const names = ["p-01", "p-02", "p-03", "p-04", "p-05"];
    await withTenant(t.db, tenant, async (trx) => {
      for (const name of names) await createCredential(trx, tenant, keyring, { name, type: name === "p-03" ? "httpHeaderAuth" : "httpBasicAuth", data: { n: name } });
    });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await withTenant(t.db, tenant, (trx) => listCredentials(trx, tenant, { limit: 2, ...(cursor ? { cursor } : {}) }));
      seen.push(...page.data.map((c) => c.name));
      expect(page.data.every((c) => !("data" in c))).toBe(true);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(names);
    const headers = await withTenant(t.db, tenant, (trx) => listCredentials(trx, tenant, { limit: 50, type: "httpHeaderAuth" }));
    expect(headers.data.map((c) => c.name)).toEqual(["p-03"]);
    await expect(withTenant(t.db, tenant, (trx) => listCredentials(trx, tenant, { limit: 2, cursor: "not-a-cursor" }))).rejects.toMatchObject({ code: "WF_DB_INVALID_CURSOR" });
  });

  it("resolves by id when the id exists here with that type, else by name and type", async () => {
    const api = await inA((trx) => createCredential(trx, tenantA, keyring, { name: "Partner API", type: "httpBasicAuth", data: { user: "by-id" } }));
    await inA((trx) => createCredential(trx, tenantA, keyring, { name: "Partner API header", type: "httpHeaderAuth", data: { name: "X", value: "h" } }));
    const resolve = (ref: { type: string; id?: string | null; name: string }) => inA((trx) => resolveCredential(trx, tenantA, keyring, ref));
    // by id, even when the name in the reference is stale (renamed since)
    expect((await resolve({ type: "httpBasicAuth", id: api.id, name: "Old name" }))?.data).toEqual({ user: "by-id" });
    // an id from another n8n instance: falls back to the name
    expect((await resolve({ type: "httpBasicAuth", id: "12", name: "Partner API" }))?.id).toBe(api.id);
    expect((await resolve({ type: "httpBasicAuth", id: "00000000-0000-4000-8000-000000000000", name: "Partner API" }))?.id).toBe(api.id);
    // the id exists but has another type: the name (and the type) decide
    expect((await resolve({ type: "httpHeaderAuth", id: api.id, name: "Partner API header" }))?.data).toEqual({ name: "X", value: "h" });
    // the name exists with another type only: nothing
    expect(await resolve({ type: "httpHeaderAuth", id: null, name: "Partner API" })).toBeUndefined();
  });

  it("reads credentials written before a key rotation while the old key is listed, and says which key is missing otherwise", async () => {
    const [oldKey, newKey] = [randomBytes(32), randomBytes(32)];
    const before = createKeyring({ current: oldKey });
    const written = await inA((trx) => createCredential(trx, tenantA, before, { name: "rotated", type: "httpBearerAuth", data: { token: "t-rotated" } }));
    const after = createKeyring({ current: newKey, previous: [oldKey] });
    const ref = { type: "httpBearerAuth", id: written.id, name: "rotated" };
    expect((await inA((trx) => resolveCredential(trx, tenantA, after, ref)))?.data).toEqual({ token: "t-rotated" });
    // saving the data again moves it to the new key
    await inA((trx) => updateCredential(trx, tenantA, after, written.id, { data: { token: "t-rotated-2" } }));
    const row = await t.adminDb.selectFrom("credentials").select("encryption_key_id").where("id", "=", written.id).executeTakeFirstOrThrow();
    expect(row.encryption_key_id).toBe(after.current.id);
    expect((await inA((trx) => resolveCredential(trx, tenantA, createKeyring({ current: newKey }), ref)))?.data).toEqual({ token: "t-rotated-2" });
    // a credential still under the old key, read without it
    const stale = await inA((trx) => createCredential(trx, tenantA, before, { name: "stale", type: "httpBearerAuth", data: { token: "t-stale" } }));
    const error = await rejection(inA((trx) => resolveCredential(trx, tenantA, createKeyring({ current: newKey }), { type: "httpBearerAuth", id: stale.id, name: "stale" })));
    expect(error.code).toBe("WF_CREDENTIAL_UNREADABLE");
    expect(error.message).not.toContain("t-stale");
  });

  it("re-encrypts a tenant's credentials under previous keys with the current one, all or nothing", async () => {
    const tenant = await seedTenant("rotate");
    const inT = <T>(fn: Parameters<typeof withTenant<T>>[2]) => withTenant(t.db, tenant, fn);
    const [oldKey, newKey, lostKey] = [randomBytes(32), randomBytes(32), randomBytes(32)];
    const before = createKeyring({ current: oldKey });
    const after = createKeyring({ current: newKey, previous: [oldKey] });
    for (const name of ["one", "two", "three"]) await inT((trx) => createCredential(trx, tenant, before, { name, type: "httpBearerAuth", data: { token: `t-${name}` } }));
    await inT((trx) => createCredential(trx, tenant, after, { name: "fresh", type: "httpBearerAuth", data: { token: "t-fresh" } }));
    expect(await inT((trx) => reencryptCredentials(trx, tenant, after))).toEqual({ reencrypted: 3, alreadyCurrent: 1 });
    // The old key can go: everything reads with the new key alone, data unchanged.
    const newOnly = createKeyring({ current: newKey });
    for (const name of ["one", "two", "three", "fresh"]) {
      expect((await inT((trx) => resolveCredential(trx, tenant, newOnly, { type: "httpBearerAuth", id: null, name })))?.data).toEqual({ token: `t-${name}` });
    }
    expect(await inT((trx) => reencryptCredentials(trx, tenant, after))).toEqual({ reencrypted: 0, alreadyCurrent: 4 });
    // A row under a key nobody listed: nothing is changed, and the error names no secret.
    await inT((trx) => createCredential(trx, tenant, createKeyring({ current: lostKey }), { name: "lost", type: "httpBearerAuth", data: { token: "t-lost" } }));
    await inT((trx) => createCredential(trx, tenant, before, { name: "four", type: "httpBearerAuth", data: { token: "t-four" } }));
    const keysBefore = await t.adminDb.selectFrom("credentials").select(["name", "encryption_key_id"]).where("tenant_id", "=", tenant).orderBy("name").execute();
    const error = await rejection(inT((trx) => reencryptCredentials(trx, tenant, after)));
    expect(error.code).toBe("WF_CREDENTIAL_UNREADABLE");
    expect(error.message).not.toContain("t-lost");
    expect(await t.adminDb.selectFrom("credentials").select(["name", "encryption_key_id"]).where("tenant_id", "=", tenant).orderBy("name").execute()).toEqual(keysBefore);
  });

  it("refuses a blob altered in the database, or copied over from another credential", async () => {
    const victim = await inA((trx) => createCredential(trx, tenantA, keyring, { name: "victim", type: "httpBearerAuth", data: { token: "v" } }));
    const donor = await inA((trx) => createCredential(trx, tenantA, keyring, { name: "donor", type: "httpBearerAuth", data: { token: "d-secret" } }));
    const blobOf = async (id: string) => (await t.adminDb.selectFrom("credentials").select("data_encrypted").where("id", "=", id).executeTakeFirstOrThrow()).data_encrypted;
    const setBlob = (id: string, blob: Buffer) => t.adminDb.updateTable("credentials").set({ data_encrypted: blob }).where("id", "=", id).execute();
    await setBlob(victim.id, await blobOf(donor.id));
    const copied = await rejection(inA((trx) => resolveCredential(trx, tenantA, keyring, { type: "httpBearerAuth", id: victim.id, name: "victim" })));
    expect(copied.code).toBe("WF_CREDENTIAL_UNREADABLE");
    const altered = Buffer.from(await blobOf(donor.id));
    altered[40] = (altered[40] ?? 0) ^ 1;
    await setBlob(donor.id, altered);
    const flipped = await rejection(inA((trx) => resolveCredential(trx, tenantA, keyring, { type: "httpBearerAuth", id: donor.id, name: "donor" })));
    expect({ code: flipped.code, reason: (flipped.details as { reason: string }).reason }).toEqual({ code: "WF_CREDENTIAL_UNREADABLE", reason: "tampered" });
    expect(JSON.stringify(flipped)).not.toContain("d-secret");
  });

  it("refuses data that is not a JSON object", async () => {
    const error = await rejection(inA((trx) => createCredential(trx, tenantA, keyring, { name: "bad", type: "x", data: ["a"] as unknown as Record<string, unknown> })));
    expect({ code: error.code, status: error.httpStatus }).toEqual({ code: "WF_CREDENTIAL_DATA_INVALID", status: 400 });
  });
});

describe("createCredentialsProvider", () => {
  it("answers the engine's and the gateway's requests with the decrypted data of the request's tenant", async () => {
    await inA((trx) => createCredential(trx, tenantA, keyring, { name: "provider", type: "httpBasicAuth", data: { user: "a-user", password: "a-pass" } }));
    const provider = createCredentialsProvider(t.db, keyring);
    expect(await provider.get({ tenantId: tenantA, type: "httpBasicAuth", id: "n8n-7", name: "provider", node: "HTTP Request", workflowId: "w", executionId: "e" })).toEqual({ user: "a-user", password: "a-pass" });
    expect(await provider.find({ tenantId: tenantA, type: "httpBasicAuth", name: "provider", workflowId: "w", node: "Webhook" })).toEqual({ user: "a-user", password: "a-pass" });
    // tenant B has no credential of that name
    expect(await provider.find({ tenantId: tenantB, type: "httpBasicAuth", name: "provider" })).toBeUndefined();
    const unresolved = await rejection(provider.get({ tenantId: tenantB, type: "httpBasicAuth", id: null, name: "provider", node: "HTTP Request" }));
    expect(unresolved.code).toBe("WF_CREDENTIAL_UNRESOLVED");
    expect(unresolved.message).toContain('node "HTTP Request"');
  });

  it("refuses a request without a tenant, and a bound provider fills it in (and refuses another tenant)", async () => {
    const provider = createCredentialsProvider(t.db, keyring);
    const missing = await rejection(provider.get({ type: "httpBasicAuth", name: "provider", node: "HTTP Request" }));
    expect(missing.code).toBe("WF_CREDENTIAL_TENANT_REQUIRED");
    const bound = provider.forTenant(tenantA);
    expect(await bound.get({ type: "httpBasicAuth", name: "provider" })).toMatchObject({ user: "a-user" });
    expect((await rejection(bound.get({ tenantId: tenantB, type: "httpBasicAuth", name: "provider" }))).code).toBe("WF_CREDENTIAL_TENANT_MISMATCH");
  });
});
