import { createCredentialsProvider, createKeyring } from "@bos/credentials";
import { DEV_CREDENTIALS_ENCRYPTION_KEY } from "@bos/service-kit";
import type { LightMyRequestResponse } from "fastify";
import { type Harness, startHarness } from "./test-harness";

let h: Harness;
const SECRET = "s3cret-never-in-a-response";
/** Every answer of every test, to check no body ever carried credential data. */
const answers: LightMyRequestResponse[] = [];

async function call(...args: Parameters<Harness["call"]>): Promise<LightMyRequestResponse> {
  const res = await h.call(...args);
  answers.push(res);
  return res;
}

const creator = () => h.as(["creator"]);
const create = (name: string, extra: Record<string, unknown> = {}, headers = creator()) =>
  call({ method: "POST", url: "/credentials", headers, payload: { name, type: "httpBasicAuth", data: { user: "svc", password: SECRET }, ...extra } });

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  expect(answers.length).toBeGreaterThan(20);
  for (const res of answers) expect(res.body).not.toContain(SECRET);
  await h.close();
});

describe("credentials routes", () => {
  it("creates a credential (201, metadata only), stores it encrypted and audits it without the data", async () => {
    const res = await create("Partner API");
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toEqual({ id: expect.any(String), name: "Partner API", type: "httpBasicAuth", createdBy: expect.any(String), createdAt: expect.any(String), updatedAt: expect.any(String) });
    const row = await h.t.adminDb.selectFrom("credentials").selectAll().where("id", "=", body.id).executeTakeFirstOrThrow();
    expect(row.tenant_id).toBe(h.tenant);
    expect(row.data_encrypted.toString("latin1")).not.toContain(SECRET);
    const provider = createCredentialsProvider(h.t.db, createKeyring({ current: Buffer.from(DEV_CREDENTIALS_ENCRYPTION_KEY, "base64") }));
    expect(await provider.get({ tenantId: h.tenant, type: "httpBasicAuth", id: body.id, name: "Partner API" })).toEqual({ user: "svc", password: SECRET });
    const audit = await h.t.adminDb.selectFrom("audit_log").selectAll().where("target_id", "=", body.id).execute();
    expect(audit).toEqual([expect.objectContaining({ tenant_id: h.tenant, action: "credential.create", target_kind: "credential", actor_kind: "user" })]);
    expect(JSON.stringify(audit[0]?.details)).not.toContain(SECRET);
    expect(audit[0]?.details).toMatchObject({ name: "Partner API", type: "httpBasicAuth" });
  });

  it("lets any role list and read metadata, keyset-paged by name and filtered by type; never the data", async () => {
    for (const name of ["list-a", "list-b", "list-c"]) expect((await create(name)).statusCode).toBe(201);
    expect((await create("list-header", { type: "httpHeaderAuth", data: { name: "X-Key", value: SECRET } })).statusCode).toBe(201);
    const executor = h.as(["executor"]);
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const page: LightMyRequestResponse = await call({ method: "GET", url: `/credentials?limit=2${cursor ? `&cursor=${cursor}` : ""}`, headers: executor });
      expect(page.statusCode).toBe(200);
      const json = page.json() as { data: Array<Record<string, unknown>>; nextCursor: string | null };
      for (const item of json.data) expect(Object.keys(item).sort()).toEqual(["createdAt", "createdBy", "id", "name", "type", "updatedAt"]);
      names.push(...json.data.map((c) => String(c.name)));
      cursor = json.nextCursor;
    } while (cursor);
    // pages, joined, are the one-page listing (the order is the database's collation of names)
    const all = (await call({ method: "GET", url: "/credentials?limit=200", headers: executor })).json() as { data: Array<{ name: string }> };
    expect(names).toEqual(all.data.map((c) => c.name));
    expect(names).toEqual(expect.arrayContaining(["list-a", "list-b", "list-c", "list-header"]));
    const headers = (await call({ method: "GET", url: "/credentials?type=httpHeaderAuth", headers: h.as(["approver"]) })).json();
    expect(headers.data.map((c: { name: string }) => c.name)).toEqual(["list-header"]);
    const one = headers.data[0] as { id: string };
    const got = await call({ method: "GET", url: `/credentials/${one.id}`, headers: executor });
    expect(got.statusCode).toBe(200);
    expect(got.json()).toMatchObject({ id: one.id, name: "list-header", type: "httpHeaderAuth" });
    expect(got.json()).not.toHaveProperty("data");
  });

  it("renames and replaces data (PUT), deletes (204), and audits both", async () => {
    const { id } = (await create("to change")).json();
    const renamed = await call({ method: "PUT", url: `/credentials/${id}`, headers: creator(), payload: { name: "changed" } });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ id, name: "changed", type: "httpBasicAuth" });
    const replaced = await call({ method: "PUT", url: `/credentials/${id}`, headers: h.as(["admin"]), payload: { data: { user: "new-user", password: `${SECRET}-2` } } });
    expect(replaced.statusCode).toBe(200);
    const provider = createCredentialsProvider(h.t.db, createKeyring({ current: Buffer.from(DEV_CREDENTIALS_ENCRYPTION_KEY, "base64") }));
    expect(await provider.get({ tenantId: h.tenant, type: "httpBasicAuth", id, name: "changed" })).toEqual({ user: "new-user", password: `${SECRET}-2` });
    const deleted = await call({ method: "DELETE", url: `/credentials/${id}`, headers: creator() });
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe("");
    expect((await call({ method: "GET", url: `/credentials/${id}`, headers: creator() })).statusCode).toBe(404);
    const audit = await h.t.adminDb.selectFrom("audit_log").select(["action", "target_kind", "details"]).where("target_id", "=", id).orderBy("id").execute();
    expect(audit.map((a) => a.action)).toEqual(["credential.create", "credential.update", "credential.update", "credential.delete"]);
    expect(audit.every((a) => a.target_kind === "credential")).toBe(true);
    expect(audit[1]?.details).toMatchObject({ changed: ["name"], name: "changed", previousName: "to change" });
    expect(audit[2]?.details).toMatchObject({ changed: ["data"] });
    expect(JSON.stringify(audit)).not.toContain(SECRET);
  });

  it("answers another tenant's id exactly like a missing one (404) on every route", async () => {
    const theirs = (await create("foreign", {}, h.as(["creator"], h.otherTenant))).json().id as string;
    const unknown = "00000000-0000-4000-8000-000000000000";
    const routes: Array<[string, object?]> = [["GET"], ["PUT", { name: "mine now" }], ["DELETE"]];
    for (const [method, payload] of routes) {
      for (const id of [theirs, unknown, "not-a-uuid"]) {
        const res = await call({ method: method as "GET", url: `/credentials/${id}`, headers: h.as(["admin"]), ...(payload ? { payload } : {}) });
        expect({ method, id, status: res.statusCode, body: res.json() }).toEqual({
          method,
          id,
          status: 404,
          body: { code: "WF_CREDENTIAL_NOT_FOUND", message: `credential ${id} does not exist in your tenant`, details: { id } },
        });
      }
    }
    const listed = (await call({ method: "GET", url: "/credentials?limit=200", headers: h.as(["admin"]) })).json();
    expect(listed.data.map((c: { id: string }) => c.id)).not.toContain(theirs);
    expect((await call({ method: "GET", url: `/credentials/${theirs}`, headers: h.as(["creator"], h.otherTenant) })).json().name).toBe("foreign");
  });

  it("refuses a duplicate name with 409, on create and on rename; the other tenant may use it", async () => {
    expect((await create("dup")).statusCode).toBe(201);
    const again = await create("dup");
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: "WF_CREDENTIAL_NAME_TAKEN", details: { name: "dup" } });
    const { id } = (await create("dup-2")).json();
    expect((await call({ method: "PUT", url: `/credentials/${id}`, headers: creator(), payload: { name: "dup" } })).statusCode).toBe(409);
    expect((await create("dup", {}, h.as(["creator"], h.otherTenant))).statusCode).toBe(201);
    const audits = await h.t.adminDb.selectFrom("audit_log").select("id").where("target_id", "=", id).where("action", "=", "credential.update").execute();
    expect(audits).toEqual([]);
  });

  it("lets only creators and admins write", async () => {
    const { id } = (await create("guarded")).json();
    for (const role of ["executor", "approver"] as const) {
      const attempts = [
        await create("not allowed", {}, h.as([role])),
        await call({ method: "PUT", url: `/credentials/${id}`, headers: h.as([role]), payload: { name: "x" } }),
        await call({ method: "DELETE", url: `/credentials/${id}`, headers: h.as([role]) }),
      ];
      expect(attempts.map((r) => [r.statusCode, r.json().code])).toEqual([
        [403, "WF_AUTH_FORBIDDEN"],
        [403, "WF_AUTH_FORBIDDEN"],
        [403, "WF_AUTH_FORBIDDEN"],
      ]);
    }
    expect((await call({ method: "GET", url: "/credentials" })).statusCode).toBe(401);
    expect((await create("by admin", {}, h.as(["admin"]))).statusCode).toBe(201);
  });

  it("re-encrypts the tenant's credentials with the current key (admin only), and audits it", async () => {
    await create("to re-encrypt");
    for (const role of ["creator", "approver", "executor"] as const) {
      expect((await call({ method: "POST", url: "/credentials/re-encrypt", headers: h.as([role]) })).statusCode).toBe(403);
    }
    const res = await call({ method: "POST", url: "/credentials/re-encrypt", headers: h.as(["admin"]) });
    expect(res.statusCode).toBe(200);
    // Everything was written with the API's current key: nothing to move.
    expect(res.json()).toMatchObject({ reencrypted: 0 });
    expect(res.json().alreadyCurrent).toBeGreaterThan(0);
    const audited = await h.t.adminDb.selectFrom("audit_log").select(["action", "details"]).where("action", "=", "credential.re-encrypt").execute();
    expect(audited).toHaveLength(1);
  });

  it("lists every validation problem at once", async () => {
    const res = await call({ method: "POST", url: "/credentials", headers: creator(), payload: { name: "  ", type: "bad type!", data: ["not", "an", "object"] } });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe("WF_API_VALIDATION");
    expect(body.details.issues.map((i: { path: string }) => i.path).sort()).toEqual(["body.data", "body.name", "body.type"]);
    const empty = await call({ method: "PUT", url: "/credentials/00000000-0000-4000-8000-000000000000", headers: creator(), payload: {} });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().message).toContain("send name, data or both");
    const missing = await call({ method: "POST", url: "/credentials", headers: creator(), payload: {} });
    expect(missing.json().details.issues.map((i: { path: string }) => i.path).sort()).toEqual(["body.data", "body.name", "body.type"]);
  });

  it("documents the routes in OpenAPI, with request and response schemas", async () => {
    const spec = (await call({ method: "GET", url: "/docs/json" })).json();
    expect(spec.paths["/credentials"].post.requestBody).toBeDefined();
    expect(spec.paths["/credentials"].post.responses["201"]).toBeDefined();
    expect(spec.paths["/credentials"].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(["limit", "cursor", "type"]));
    for (const method of ["get", "put", "delete"]) expect(spec.paths["/credentials/{id}"][method]).toBeDefined();
    expect(spec.paths["/credentials/{id}"].put.requestBody).toBeDefined();
  });
});
