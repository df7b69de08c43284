import { eventually } from "@bos/executions/testing";
import fails from "./__fixtures__/fails.json";
import greet from "./__fixtures__/greet.json";
import pause from "./__fixtures__/pause.json";
import slow from "./__fixtures__/slow.json";
import { type Harness, startHarness } from "./test-harness";

interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

function parseSse(body: string): SseEvent[] {
  return body
    .split("\n\n")
    .filter((block) => block.includes("data: "))
    .map((block) => {
      const event = /^event: (.+)$/m.exec(block)?.[1] ?? "";
      const data = JSON.parse(/^data: (.+)$/m.exec(block)?.[1] ?? "{}") as Record<string, unknown>;
      return { event, data };
    });
}

describe("runs, executions and dead letters (worker in process)", () => {
  let h: Harness;
  const executor = () => h.as(["executor"]);

  beforeAll(async () => {
    h = await startHarness({ worker: true });
  }, 60000);
  afterAll(async () => {
    await h?.close();
  });

  async function published(doc: object = greet): Promise<string> {
    const created = await h.call({ method: "POST", url: "/workflows", headers: h.as(["creator"]), payload: doc });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    const publish = await h.call({ method: "POST", url: `/workflows/${id}/publish`, headers: h.as(["approver"]) });
    expect(publish.statusCode).toBe(200);
    return id;
  }

  async function finished(executionId: string) {
    return eventually(
      async () => {
        const res = await h.call({ method: "GET", url: `/executions/${executionId}`, headers: executor() });
        const body = res.json();
        return ["succeeded", "failed", "canceled"].includes(body.status) ? body : undefined;
      },
      20000,
      `execution ${executionId} to finish`,
    );
  }

  it("creates, publishes, runs with wait and reads the result", async () => {
    const id = await published();
    const run = await h.call({ method: "POST", url: `/workflows/${id}/executions`, headers: executor(), payload: { input: [{ name: "ada" }, { json: { name: "bob" } }], wait: true } });
    expect(run.statusCode).toBe(200);
    const body = run.json();
    expect(body).toMatchObject({ status: "succeeded", done: true, execution: { mode: "production", workflowId: id } });
    const greetings = body.execution.runData.Done[0].data.main[0].map((item: { json: { greeting: string } }) => item.json.greeting);
    expect(greetings).toEqual(["hello ada", "hello bob"]);

    const read = await h.call({ method: "GET", url: `/executions/${body.executionId}`, headers: h.as(["creator"]) });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ status: "succeeded", lastNodeExecuted: "Done", startedAt: expect.any(String), finishedAt: expect.any(String) });
    expect(Object.keys(read.json().runData)).toEqual(["Execute Workflow Trigger", "Greet", "Done"]);
    expect(read.json().durationMs).toBeGreaterThanOrEqual(0);

    const list = (await h.call({ method: "GET", url: `/executions?workflowId=${id}&status=succeeded`, headers: executor() })).json();
    expect(list.data.map((e: { id: string }) => e.id)).toEqual([body.executionId]);
    const none = (await h.call({ method: "GET", url: `/executions?workflowId=${id}&status=failed`, headers: executor() })).json();
    expect(none.data).toEqual([]);
    const future = (await h.call({ method: "GET", url: `/executions?workflowId=${id}&from=2999-01-01T00:00:00Z`, headers: executor() })).json();
    expect(future.data).toEqual([]);

    const audit = await h.t.adminDb.selectFrom("audit_log").selectAll().where("target_id", "=", body.executionId).execute();
    expect(audit).toEqual([expect.objectContaining({ action: "execution.start", target_kind: "execution", tenant_id: h.tenant })]);
  });

  it("answers 202 with the execution id without wait, and the events stream delivers node events until the end", async () => {
    const id = await published();
    const run = await h.call({ method: "POST", url: `/workflows/${id}/executions`, headers: executor(), payload: { input: [{ name: "cy" }] } });
    expect(run.statusCode).toBe(202);
    const { executionId, links } = run.json();
    expect(links.events).toBe(`/executions/${executionId}/events`);
    const stream = await h.call({ method: "GET", url: links.events, headers: executor() });
    expect(stream.statusCode).toBe(200);
    expect(stream.headers["content-type"]).toContain("text/event-stream");
    const events = parseSse(stream.body);
    const finishedNodes = events.filter((e) => e.event === "node.finished").map((e) => e.data.node);
    expect(finishedNodes).toEqual(["Execute Workflow Trigger", "Greet", "Done"]);
    for (const node of finishedNodes) {
      const started = events.findIndex((e) => e.event === "node.started" && e.data.node === node);
      const ended = events.findIndex((e) => e.event === "node.finished" && e.data.node === node);
      expect(started).toBeGreaterThanOrEqual(0);
      expect(started).toBeLessThan(ended);
    }
    expect(events[events.length - 1]).toMatchObject({ event: "execution.finished", data: { status: "succeeded", executionId } });

    // Asked again after the end: the recorded node runs, then the end, at once.
    const replay = parseSse((await h.call({ method: "GET", url: links.events, headers: executor() })).body);
    expect(replay.filter((e) => e.event === "node.finished").map((e) => e.data.node)).toEqual(finishedNodes);
    expect(replay[replay.length - 1]).toMatchObject({ event: "execution.finished", data: { status: "succeeded", replayed: true } });
  });

  it("takes the token from ?access_token= on the events route only (a browser's EventSource sends no headers)", async () => {
    const id = await published();
    const run = await h.call({ method: "POST", url: `/workflows/${id}/executions`, headers: executor(), payload: { wait: true } });
    expect(run.statusCode).toBe(200);
    const token = executor().authorization!.replace(/^Bearer /, "");
    const events = await h.call({ method: "GET", url: `${run.json().links.events}?access_token=${encodeURIComponent(token)}` });
    expect(events.statusCode).toBe(200);
    expect(parseSse(events.body).at(-1)).toMatchObject({ event: "execution.finished", data: { status: "succeeded" } });
    const forged = await h.call({ method: "GET", url: `${run.json().links.events}?access_token=${encodeURIComponent(`${token}x`)}` });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().code).toBe("WF_AUTH_INVALID_TOKEN");
    // Every other route still wants the header.
    const elsewhere = await h.call({ method: "GET", url: `/workflows?access_token=${encodeURIComponent(token)}` });
    expect(elsewhere.statusCode).toBe(401);
    expect(elsewhere.json().code).toBe("WF_AUTH_MISSING_TOKEN");
  });

  it("streams live node events of a running execution (a one-second Wait keeps it running while the stream opens)", async () => {
    const id = await published(pause);
    const run = await h.call({ method: "POST", url: `/workflows/${id}/executions`, headers: executor() });
    expect(run.statusCode).toBe(202);
    const events = parseSse((await h.call({ method: "GET", url: run.json().links.events, headers: executor() })).body);
    const live = events.filter((e) => e.data.replayed !== true);
    expect(live.map((e) => `${e.event}${e.data.node ? ` ${String(e.data.node)}` : ""}`)).toEqual(
      expect.arrayContaining(["node.finished Pause", "node.started After", "node.finished After", "execution.finished"]),
    );
    // Node runs that finished before the stream opened and were not committed yet arrive (replayed) before the end.
    expect(events.filter((e) => e.event === "node.finished").map((e) => e.data.node).sort()).toEqual(["After", "Execute Workflow Trigger", "Pause"]);
    expect(events[events.length - 1]).toMatchObject({ event: "execution.finished", data: { status: "succeeded" } });
  });

  it("runs the draft as a test run and returns the result", async () => {
    const created = (await h.call({ method: "POST", url: "/workflows", headers: h.as(["creator"]), payload: greet })).json();
    const res = await h.call({ method: "POST", url: `/workflows/${created.id}/test`, headers: h.as(["creator"]), payload: { input: [{ name: "dee" }] } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ done: true, status: "succeeded", execution: { mode: "test", versionId: created.draftVersionId } });
    expect(res.json().execution.runData.Greet[0].data.main[0][0].json.greeting).toBe("hello dee");
  });

  it("answers 409 for a production run of a workflow without an active version", async () => {
    const created = (await h.call({ method: "POST", url: "/workflows", headers: h.as(["creator"]), payload: greet })).json();
    const res = await h.call({ method: "POST", url: `/workflows/${created.id}/executions`, headers: executor() });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe("WF_EXEC_NO_RUNNABLE_VERSION");
  });

  it("answers a test run that outlives its wait with 202, and cancels it", async () => {
    const created = (await h.call({ method: "POST", url: "/workflows", headers: h.as(["creator"]), payload: slow })).json();
    const res = await h.call({ method: "POST", url: `/workflows/${created.id}/test`, headers: h.as(["creator", "executor"]), payload: { timeoutMs: 300 } });
    expect(res.statusCode).toBe(202);
    const { executionId } = res.json();
    expect(res.json()).toMatchObject({ done: false, links: { execution: `/executions/${executionId}` } });
    await eventually(async () => {
      const status = (await h.call({ method: "GET", url: `/executions/${executionId}`, headers: executor() })).json().status;
      return status === "waiting" ? status : undefined;
    }, 20000, "the run to wait");
    const canceled = await h.call({ method: "POST", url: `/executions/${executionId}/cancel`, headers: executor() });
    expect(canceled.statusCode).toBe(200);
    expect(canceled.json()).toEqual({ executionId, status: "canceled" });
    expect((await finished(executionId)).status).toBe("canceled");
    const again = await h.call({ method: "POST", url: `/executions/${executionId}/cancel`, headers: executor() });
    expect(again.statusCode).toBe(409);
    const audit = await h.t.adminDb.selectFrom("audit_log").select("action").where("target_id", "=", executionId).orderBy("id").execute();
    expect(audit.map((a) => a.action)).toEqual(["workflow.test", "execution.cancel"]);
  });

  it("retries a failed run, dead-letters failed production runs, redrives and deletes them", async () => {
    const id = await published(fails);
    const run = await h.call({ method: "POST", url: `/workflows/${id}/executions`, headers: executor(), payload: { input: [{ a: 1 }], wait: true } });
    expect(run.statusCode).toBe(200);
    expect(run.json().status).toBe("failed");
    const failedId = run.json().executionId;

    const retry = await h.call({ method: "POST", url: `/executions/${failedId}/retry`, headers: executor(), payload: { from: "start" } });
    expect(retry.statusCode).toBe(202);
    const retried = await finished(retry.json().executionId);
    expect(retried).toMatchObject({ status: "failed", retryOf: failedId, attempt: 2 });

    const letters = await eventually(async () => {
      const data = (await h.call({ method: "GET", url: "/dead-letters", headers: executor() })).json().data as Array<{ id: string; executionId: string }>;
      return data.length >= 2 ? data : undefined;
    }, 20000, "two dead letters");
    const letter = letters.find((l) => l.executionId === failedId);
    expect(letter).toMatchObject({ workflowId: id, input: [{ json: { a: 1 } }] });

    const redrive = await h.call({ method: "POST", url: `/dead-letters/${letter?.id}/redrive`, headers: executor() });
    expect(redrive.statusCode).toBe(202);
    expect((await finished(redrive.json().executionId)).retryOf).toBe(failedId);
    const listed = (await h.call({ method: "GET", url: "/dead-letters?includeRedriven=true", headers: executor() })).json().data as Array<{ id: string; redriveExecutionId: string | null }>;
    expect(listed.find((l) => l.id === letter?.id)?.redriveExecutionId).toBe(redrive.json().executionId);

    expect((await h.call({ method: "DELETE", url: `/dead-letters/${letter?.id}`, headers: executor() })).statusCode).toBe(204);
    expect((await h.call({ method: "DELETE", url: `/dead-letters/${letter?.id}`, headers: executor() })).statusCode).toBe(404);
    const audit = await h.t.adminDb.selectFrom("audit_log").select("action").where("target_id", "=", letter?.id ?? "").orderBy("id").execute();
    expect(audit.map((a) => a.action)).toEqual(["dead_letter.redrive", "dead_letter.delete"]);
  });

  it("retries a failed run from the failed node on the latest version, keeping the node runs before it", async () => {
    const id = await published(fails);
    const failed = (await h.call({ method: "POST", url: `/workflows/${id}/executions`, headers: executor(), payload: { input: [{ n: 1 }], wait: true } })).json();
    expect(failed.status).toBe("failed");
    const draft = (await h.call({ method: "GET", url: `/workflows/${id}`, headers: h.as(["creator"]) })).json();
    const fixed = structuredClone(fails);
    fixed.nodes[1]!.parameters.jsCode = "return $input.all().map((item) => ({ json: { ...item.json, fixed: true } }));";
    const saved = await h.call({ method: "PUT", url: `/workflows/${id}`, headers: h.as(["creator"]), payload: { baseVersionId: draft.draftVersionId, workflow: fixed } });
    expect(saved.statusCode).toBe(200);
    expect((await h.call({ method: "POST", url: `/workflows/${id}/publish`, headers: h.as(["approver"]) })).statusCode).toBe(200);

    const retry = await h.call({ method: "POST", url: `/executions/${failed.executionId}/retry`, headers: executor(), payload: { from: "failed-node", version: "latest", wait: true } });
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toMatchObject({ status: "succeeded", execution: { retryOf: failed.executionId, versionId: saved.json().draftVersionId } });
    const runData = retry.json().execution.runData;
    expect(runData.Fail[0].data.main[0][0].json).toEqual({ n: 1, fixed: true });
    // The trigger's run was copied from the failed execution, not run again.
    expect(runData["Execute Workflow Trigger"][0].startTime).toBe(failed.execution.runData["Execute Workflow Trigger"][0].startTime);
  });

  it("answers another tenant's execution and dead-letter ids with 404", async () => {
    const id = await published(fails);
    const run = (await h.call({ method: "POST", url: `/workflows/${id}/executions`, headers: executor(), payload: { wait: true } })).json();
    const letter = await eventually(async () => {
      const data = (await h.call({ method: "GET", url: "/dead-letters", headers: executor() })).json().data as Array<{ id: string; executionId: string }>;
      return data.find((l) => l.executionId === run.executionId);
    }, 20000, "the dead letter");
    const stranger = h.as(["admin"], h.otherTenant);
    for (const [method, url] of [
      ["GET", `/executions/${run.executionId}`],
      ["GET", `/executions/${run.executionId}/events`],
      ["POST", `/executions/${run.executionId}/cancel`],
      ["POST", `/executions/${run.executionId}/retry`],
      ["POST", `/dead-letters/${letter.id}/redrive`],
      ["DELETE", `/dead-letters/${letter.id}`],
    ] as const) {
      const res = await h.call({ method, url, headers: stranger });
      expect({ url, status: res.statusCode }).toEqual({ url, status: 404 });
    }
    expect((await h.call({ method: "GET", url: "/executions", headers: stranger })).json().data).toEqual([]);
    expect((await h.call({ method: "GET", url: "/dead-letters", headers: stranger })).json().data).toEqual([]);
  });

  it("lets only executors start, cancel and retry runs", async () => {
    const id = await published();
    for (const roles of [["creator"], ["approver"]] as const) {
      const res = await h.call({ method: "POST", url: `/workflows/${id}/executions`, headers: h.as([...roles]) });
      expect(res.statusCode).toBe(403);
    }
    const run = (await h.call({ method: "POST", url: `/workflows/${id}/executions`, headers: executor(), payload: { wait: true } })).json();
    expect((await h.call({ method: "POST", url: `/executions/${run.executionId}/retry`, headers: h.as(["creator"]) })).statusCode).toBe(403);
    expect((await h.call({ method: "POST", url: `/executions/${run.executionId}/cancel`, headers: h.as(["approver"]) })).statusCode).toBe(403);
    expect((await h.call({ method: "GET", url: "/dead-letters", headers: h.as(["approver"]) })).statusCode).toBe(200);
  });
});

describe("quotas", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ worker: true, quotas: { runsPerMonth: 1, activeWorkflows: 1 } });
  }, 60000);
  afterAll(async () => {
    await h?.close();
  });

  it("answers a run over the monthly quota with 429 naming the quota, and records it", async () => {
    const created = (await h.call({ method: "POST", url: "/workflows", headers: h.as(["creator"]), payload: greet })).json();
    expect((await h.call({ method: "POST", url: `/workflows/${created.id}/publish`, headers: h.as(["approver"]) })).statusCode).toBe(200);
    const first = await h.call({ method: "POST", url: `/workflows/${created.id}/executions`, headers: h.as(["executor"]) });
    expect(first.statusCode).toBe(202);
    const second = await h.call({ method: "POST", url: `/workflows/${created.id}/executions`, headers: h.as(["executor"]) });
    expect(second.statusCode).toBe(429);
    expect(second.json()).toMatchObject({ code: "WF_QUOTA_EXCEEDED", details: { quota: "runs_per_month", limit: 1, used: 1 } });
    const rejectedId = second.json().details.executionId as string;
    const recorded = await h.call({ method: "GET", url: `/executions/${rejectedId}`, headers: h.as(["executor"]) });
    expect(recorded.json()).toMatchObject({ status: "failed", error: { code: "WF_QUOTA_EXCEEDED" } });
    const audit = await h.t.adminDb.selectFrom("audit_log").selectAll().where("target_id", "=", rejectedId).execute();
    expect(audit).toEqual([expect.objectContaining({ action: "execution.start" })]);
    expect(audit[0]?.details).toMatchObject({ admitted: false });
  });

  it("answers a publish over the active-workflows quota with 429 and activates nothing", async () => {
    const second = (await h.call({ method: "POST", url: "/workflows", headers: h.as(["creator"]), payload: greet })).json();
    const res = await h.call({ method: "POST", url: `/workflows/${second.id}/publish`, headers: h.as(["approver"]) });
    expect(res.statusCode).toBe(429);
    expect(res.json().details.quota).toBe("active_workflows");
    expect((await h.call({ method: "GET", url: `/workflows/${second.id}`, headers: h.as(["creator"]) })).json().status).toBe("draft");
  });
});
