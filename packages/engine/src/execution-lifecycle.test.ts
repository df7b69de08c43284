import type { WorkflowDocument } from "@bos/workflow-schema";
import { json, order, seed, setup } from "./__fixtures__/engine-setup";
import { workflow } from "./__fixtures__/workflow";
import { reduceRunData } from "./reduce-run-data";
import { stateForRetryFromFailedNode } from "./run-state";
import type { RecordedNodeRun, RunState } from "./types";

describe("WorkflowEngine: sub-workflows", () => {
  const sub: WorkflowDocument = workflow({ In: { type: "test.subTrigger" }, Mark: { type: "test.set", parameters: { field: "sub", value: "yes" } } }, ["In -> Mark"]);

  it("runs an inline sub-workflow with the node's items and returns its last node's output", async () => {
    const { engine } = setup();
    const doc = workflow({ Start: { type: "test.trigger" }, Seed: seed([{ n: 1 }, { n: 2 }]), Call: { type: "test.call", parameters: { workflow: sub } } }, ["Start -> Seed", "Seed -> Call"]);
    const result = await engine.run(doc);
    expect(json(result, "Call")).toEqual([
      { n: 1, sub: "yes" },
      { n: 2, sub: "yes" },
    ]);
    expect(Object.keys(result.runData)).toEqual(["Start", "Seed", "Call"]);
  });

  it("loads sub-workflows by id through the workflow loader", async () => {
    const { engine } = setup({ workflowLoader: { load: async (id) => (id === "sub-1" ? sub : undefined) } });
    const doc = workflow({ Start: { type: "test.trigger" }, Call: { type: "test.call", parameters: { workflowId: "sub-1" } } }, ["Start -> Call"]);
    expect(json(await engine.run(doc), "Call")).toEqual([{ sub: "yes" }]);
    const missing = workflow({ Start: { type: "test.trigger" }, Call: { type: "test.call", parameters: { workflowId: "nope" } } }, ["Start -> Call"]);
    expect((await engine.run(missing)).error).toMatchObject({ code: "WF_ENGINE_SUBWORKFLOW_NOT_FOUND" });
  });

  it("honours the called workflow's caller policy", async () => {
    const guarded = (settings: Record<string, unknown>) => ({ ...sub, settings: { executionOrder: "v1" as const, ...settings } });
    const caller = (callee: WorkflowDocument) => {
      const doc = workflow({ Start: { type: "test.trigger" }, Call: { type: "test.call", parameters: { workflowId: "callee" } } }, ["Start -> Call"]);
      doc.id = "caller-1";
      return { doc, engine: setup({ workflowLoader: { load: async () => callee } }).engine };
    };
    for (const [settings, allowed] of [
      [{ callerPolicy: "none" }, false],
      [{ callerPolicy: "workflowsFromAList", callerIds: "x, caller-1" }, true],
      [{ callerPolicy: "workflowsFromAList", callerIds: "x" }, false],
      [{ callerPolicy: "any" }, true],
    ] as const) {
      const { doc, engine } = caller(guarded(settings));
      const result = await engine.run(doc);
      expect(result.error?.code).toBe(allowed ? undefined : "WF_ENGINE_SUBWORKFLOW_NOT_ALLOWED");
    }
  });

  it("stops recursion at the depth limit with a clear error", async () => {
    const recursive = workflow({ In: { type: "test.subTrigger" }, Again: { type: "test.call", parameters: { workflowId: "self" } } }, ["In -> Again"]);
    const { engine } = setup({ workflowLoader: { load: async () => recursive }, maxSubworkflowDepth: 3 });
    const result = await engine.run(recursive, { startNode: "In" });
    expect(result.status).toBe("error");
    expect(result.error).toMatchObject({ code: "WF_ENGINE_SUBWORKFLOW_DEPTH", node: "Again" });
    expect(result.error?.message).toContain("deeper than 3 levels");
  });
});

describe("WorkflowEngine: hooks, resume, suspension, cancellation", () => {
  const chain = () =>
    workflow(
      { Start: { type: "test.trigger" }, Seed: seed([{ n: 1 }, { n: 2 }]), If: { type: "test.if", parameters: { field: "n" } }, A: { type: "test.state" }, B: { type: "test.http" }, C: { type: "test.set", parameters: { value: "={{ $json.count }}" } } },
      ["Start -> Seed", "Seed -> If", "If -> A", "A -> B", "B -> C"],
    );

  it("calls beforeNodeRun and afterNodeRun around each node run, with side effects flagged", async () => {
    const { engine } = setup();
    const events: string[] = [];
    await engine.run(chain(), {
      hooks: {
        beforeNodeRun: async (e) => void events.push(`before ${e.node.name}${e.sideEffects ? " (side effects)" : ""}`),
        afterNodeRun: async (e) => void events.push(`after ${e.node.name} #${e.task.executionIndex}`),
      },
    });
    expect(events).toEqual([
      "before Start",
      "after Start #0",
      "before Seed",
      "after Seed #1",
      "before If",
      "after If #2",
      "before A",
      "after A #3",
      "before B (side effects)",
      "after B #4",
      "before C",
      "after C #5",
    ]);
  });

  it("resumes from a state snapshot in a fresh engine without re-running finished nodes", async () => {
    const uninterrupted = await setup().engine.run(chain(), { executionId: "same" });
    let snapshot: RunState | undefined;
    await setup().engine.run(chain(), {
      executionId: "same",
      hooks: {
        beforeNodeRun: (e) => {
          if (e.node.name === "B") snapshot = JSON.parse(JSON.stringify(e.snapshot())) as RunState;
        },
      },
    });
    const ran: string[] = [];
    const fresh = setup();
    const resumed = await fresh.engine.run(chain(), { resumeState: snapshot, hooks: { beforeNodeRun: (e) => void ran.push(e.node.name) } });
    expect(ran).toEqual(["B", "C"]);
    expect(reduceRunData(resumed.status, resumed.runData)).toEqual(reduceRunData(uninterrupted.status, uninterrupted.runData));
    expect(resumed.state.nodeStates).toEqual(uninterrupted.state.nodeStates);
    expect(fresh.sandboxes.sandboxes[0]?.runs.map((r) => r.node)).toEqual(["Start", "Seed", "If", "A", "B", "C"]);
  });

  it("recovers from recorded steps alone: replayed runs are not executed again, the in-flight one runs", async () => {
    const loop = () =>
      workflow(
        { Start: { type: "test.trigger" }, Seed: seed([{ i: 0 }, { i: 1 }]), Loop: { type: "test.loop" }, Body: { type: "test.state", position: [600, 100] }, Done: { type: "test.key", position: [600, -100] } },
        ["Start -> Seed", "Seed -> Loop", "Loop -> Done", "Loop:1 -> Body", "Body -> Loop"],
      );
    const uninterrupted = await setup().engine.run(loop(), { executionId: "crash" });
    const steps: RecordedNodeRun[] = [];
    await setup().engine.run(loop(), {
      executionId: "crash",
      hooks: {
        afterNodeRun: (e) => {
          // The worker stores each step as it finishes; it "dies" after the sixth.
          if (steps.length < 6) steps.push(JSON.parse(JSON.stringify({ node: e.node.name, runIndex: e.runIndex, task: e.task, nodeState: e.nodeState })) as RecordedNodeRun);
        },
      },
    });
    const ran: string[] = [];
    const recovered = await setup().engine.run(loop(), { executionId: "crash", replay: steps, hooks: { beforeNodeRun: (e) => void ran.push(`${e.node.name}#${e.runIndex}`) } });
    expect(steps.map((s) => `${s.node}#${s.runIndex}`)).toEqual(["Start#0", "Seed#0", "Loop#0", "Body#0", "Loop#1", "Body#1"]);
    expect(ran).toEqual(["Loop#2", "Done#0"]);
    expect(reduceRunData(recovered.status, recovered.runData)).toEqual(reduceRunData(uninterrupted.status, uninterrupted.runData));
    expect(json(recovered, "Done")).toEqual([{ key: "crash:Done:0" }]);
  });

  it("gives sub-executions ids derived from the node run, the same on every attempt", async () => {
    const sub = workflow({ In: { type: "test.subTrigger" }, Key: { type: "test.key" } }, ["In -> Key"]);
    const doc = workflow({ Start: { type: "test.trigger" }, Call: { type: "test.call", parameters: { workflow: sub } } }, ["Start -> Call"]);
    expect(json(await setup().engine.run(doc, { executionId: "parent" }), "Call")).toEqual([{ key: "parent/Call/0/0:Key:0" }]);
  });

  it("takes checkpoints without run data when asked", async () => {
    let checkpoint: RunState | undefined;
    await setup().engine.run(chain(), { hooks: { beforeNodeRun: (e) => void (e.node.name === "B" && (checkpoint = e.snapshot({ runData: false }))) } });
    expect(checkpoint?.runData).toEqual({});
    expect(checkpoint?.stack.map((s) => s.node)).toEqual(["B"]);
    expect(checkpoint?.nodeStates).toEqual({ A: 1 });
  });

  it("suspends on a wait and resumes with the payload as the node's output", async () => {
    const doc = workflow({ Start: { type: "test.trigger" }, Seed: seed([{ n: 1 }]), Wait: { type: "test.wait" }, After: { type: "test.noop" } }, ["Start -> Seed", "Seed -> Wait", "Wait -> After"]);
    const waiting = await setup().engine.run(doc);
    expect(waiting.status).toBe("waiting");
    expect(waiting.wait).toEqual({ kind: "webhook" });
    expect(waiting.lastNodeExecuted).toBe("Wait");
    expect(waiting.runData.Wait).toBeUndefined();
    const state = JSON.parse(JSON.stringify(waiting.state)) as RunState;
    const resumed = await setup().engine.resume(doc, state, { payload: [{ json: { resumed: true } }] });
    expect(resumed.status).toBe("success");
    expect(order(resumed)).toEqual(["Start", "Seed", "Wait", "After"]);
    expect(json(resumed, "After")).toEqual([{ resumed: true }]);
  });

  it("resumes a wait with the node's declared outputs when there is no payload", async () => {
    const doc = workflow({ Start: { type: "test.trigger" }, Seed: seed([{ n: 1 }]), Wait: { type: "test.wait" } }, ["Start -> Seed", "Seed -> Wait"]);
    const { engine } = setup();
    const waiting = await engine.run(doc);
    expect(json(await engine.resume(doc, waiting.state), "Wait")).toEqual([{ n: 1 }]);
  });

  it("ends canceled when the host aborts, and the in-flight node stays on the stack", async () => {
    const doc = workflow({ Start: { type: "test.trigger" }, Slow: { type: "test.sleep", parameters: { ms: 10_000 } }, After: { type: "test.noop" } }, ["Start -> Slow", "Slow -> After"]);
    const controller = new AbortController();
    const { engine } = setup();
    const run = engine.run(doc, { signal: controller.signal, hooks: { beforeNodeRun: (e) => void (e.node.name === "Slow" && setImmediate(() => controller.abort())) } });
    const result = await run;
    expect(result.status).toBe("canceled");
    expect(result.error).toMatchObject({ code: "WF_ENGINE_CANCELED" });
    expect(result.runData.Slow).toBeUndefined();
    expect(result.state.stack.map((e) => e.node)).toEqual(["Slow"]);
  });

  it("cancels with a timeout error when settings.executionTimeout elapses", async () => {
    const doc = workflow({ Start: { type: "test.trigger" }, Slow: { type: "test.sleep", parameters: { ms: 10_000 } } }, ["Start -> Slow"], { executionOrder: "v1", executionTimeout: 0.05 });
    const result = await setup().engine.run(doc);
    expect(result.status).toBe("canceled");
    expect(result.error).toMatchObject({ code: "WF_ENGINE_TIMEOUT" });
  });

  it("rejects run() with a hook's error and stops there (a host that lost its lease stops the run)", async () => {
    const { engine, sandboxes } = setup();
    const ran: string[] = [];
    const run = engine.run(chain(), {
      hooks: {
        beforeNodeRun: (e) => {
          if (e.node.name === "B") throw new Error("lease lost");
          ran.push(e.node.name);
        },
      },
    });
    await expect(run).rejects.toThrow("lease lost");
    expect(ran).toEqual(["Start", "Seed", "If", "A"]);
    expect(sandboxes.sandboxes.every((s) => s.disposed)).toBe(true);
  });

  it("retries a failed run from its failed node without re-running the nodes before it", async () => {
    const doc = workflow({ Start: { type: "test.trigger" }, Seed: seed([{ n: 1 }]), Flaky: { type: "test.flaky", parameters: { failures: 1 } }, After: { type: "test.noop" } }, [
      "Start -> Seed",
      "Seed -> Flaky",
      "Flaky -> After",
    ]);
    const failed = await setup().engine.run(doc, { executionId: "retry-from-node" });
    expect(failed.status).toBe("error");
    const ran: string[] = [];
    const retried = await setup().engine.run(doc, { resumeState: stateForRetryFromFailedNode(failed.state), hooks: { beforeNodeRun: (e) => void ran.push(`${e.node.name}#${e.runIndex}`) } });
    expect(ran).toEqual(["Flaky#0", "After#0"]);
    expect(retried.status).toBe("success");
    expect(order(retried)).toEqual(["Start", "Seed", "Flaky", "After"]);
    expect(() => stateForRetryFromFailedNode(retried.state)).toThrow(/no failed node run to retry/);
  });

  it("rejects a resume state that names nodes the workflow does not have", async () => {
    const { engine } = setup();
    const result = await engine.run(chain());
    const other = workflow({ Start: { type: "test.trigger" } }, []);
    await expect(engine.run(other, { resumeState: result.state })).rejects.toMatchObject({ code: "WF_ENGINE_INVALID_RESUME_STATE" });
  });

  it("exposes hasSideEffects from the node description", () => {
    const { engine } = setup();
    const [, , , a, b] = chain().nodes;
    expect(engine.hasSideEffects(b as never)).toBe(true);
    expect(engine.hasSideEffects(a as never)).toBe(false);
  });
});
