import greet from "./__fixtures__/greet.json";
import n8nExport from "./__fixtures__/n8n-export.json";
import notPublishable from "./__fixtures__/not-publishable.json";
import { type Harness, copyOf, startHarness } from "./test-harness";

describe("workflow routes", () => {
  let h: Harness;
  const creator = () => h.as(["creator"]);

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  async function create(doc: object = greet) {
    const res = await h.call({ method: "POST", url: "/workflows", headers: creator(), payload: doc });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; draftVersionId: string; activeVersionId: string | null; status: string; definition: { nodes: Array<{ name: string }> } };
  }

  async function auditActions(targetId: string): Promise<string[]> {
    const rows = await h.t.adminDb.selectFrom("audit_log").select(["action"]).where("target_id", "=", targetId).orderBy("id").execute();
    return rows.map((r) => r.action);
  }

  describe("create", () => {
    it("creates a workflow whose first draft version is the document, and records it in the audit log", async () => {
      const res = await h.call({ method: "POST", url: "/workflows", headers: creator(), payload: greet });
      expect(res.statusCode).toBe(201);
      const body = res.json();
      expect(body).toMatchObject({ name: "Greet", status: "draft", tags: ["demo"], activeVersionId: null, issues: [] });
      expect(body.draftVersionId).toEqual(expect.any(String));
      expect(res.headers.etag).toBe(`"${body.draftVersionId}"`);
      expect(res.headers.location).toBe(`/workflows/${body.id}`);
      expect(body.definition.nodes.map((n: { name: string }) => n.name)).toEqual(["Execute Workflow Trigger", "Greet", "Done"]);
      const read = await h.call({ method: "GET", url: `/workflows/${body.id}`, headers: h.as(["executor"]) });
      expect(read.statusCode).toBe(200);
      expect(read.json().definition.name).toBe("Greet");
      const audit = await h.t.adminDb.selectFrom("audit_log").selectAll().where("target_id", "=", body.id).execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ tenant_id: h.tenant, action: "workflow.create", target_kind: "workflow", actor_kind: "user" });
      expect(audit[0]?.actor_id).toEqual(expect.any(String));
    });

    it("accepts POST /workflows/create as well", async () => {
      const res = await h.call({ method: "POST", url: "/workflows/create", headers: creator(), payload: greet });
      expect(res.statusCode).toBe(201);
      expect(res.json().name).toBe("Greet");
    });

    it("answers 422 listing every problem of an invalid document, and stores nothing", async () => {
      const doc = copyOf(greet) as { nodes: Array<Record<string, unknown>> };
      doc.nodes[1]!.name = "Done"; // duplicate name
      delete doc.nodes[2]!.type; // missing type
      const before = await h.t.adminDb.selectFrom("workflows").select(({ fn }) => fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
      const res = await h.call({ method: "POST", url: "/workflows", headers: creator(), payload: doc });
      expect(res.statusCode).toBe(422);
      const body = res.json();
      expect(body.code).toBe("WF_WORKFLOW_INVALID");
      const codes = body.details.issues.map((i: { code: string }) => i.code);
      expect(codes).toEqual(expect.arrayContaining(["WF_SCHEMA_NODE_NAME_DUPLICATE", "WF_SCHEMA_FIELD_TYPE"]));
      const after = await h.t.adminDb.selectFrom("workflows").select(({ fn }) => fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
      expect(after.n).toBe(before.n);
    });

    it("answers 400 naming the field when the body is not an object", async () => {
      const res = await h.call({ method: "POST", url: "/workflows", headers: creator(), payload: [1, 2] });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: "WF_API_VALIDATION", details: { issues: [expect.objectContaining({ path: "body" })] } });
    });
  });

  describe("saving drafts (optimistic locking)", () => {
    it("saves a new draft version based on the current one and lists it first among the versions", async () => {
      const wf = await create();
      const edited = copyOf(greet);
      edited.nodes[2]!.name = "Finished";
      edited.connections = { ...edited.connections, Greet: { main: [[{ node: "Finished", type: "main", index: 0 }]] } } as typeof edited.connections;
      const res = await h.call({ method: "PUT", url: `/workflows/${wf.id}`, headers: creator(), payload: { baseVersionId: wf.draftVersionId, message: "rename", workflow: edited } });
      expect(res.statusCode).toBe(200);
      const saved = res.json();
      expect(saved.changed).toBe(true);
      expect(saved.draftVersionId).not.toBe(wf.draftVersionId);
      expect(saved.definition.nodes.map((n: { name: string }) => n.name)).toContain("Finished");
      const versions = (await h.call({ method: "GET", url: `/workflows/${wf.id}/versions`, headers: creator() })).json();
      expect(versions.data.map((v: { id: string }) => v.id)).toEqual([saved.draftVersionId, wf.draftVersionId]);
      expect(versions.data[0]).toMatchObject({ parentVersionId: wf.draftVersionId, message: "rename", isDraft: true, isActive: false });
      expect(await auditActions(wf.id)).toEqual(["workflow.create", "workflow.update"]);
    });

    it("answers a stale save with 409 naming the current version, and writes nothing", async () => {
      const wf = await create();
      const first = await h.call({ method: "PUT", url: `/workflows/${wf.id}`, headers: creator(), payload: { baseVersionId: wf.draftVersionId, workflow: { ...greet, name: "Greet v2" } } });
      expect(first.statusCode).toBe(200);
      const current = first.json().draftVersionId;
      const stale = await h.call({ method: "PUT", url: `/workflows/${wf.id}`, headers: creator(), payload: { baseVersionId: wf.draftVersionId, workflow: { ...greet, name: "Greet v3" } } });
      expect(stale.statusCode).toBe(409);
      expect(stale.json()).toMatchObject({ code: "WF_WORKFLOW_VERSION_CONFLICT", details: { currentVersionId: current, baseVersionId: wf.draftVersionId } });
      expect(stale.json().message).toContain(current);
      const read = (await h.call({ method: "GET", url: `/workflows/${wf.id}`, headers: creator() })).json();
      expect(read).toMatchObject({ name: "Greet v2", draftVersionId: current });
      expect((await h.call({ method: "GET", url: `/workflows/${wf.id}/versions`, headers: creator() })).json().data).toHaveLength(2);
    });

    it("lets exactly one of two concurrent saves from the same base win", async () => {
      const wf = await create();
      const save = (name: string) =>
        h.call({ method: "PUT", url: `/workflows/${wf.id}`, headers: creator(), payload: { baseVersionId: wf.draftVersionId, workflow: { ...greet, name } } });
      const results = await Promise.all([save("left"), save("right")]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      expect((await h.call({ method: "GET", url: `/workflows/${wf.id}/versions`, headers: creator() })).json().data).toHaveLength(2);
    });

    it("takes the base version from If-Match, and refuses a save that names no base with 428", async () => {
      const wf = await create();
      const withHeader = await h.call({ method: "PUT", url: `/workflows/${wf.id}`, headers: { ...creator(), "if-match": `"${wf.draftVersionId}"` }, payload: { workflow: { ...greet, name: "By header" } } });
      expect(withHeader.statusCode).toBe(200);
      expect(withHeader.headers.etag).toBe(`"${withHeader.json().draftVersionId}"`);
      const staleHeader = await h.call({ method: "PUT", url: `/workflows/${wf.id}`, headers: { ...creator(), "if-match": `"${wf.draftVersionId}"` }, payload: { workflow: greet } });
      expect(staleHeader.statusCode).toBe(409);
      const none = await h.call({ method: "PUT", url: `/workflows/${wf.id}`, headers: creator(), payload: { workflow: greet } });
      expect(none.statusCode).toBe(428);
      expect(none.json().code).toBe("WF_WORKFLOW_PRECONDITION_REQUIRED");
    });

    it("writes no version when the saved document equals the draft", async () => {
      const wf = await create();
      const res = await h.call({ method: "PUT", url: `/workflows/${wf.id}`, headers: creator(), payload: { baseVersionId: wf.draftVersionId, workflow: greet } });
      expect(res.json()).toMatchObject({ changed: false, draftVersionId: wf.draftVersionId });
      expect(await auditActions(wf.id)).toEqual(["workflow.create"]);
    });
  });

  describe("versions and diff", () => {
    it("pages versions, reads one by id or alias, and diffs two of them", async () => {
      const wf = await create();
      let base = wf.draftVersionId;
      for (const greeting of ["=hi {{ $json.name }}", "=hey {{ $json.name }}"]) {
        const doc = copyOf(greet);
        doc.nodes[1]!.parameters.assignments!.assignments[0]!.value = greeting;
        base = (await h.call({ method: "PUT", url: `/workflows/${wf.id}`, headers: creator(), payload: { baseVersionId: base, workflow: doc } })).json().draftVersionId;
      }
      const page1 = (await h.call({ method: "GET", url: `/workflows/${wf.id}/versions?limit=2`, headers: creator() })).json();
      expect(page1.data).toHaveLength(2);
      const page2 = (await h.call({ method: "GET", url: `/workflows/${wf.id}/versions?limit=2&cursor=${page1.nextCursor}`, headers: creator() })).json();
      expect(page2.data.map((v: { id: string }) => v.id)).toEqual([wf.draftVersionId]);
      expect(page2.nextCursor).toBeNull();

      const first = (await h.call({ method: "GET", url: `/workflows/${wf.id}/versions/${wf.draftVersionId}`, headers: creator() })).json();
      expect(first.definition.nodes[1].parameters.assignments.assignments[0].value).toBe("=hello {{ $json.name }}");
      const draft = (await h.call({ method: "GET", url: `/workflows/${wf.id}/versions/draft`, headers: creator() })).json();
      expect(draft).toMatchObject({ id: base, isDraft: true });
      expect((await h.call({ method: "GET", url: `/workflows/${wf.id}/versions/active`, headers: creator() })).statusCode).toBe(404);

      const diff = await h.call({ method: "GET", url: `/workflows/${wf.id}/diff?from=${wf.draftVersionId}&to=draft`, headers: creator() });
      expect(diff.statusCode).toBe(200);
      expect(diff.json()).toMatchObject({ from: wf.draftVersionId, to: base });
      expect(diff.json().changes).toEqual([expect.objectContaining({ kind: "parameterChanged", node: "Greet" })]);
      expect(diff.json().text).toContain("hey");
    });
  });

  describe("publish", () => {
    it("lists every problem of an invalid draft and activates nothing", async () => {
      const wf = await create(notPublishable);
      const res = await h.call({ method: "POST", url: `/workflows/${wf.id}/publish`, headers: h.as(["approver"]) });
      expect(res.statusCode).toBe(422);
      const errorsFound = res.json().details.issues.filter((i: { severity: string }) => i.severity === "error").map((i: { code: string }) => i.code);
      expect(errorsFound).toEqual(expect.arrayContaining(["WF_SCHEMA_NO_TRIGGER", "WF_SCHEMA_PARAM_REQUIRED", "WF_SCHEMA_NODE_TYPE_UNKNOWN"]));
      const read = (await h.call({ method: "GET", url: `/workflows/${wf.id}`, headers: creator() })).json();
      expect(read).toMatchObject({ status: "draft", activeVersionId: null });
      expect(await auditActions(wf.id)).toEqual(["workflow.create"]);
    });

    it("makes a valid draft the active version", async () => {
      const wf = await create();
      const res = await h.call({ method: "POST", url: `/workflows/${wf.id}/publish`, headers: h.as(["approver"]), payload: { versionId: wf.draftVersionId } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: "active", activeVersionId: wf.draftVersionId, draftVersionId: wf.draftVersionId });
      expect(await auditActions(wf.id)).toEqual(["workflow.create", "workflow.publish"]);
      const stale = await h.call({ method: "POST", url: `/workflows/${wf.id}/publish`, headers: h.as(["approver"]), payload: { versionId: "00000000-0000-4000-8000-000000000000" } });
      expect(stale.statusCode).toBe(409);
    });
  });

  describe("n8n import and export", () => {
    it("imports an n8n export array with a compatibility report per workflow", async () => {
      const res = await h.call({ method: "POST", url: "/workflows/import/n8n", headers: creator(), payload: n8nExport });
      expect(res.statusCode).toBe(201);
      const [legacy, webhook] = res.json().workflows;
      expect(legacy.report.nodes).toEqual(expect.arrayContaining([expect.objectContaining({ node: "Start", status: "mapped", mappedTo: "n8n-nodes-base.manualTrigger" })]));
      expect(webhook.report.summary.unsupported).toBe(1);
      expect(webhook.issues.map((i: { code: string }) => i.code)).toContain("WF_SCHEMA_NODE_TYPE_UNKNOWN");
      const stored = (await h.call({ method: "GET", url: `/workflows/${legacy.id}`, headers: creator() })).json();
      expect(stored.definition.nodes[0].type).toBe("n8n-nodes-base.start");
      expect(await auditActions(legacy.id)).toEqual(["workflow.import"]);

      const exported = await h.call({ method: "GET", url: `/workflows/${legacy.id}/export/n8n`, headers: creator() });
      expect(exported.statusCode).toBe(200);
      expect(exported.headers["content-disposition"]).toContain("Legacy start.json");
      expect(exported.json()).toMatchObject({ name: "Legacy start", nodes: n8nExport[0]!.nodes, connections: n8nExport[0]!.connections });
    });

    it("rejects a broken file as a whole, listing every problem with its element index", async () => {
      const broken = [n8nExport[0], { name: "x", nodes: "nope", connections: {} }];
      const res = await h.call({ method: "POST", url: "/workflows/import/n8n", headers: creator(), payload: broken });
      expect(res.statusCode).toBe(422);
      expect(res.json().details.issues[0].path).toMatch(/^\[1\]/);
    });
  });

  describe("archive and delete", () => {
    it("archives a workflow out of production and makes it read-only", async () => {
      const wf = await create();
      await h.call({ method: "POST", url: `/workflows/${wf.id}/publish`, headers: h.as(["approver"]) });
      const res = await h.call({ method: "POST", url: `/workflows/${wf.id}/archive`, headers: creator() });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: "archived", activeVersionId: null });
      const save = await h.call({ method: "PUT", url: `/workflows/${wf.id}`, headers: creator(), payload: { baseVersionId: wf.draftVersionId, workflow: { ...greet, name: "x" } } });
      expect(save.statusCode).toBe(409);
      expect(save.json().code).toBe("WF_WORKFLOW_ARCHIVED");
      expect((await h.call({ method: "GET", url: "/workflows?status=archived", headers: creator() })).json().data.map((w: { id: string }) => w.id)).toContain(wf.id);
      expect(await auditActions(wf.id)).toEqual(["workflow.create", "workflow.publish", "workflow.archive"]);
    });

    it("deletes a workflow with its versions", async () => {
      const wf = await create();
      const res = await h.call({ method: "DELETE", url: `/workflows/${wf.id}`, headers: creator() });
      expect(res.statusCode).toBe(204);
      expect((await h.call({ method: "GET", url: `/workflows/${wf.id}`, headers: creator() })).statusCode).toBe(404);
      expect(await h.t.adminDb.selectFrom("workflow_versions").select("id").where("workflow_id", "=", wf.id).execute()).toEqual([]);
      expect(await auditActions(wf.id)).toEqual(["workflow.create", "workflow.delete"]);
    });
  });

  describe("test runs", () => {
    it("refuses to run a draft that is not ready, listing every problem, before anything is queued", async () => {
      const wf = await create(notPublishable);
      const res = await h.call({ method: "POST", url: `/workflows/${wf.id}/test`, headers: creator() });
      expect(res.statusCode).toBe(422);
      const codes = res.json().details.issues.filter((i: { severity: string }) => i.severity === "error").map((i: { code: string }) => i.code);
      expect(codes).toEqual(expect.arrayContaining(["WF_SCHEMA_PARAM_REQUIRED", "WF_SCHEMA_NODE_TYPE_UNKNOWN"]));
      expect(await h.t.adminDb.selectFrom("executions").select("id").where("workflow_id", "=", wf.id).execute()).toEqual([]);
    });
  });

  describe("dry run", () => {
    it("validates the draft for a run and says that nothing was simulated", async () => {
      const wf = await create(notPublishable);
      const res = await h.call({ method: "POST", url: `/workflows/${wf.id}/dry-run`, headers: creator() });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ ok: false, simulated: false, versionId: wf.draftVersionId });
      expect(res.json().note).toMatch(/validation only/i);
    });
  });

  describe("roles", () => {
    it("lets only creators edit, approvers publish and admins do everything", async () => {
      const wf = await create();
      const put = (headers: Record<string, string>) =>
        h.call({ method: "PUT", url: `/workflows/${wf.id}`, headers, payload: { baseVersionId: wf.draftVersionId, workflow: greet } });
      const cases: Array<[string, () => Promise<{ statusCode: number; json: () => { code: string } }>]> = [
        ["executor creates", () => h.call({ method: "POST", url: "/workflows", headers: h.as(["executor"]), payload: greet })],
        ["approver saves", () => put(h.as(["approver"]))],
        ["executor imports", () => h.call({ method: "POST", url: "/workflows/import/n8n", headers: h.as(["executor"]), payload: n8nExport })],
        ["creator publishes", () => h.call({ method: "POST", url: `/workflows/${wf.id}/publish`, headers: creator() })],
        ["executor deletes", () => h.call({ method: "DELETE", url: `/workflows/${wf.id}`, headers: h.as(["executor"]) })],
        ["executor archives", () => h.call({ method: "POST", url: `/workflows/${wf.id}/archive`, headers: h.as(["executor"]) })],
        ["approver runs", () => h.call({ method: "POST", url: `/workflows/${wf.id}/executions`, headers: h.as(["approver"]) })],
        ["creator lists API keys", () => h.call({ method: "GET", url: "/api-keys", headers: creator() })],
      ];
      for (const [what, attempt] of cases) {
        const res = await attempt();
        expect({ what, status: res.statusCode, code: res.json().code }).toEqual({ what, status: 403, code: "WF_AUTH_FORBIDDEN" });
      }
      expect((await put(h.as(["admin"]))).statusCode).toBe(200);
      expect((await h.call({ method: "POST", url: `/workflows/${wf.id}/publish`, headers: h.as(["admin"]) })).statusCode).toBe(200);
      expect((await h.call({ method: "GET", url: `/workflows/${wf.id}/versions`, headers: h.as(["approver"]) })).statusCode).toBe(200);
    });
  });

  describe("tenants", () => {
    it("answers another tenant's ids with 404 on every route, exactly as unknown ids", async () => {
      const foreign = await h.call({ method: "POST", url: "/workflows", headers: h.as(["creator"], h.otherTenant), payload: greet });
      const foreignId = foreign.json().id as string;
      const foreignVersion = foreign.json().draftVersionId as string;
      const admin = h.as(["admin"]);
      const routes: Array<[string, string, object?]> = [
        ["GET", "/workflows/ID"],
        ["PUT", "/workflows/ID", { baseVersionId: foreignVersion, workflow: greet }],
        ["DELETE", "/workflows/ID"],
        ["GET", "/workflows/ID/versions"],
        [`GET`, `/workflows/ID/versions/${foreignVersion}`],
        ["GET", "/workflows/ID/diff"],
        ["GET", "/workflows/ID/export/n8n"],
        ["POST", "/workflows/ID/archive"],
        ["POST", "/workflows/ID/publish"],
        ["POST", "/workflows/ID/test"],
        ["POST", "/workflows/ID/dry-run"],
        ["POST", "/workflows/ID/executions"],
      ];
      const unknown = "00000000-0000-4000-8000-000000000000";
      for (const [method, path, payload] of routes) {
        const ask = (id: string) => h.call({ method: method as "GET", url: path.replace("ID", id), headers: admin, ...(payload ? { payload } : {}) });
        const [theirs, missing] = [await ask(foreignId), await ask(unknown)];
        expect({ route: `${method} ${path}`, status: theirs.statusCode, code: theirs.json().code }).toEqual({ route: `${method} ${path}`, status: 404, code: "WF_WORKFLOW_NOT_FOUND" });
        expect({ route: `${method} ${path}`, status: missing.statusCode, code: missing.json().code }).toEqual({ route: `${method} ${path}`, status: 404, code: "WF_WORKFLOW_NOT_FOUND" });
      }
      const list = (await h.call({ method: "GET", url: "/workflows?limit=200", headers: admin })).json();
      expect(list.data.map((w: { id: string }) => w.id)).not.toContain(foreignId);
      // nothing happened to it
      const theirs = (await h.call({ method: "GET", url: `/workflows/${foreignId}`, headers: h.as(["creator"], h.otherTenant) })).json();
      expect(theirs).toMatchObject({ status: "draft", draftVersionId: foreignVersion });
    });
  });

  describe("API keys", () => {
    it("creates a key shown once, authenticates with it (X-API-Key or Bearer), and stops it when revoked", async () => {
      const created = await h.call({ method: "POST", url: "/api-keys", headers: h.as(["admin"]), payload: { name: "billing service", roles: ["executor"] } });
      expect(created.statusCode).toBe(201);
      const { key, id, prefix } = created.json();
      expect(key.startsWith("bos_")).toBe(true);
      const stored = await h.t.adminDb.selectFrom("api_keys").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
      expect(stored.key_hash).not.toContain(key);
      expect(stored.key_prefix).toBe(prefix);
      expect((await h.call({ method: "GET", url: "/workflows", headers: { "x-api-key": key } })).statusCode).toBe(200);
      expect((await h.call({ method: "GET", url: "/workflows", headers: { authorization: `Bearer ${key}` } })).statusCode).toBe(200);
      const forbidden = await h.call({ method: "POST", url: "/workflows", headers: { "x-api-key": key }, payload: greet });
      expect(forbidden.statusCode).toBe(403);
      const listed = (await h.call({ method: "GET", url: "/api-keys", headers: h.as(["admin"]) })).json();
      expect(listed.data.find((k: { id: string }) => k.id === id)).not.toHaveProperty("key");
      expect((await h.call({ method: "DELETE", url: `/api-keys/${id}`, headers: h.as(["admin"]) })).json().revokedAt).toEqual(expect.any(String));
      const revoked = await h.call({ method: "GET", url: "/workflows", headers: { "x-api-key": key } });
      expect(revoked.statusCode).toBe(401);
      expect(revoked.json().code).toBe("WF_AUTH_INVALID_API_KEY");
      expect((await h.call({ method: "GET", url: "/workflows", headers: { "x-api-key": `${key.slice(0, -2)}xx` } })).statusCode).toBe(401);
    });

    it("records API-key callers as such in the audit log", async () => {
      const { key, id } = (await h.call({ method: "POST", url: "/api-keys", headers: h.as(["admin"]), payload: { name: "ci", roles: ["creator"] } })).json();
      const wf = (await h.call({ method: "POST", url: "/workflows", headers: { "x-api-key": key }, payload: greet })).json();
      const row = await h.t.adminDb.selectFrom("audit_log").selectAll().where("target_id", "=", wf.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ actor_kind: "api-key", actor_id: id, action: "workflow.create" });
    });
  });

  describe("audit log", () => {
    it("keeps a user id that is not a UUID (local tokens) in details, with actor_id empty", async () => {
      const token = h.app.jwt.sign({ sub: "local-user", tenant_id: h.tenant, roles: ["creator"] });
      const wf = (await h.call({ method: "POST", url: "/workflows", headers: { authorization: `Bearer ${token}` }, payload: greet })).json();
      const row = await h.t.adminDb.selectFrom("audit_log").selectAll().where("target_id", "=", wf.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ actor_id: null, actor_kind: "user", action: "workflow.create" });
      expect(row.details).toMatchObject({ actor: "local-user" });
    });
  });

  describe("OpenAPI", () => {
    it("documents every route with request and response schemas at /docs", async () => {
      const spec = (await h.call({ method: "GET", url: "/docs/json" })).json();
      const paths = Object.keys(spec.paths);
      for (const path of [
        "/workflows",
        "/workflows/create",
        "/workflows/{id}",
        "/workflows/{id}/versions",
        "/workflows/{id}/versions/{v}",
        "/workflows/{id}/diff",
        "/workflows/import/n8n",
        "/workflows/{id}/export/n8n",
        "/workflows/{id}/archive",
        "/workflows/{id}/publish",
        "/workflows/{id}/test",
        "/workflows/{id}/dry-run",
        "/workflows/{id}/executions",
        "/executions",
        "/executions/{id}",
        "/executions/{id}/cancel",
        "/executions/{id}/retry",
        "/executions/{id}/events",
        "/dead-letters",
        "/dead-letters/{id}/redrive",
        "/dead-letters/{id}",
        "/api-keys",
      ]) {
        expect(paths).toContain(path);
      }
      for (const [path, operations] of Object.entries(spec.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)) {
        for (const [method, operation] of Object.entries(operations)) {
          expect({ route: `${method} ${path}`, has2xx: Object.keys(operation.responses).some((s) => s.startsWith("2")) }).toEqual({ route: `${method} ${path}`, has2xx: true });
        }
      }
      expect(spec.paths["/workflows/{id}"].put.requestBody.content["application/json"].schema.required).toContain("workflow");
      expect(spec.paths["/workflows/{id}"].put.requestBody.required).toBe(true);
      expect(spec.paths["/workflows/{id}/executions"].post.requestBody.required).toBe(false);
      expect((await h.call({ method: "GET", url: "/docs" })).statusCode).toBeLessThan(400);
    });
  });
});
