import { reduceRunData, WorkflowEngine, type RecordedNodeRun, type RunResult, type RunState, type TaskData } from "@bos/engine";
import { createBuiltinRegistry } from "@bos/nodes";
import { SandboxPool } from "@bos/sandbox";
import type { WorkflowDocument, WorkflowNode } from "@bos/workflow-schema";

/**
 * The design's control-flow nodes end to end (issue 7): the real engine, sandbox and built-in nodes,
 * with short timed waits slept in-process as the CLI and worker do for them.
 */
type Spec = { type: string; parameters?: Record<string, unknown>; position?: [number, number]; typeVersion?: number };

function doc(nodes: Record<string, Spec>, edges: string[], settings: WorkflowDocument["settings"] = {}): WorkflowDocument {
  const list: WorkflowNode[] = Object.entries(nodes).map(([name, spec], i) => ({ name, type: spec.type, typeVersion: spec.typeVersion ?? 1, position: spec.position ?? [i * 200, 0], parameters: spec.parameters ?? {} }));
  const connections: WorkflowDocument["connections"] = {};
  for (const edge of edges) {
    const [from, to] = edge.split("->").map((s) => s.trim()) as [string, string];
    const [source, output = "0"] = from.split(":") as [string, string?];
    const [target, input = "0"] = to.split(":") as [string, string?];
    const main = ((connections[source] ??= { main: [] }).main ??= []);
    while (main.length <= Number(output)) main.push([]);
    main[Number(output)]?.push({ node: target, type: "main", index: Number(input) });
  }
  return { name: "control flow", nodes: list, connections, settings: { executionOrder: "v1", ...settings } };
}

const trigger: Spec = { type: "n8n-nodes-base.manualTrigger" };
const noOp = (position?: [number, number]): Spec => ({ type: "n8n-nodes-base.noOp", position });
const fail = (message: string, position?: [number, number]): Spec => ({ type: "n8n-nodes-base.stopAndError", parameters: { errorMessage: message }, position });
const waitMs = (ms: number, position?: [number, number]): Spec => ({ type: "bos.wait", parameters: { mode: "duration", amount: ms, unit: "milliseconds" }, position });
const order = (result: RunResult) => reduceRunData(result.status, result.runData).order;
const jsonOf = (result: RunResult, node: string, output = 0, run = 0) => result.runData[node]?.[run]?.data?.main[output]?.map((item) => item.json);
const end = (task: TaskData | undefined) => (task ? task.startTime + task.executionTime : NaN);

describe("control-flow nodes (bos.*) in the engine", () => {
  let pool: SandboxPool;
  let engine: WorkflowEngine;
  beforeAll(() => {
    pool = new SandboxPool({ poolSize: 1 });
    engine = new WorkflowEngine({ registry: createBuiltinRegistry(), sandboxPool: pool, inProcessWaitMs: 60_000 });
  });
  afterAll(async () => {
    engine.close();
    await pool.close();
  });

  describe("Parallel and Join", () => {
    const fork = (settings: WorkflowDocument["settings"] = {}) =>
      doc(
        {
          Start: trigger,
          Parallel: { type: "bos.parallel", parameters: { branches: 2 } },
          "Wait A": waitMs(200, [400, -100]),
          "Wait B": waitMs(200, [400, 100]),
          "After A": noOp([600, -100]),
          Join: { type: "bos.join", parameters: { inputs: 2, output: "byBranch" }, position: [800, 0] },
          Done: noOp([1000, 0]),
        },
        ["Start -> Parallel", "Parallel -> Wait A", "Parallel:1 -> Wait B", "Wait A -> After A", "After A -> Join", "Wait B -> Join:1", "Join -> Done"],
        settings,
      );

    it("runs two branches that each wait 200 ms at the same time (under 300 ms) with the sequential run's items", async () => {
      // The sequential run first: it also warms up the engine and the node code, so the timed run measures only itself.
      const sequential = await engine.run(fork({ parallelBranches: 1 }), { triggerItems: [{ json: { order: 1 } }] });
      const started = performance.now();
      const concurrent = await engine.run(fork(), { triggerItems: [{ json: { order: 1 } }] });
      const wall = performance.now() - started;
      expect(concurrent.status).toBe("success");
      const [a, b] = [concurrent.runData["Wait A"]?.[0], concurrent.runData["Wait B"]?.[0]];
      // Both waits were in flight at once: each started before the other ended.
      expect(a?.startTime).toBeLessThan(end(b));
      expect(b?.startTime).toBeLessThan(end(a));
      expect(wall).toBeLessThan(300);
      expect(jsonOf(concurrent, "Done")).toEqual([
        { branch: 0, items: [{ order: 1 }] },
        { branch: 1, items: [{ order: 1 }] },
      ]);
      expect(jsonOf(concurrent, "Done")).toEqual(jsonOf(sequential, "Done"));
      expect(order(concurrent)).toEqual(order(sequential));
      expect(end(sequential.runData["Wait A"]?.[0])).toBeLessThanOrEqual(sequential.runData["Wait B"]?.[0]?.startTime ?? 0);
    });

    it("joins with a Merge in append mode just as well, waiting for every branch", async () => {
      const workflow = doc(
        {
          Start: trigger,
          Parallel: { type: "bos.parallel", parameters: { branches: 3 } },
          "Wait A": waitMs(60, [400, -100]),
          "Wait B": waitMs(20, [400, 0]),
          "Wait C": waitMs(40, [400, 100]),
          Merge: { type: "n8n-nodes-base.merge", typeVersion: 3, parameters: { mode: "append", numberInputs: 3 }, position: [800, 0] },
        },
        ["Start -> Parallel", "Parallel -> Wait A", "Parallel:1 -> Wait B", "Parallel:2 -> Wait C", "Wait A -> Merge", "Wait B -> Merge:1", "Wait C -> Merge:2"],
      );
      const result = await engine.run(workflow, { triggerItems: [{ json: { id: 1 } }] });
      expect(result.status).toBe("success");
      expect(result.runData.Merge).toHaveLength(1);
      expect(jsonOf(result, "Merge")).toEqual([{ id: 1 }, { id: 1 }, { id: 1 }]);
      expect(result.runData["Wait B"]?.[0]?.startTime).toBeLessThan(end(result.runData["Wait A"]?.[0]));
    });

    it("fails the join and the run when a branch fails without a Try/Catch", async () => {
      const workflow = doc(
        {
          Start: trigger,
          Parallel: { type: "bos.parallel", parameters: { branches: 2 } },
          Slow: waitMs(50, [400, -100]),
          Broken: fail("branch B broke", [400, 100]),
          Join: { type: "bos.join", parameters: { inputs: 2 }, position: [800, 0] },
        },
        ["Start -> Parallel", "Parallel -> Slow", "Parallel:1 -> Broken", "Slow -> Join", "Broken -> Join:1"],
      );
      const result = await engine.run(workflow);
      expect(result.status).toBe("error");
      expect(result.error).toMatchObject({ message: "branch B broke", node: "Broken" });
      expect(result.runData.Join).toBeUndefined();
    });

    it("joins the caught error instead when a Try/Catch wraps the failing branch", async () => {
      const workflow = doc(
        {
          Start: trigger,
          Parallel: { type: "bos.parallel", parameters: { branches: 2 } },
          Slow: waitMs(50, [400, -100]),
          Guard: { type: "bos.tryCatch", position: [400, 100] },
          Broken: fail("branch B broke", [600, 100]),
          Handle: noOp([600, 300]),
          "End Guard": { type: "bos.tryEnd", position: [800, 100] },
          Join: { type: "bos.join", parameters: { inputs: 2 }, position: [1000, 0] },
        },
        ["Start -> Parallel", "Parallel -> Slow", "Parallel:1 -> Guard", "Guard -> Broken", "Broken -> End Guard", "Guard:1 -> Handle", "Handle -> End Guard", "Slow -> Join", "End Guard -> Join:1"],
      );
      const result = await engine.run(workflow, { triggerItems: [{ json: { id: 7 } }] });
      expect(result.status).toBe("success");
      expect(result.runData.Broken?.[0]?.executionStatus).toBe("error");
      expect(jsonOf(result, "Join")).toEqual([
        { id: 7 },
        { error: { message: "branch B broke", node: "Broken", name: "NodeOperationError", code: "WF_NODE_OPERATION" }, input: [{ id: 7 }] },
      ]);
    });
  });

  describe("Try/Catch", () => {
    const protectedChain = (third: Spec) =>
      doc(
        {
          Start: trigger,
          Try: { type: "bos.tryCatch", parameters: { finally: true } },
          First: noOp([400, 0]),
          Second: noOp([600, 0]),
          Third: { ...third, position: [800, 0] },
          "Try End": { type: "bos.tryEnd", position: [1000, 0] },
          After: noOp([1200, 0]),
          Handler: noOp([400, 200]),
          Cleanup: noOp([400, 400]),
        },
        ["Start -> Try", "Try -> First", "First -> Second", "Second -> Third", "Third -> Try End", "Try End -> After", "Try:1 -> Handler", "Try:2 -> Cleanup"],
      );

    it("catches an error three nodes deep, routes it with its node and input to catch, then runs finally", async () => {
      const result = await engine.run(protectedChain(fail("third node failed")), { triggerItems: [{ json: { n: 1 } }, { json: { n: 2 } }] });
      expect(result.status).toBe("success");
      expect(result.error).toBeUndefined();
      expect(order(result)).toEqual(["Start", "Try", "First", "Second", "Third", "Handler", "Cleanup"]);
      const caught = { error: { message: "third node failed", node: "Third", name: "NodeOperationError", code: "WF_NODE_OPERATION" }, input: [{ n: 1 }, { n: 2 }] };
      expect(jsonOf(result, "Handler")).toEqual([caught]);
      expect(jsonOf(result, "Cleanup")).toEqual([caught]);
      expect(result.runData.After).toBeUndefined();
    });

    it("runs finally after a try that completed, with the try's output, before what follows the region", async () => {
      const result = await engine.run(protectedChain(noOp()), { triggerItems: [{ json: { n: 1 } }] });
      expect(result.status).toBe("success");
      expect(order(result)).toEqual(["Start", "Try", "First", "Second", "Third", "Try End", "Cleanup", "After"]);
      expect(jsonOf(result, "Cleanup")).toEqual([{ n: 1 }]);
      expect(result.runData.Handler).toBeUndefined();
    });

    it("lets an error outside the region fail the run", async () => {
      const workflow = protectedChain(noOp());
      const after = workflow.nodes.find((node) => node.name === "After") as WorkflowNode;
      Object.assign(after, { type: "n8n-nodes-base.stopAndError", parameters: { errorMessage: "after the region" } });
      const result = await engine.run(workflow);
      expect(result.status).toBe("error");
      expect(result.error?.node).toBe("After");
    });

    it("still catches after a crash inside the region, resumed from a snapshot or from recorded steps", async () => {
      const workflow = protectedChain(fail("third node failed"));
      const steps: RecordedNodeRun[] = [];
      let snapshot: RunState | undefined;
      const crashed = engine.run(workflow, {
        executionId: "crash-in-region",
        hooks: {
          afterNodeRun: (event) => {
            steps.push({ node: event.node.name, runIndex: event.runIndex, task: event.task, nodeState: event.nodeState });
            if (event.node.name === "First") {
              snapshot = event.snapshot();
              throw new Error("worker lost its lease");
            }
          },
        },
      });
      await expect(crashed).rejects.toThrow("worker lost its lease");
      expect(snapshot?.tryFrames).toEqual([expect.objectContaining({ node: "Try", phase: "try" })]);
      for (const resumed of [await engine.run(workflow, { resumeState: snapshot }), await engine.run(workflow, { executionId: "crash-in-region", replay: steps })]) {
        expect(resumed.status).toBe("success");
        expect(order(resumed)).toEqual(["Start", "Try", "First", "Second", "Third", "Handler", "Cleanup"]);
        expect(resumed.state.tryFrames).toBeUndefined();
      }
    });

    it("hands an error in an inner catch branch to the outer Try/Catch", async () => {
      const workflow = doc(
        {
          Start: trigger,
          Outer: { type: "bos.tryCatch" },
          Inner: { type: "bos.tryCatch", position: [400, 0] },
          Broken: fail("inner failure", [600, 0]),
          "Inner Handler": fail("handler failed too", [600, 200]),
          "Outer Handler": noOp([400, 400]),
        },
        ["Start -> Outer", "Outer -> Inner", "Inner -> Broken", "Inner:1 -> Inner Handler", "Outer:1 -> Outer Handler"],
      );
      const result = await engine.run(workflow);
      expect(result.status).toBe("success");
      expect(order(result)).toEqual(["Start", "Outer", "Inner", "Broken", "Inner Handler", "Outer Handler"]);
      expect(jsonOf(result, "Outer Handler")?.[0]).toMatchObject({ error: { message: "handler failed too", node: "Inner Handler" } });
    });

    it("leaves a node that continues on its own errors (onError) to itself", async () => {
      const workflow = protectedChain(fail("handled by the node"));
      Object.assign(workflow.nodes.find((node) => node.name === "Third") as WorkflowNode, { onError: "continueRegularOutput" });
      const result = await engine.run(workflow, { triggerItems: [{ json: { n: 1 } }] });
      expect(result.status).toBe("success");
      expect(order(result)).toEqual(["Start", "Try", "First", "Second", "Third", "Try End", "Cleanup", "After"]);
      expect(result.runData.Handler).toBeUndefined();
    });

    it("protects a sub-workflow: its error goes to catch, its output to try, and finally gets either", async () => {
      const sub = (failing: boolean) => ({
        nodes: [
          { name: "In", type: "n8n-nodes-base.executeWorkflowTrigger", typeVersion: 1.1, position: [0, 0], parameters: { inputSource: "passthrough" } },
          failing
            ? { name: "Charge", type: "n8n-nodes-base.stopAndError", typeVersion: 1, position: [200, 0], parameters: { errorMessage: "card declined" } }
            : { name: "Charge", type: "n8n-nodes-base.noOp", typeVersion: 1, position: [200, 0], parameters: {} },
        ],
        connections: { In: { main: [[{ node: "Charge", type: "main", index: 0 }]] } },
      });
      const workflow = (failing: boolean) =>
        doc(
          {
            Start: trigger,
            Guard: { type: "bos.tryCatch", parameters: { mode: "subWorkflow", source: "parameter", workflowJson: JSON.stringify(sub(failing)), finally: true } },
            Paid: noOp([400, -100]),
            Declined: noOp([400, 100]),
            Always: noOp([400, 300]),
          },
          ["Start -> Guard", "Guard -> Paid", "Guard:1 -> Declined", "Guard:2 -> Always"],
        );
      const failed = await engine.run(workflow(true), { triggerItems: [{ json: { amount: 5 } }] });
      expect(failed.status).toBe("success");
      expect(jsonOf(failed, "Declined")).toEqual([{ error: expect.objectContaining({ message: "card declined" }), input: [{ amount: 5 }] }]);
      expect(failed.runData.Paid).toBeUndefined();
      expect(failed.runData.Always).toHaveLength(1);
      const paid = await engine.run(workflow(false), { triggerItems: [{ json: { amount: 5 } }] });
      expect(jsonOf(paid, "Paid")).toEqual([{ amount: 5 }]);
      expect(jsonOf(paid, "Always")).toEqual([{ amount: 5 }]);
      expect(paid.runData.Declined).toBeUndefined();
    });

    it("refuses a Try End that no Try/Catch opens", async () => {
      const workflow = doc({ Start: trigger, Stray: { type: "bos.tryEnd" } }, ["Start -> Stray"]);
      await expect(engine.run(workflow)).rejects.toMatchObject({ code: "WF_ENGINE_INVALID_TRY_REGION", node: "Stray" });
    });
  });

  describe("Loop", () => {
    const loop = (maxIterations: number) =>
      doc(
        { Start: trigger, Loop: { type: "bos.loop", parameters: { source: "field", field: "pages", batchSize: 1, maxIterations } }, Body: noOp([400, 200]), Done: noOp([400, -200]) },
        ["Start -> Loop", "Loop:1 -> Body", "Body -> Loop", "Loop -> Done"],
      );
    const pages = [{ json: { pages: [1, 2, 3, 4, 5] } }];

    it("iterates an array field and collects the body's results when the loop ends", async () => {
      const result = await engine.run(loop(10), { triggerItems: pages });
      expect(result.status).toBe("success");
      expect(jsonOf(result, "Done")).toEqual([1, 2, 3, 4, 5].map((value) => ({ value })));
      expect(result.runData.Body).toHaveLength(5);
    });

    it("fails with the node and the limit when the iteration guard trips", async () => {
      const result = await engine.run(loop(3), { triggerItems: pages });
      expect(result.status).toBe("error");
      expect(result.error).toMatchObject({ node: "Loop", message: 'Loop "Loop" reached its limit of 3 iterations (maxIterations)' });
      expect(result.runData.Body).toHaveLength(3);
    });
  });

  it("Wait for a webhook suspends the run; resuming continues with the payload", async () => {
    const workflow = doc({ Start: trigger, Approval: { type: "bos.wait", parameters: { mode: "webhook", timeoutSeconds: 3600 } }, Next: noOp() }, ["Start -> Approval", "Approval -> Next"]);
    const waiting = await engine.run(workflow);
    expect(waiting.status).toBe("waiting");
    expect(waiting.wait).toMatchObject({ kind: "webhook", until: expect.any(Date) });
    const resumed = await engine.resume(workflow, waiting.state, { payload: [{ json: { approved: true } }] });
    expect(resumed.status).toBe("success");
    expect(jsonOf(resumed, "Next")).toEqual([{ approved: true }]);
  });

  it("Condition sends items down true and false", async () => {
    const condition = { conditions: { options: { caseSensitive: true, leftValue: "", typeValidation: "strict", version: 2 }, combinator: "and", conditions: [{ leftValue: "={{ $json.n }}", rightValue: 1, operator: { type: "number", operation: "gt" } }] } };
    const workflow = doc({ Start: trigger, Check: { type: "bos.condition", parameters: condition }, Big: noOp([400, -100]), Small: noOp([400, 100]) }, ["Start -> Check", "Check -> Big", "Check:1 -> Small"]);
    const result = await engine.run(workflow, { triggerItems: [{ json: { n: 1 } }, { json: { n: 2 } }] });
    expect(jsonOf(result, "Big")).toEqual([{ n: 2 }]);
    expect(jsonOf(result, "Small")).toEqual([{ n: 1 }]);
  });
});
