import { NodeOperationError } from "@bos/node-sdk";
import { json, order, seed, setup } from "../__fixtures__/engine-setup";
import { workflow } from "../__fixtures__/workflow";
import type { RecordedNodeRun, RunResult, RunState, TaskData } from "../types";

/** Trigger -> Seed -> N branches (A, B, ...) of a sleep then a set, joined by a merge over every branch. */
function fanOut(branches: Array<{ ms: number; extra?: number }>, parallelBranches: number) {
  const nodes: Parameters<typeof workflow>[0] = { Start: { type: "test.trigger" }, Seed: seed([{ v: 1 }, { v: 2 }]) };
  const edges = ["Start -> Seed"];
  branches.forEach((branch, i) => {
    const name = String.fromCharCode(65 + i);
    nodes[`${name} sleep`] = { type: "test.sleep", parameters: { ms: branch.ms }, position: [400, i * 100] };
    nodes[`${name} set`] = { type: "test.set", parameters: { field: "branch", value: name }, position: [600, i * 100] };
    edges.push(`Seed -> ${name} sleep`, `${name} sleep -> ${name} set`);
    let last = `${name} set`;
    for (let k = 0; k < (branch.extra ?? 0); k++) {
      nodes[`${name} extra ${k}`] = { type: "test.noop", position: [800 + k * 100, i * 100] };
      edges.push(`${last} -> ${name} extra ${k}`);
      last = `${name} extra ${k}`;
    }
    edges.push(`${last} -> Join:${i}`);
  });
  nodes.Join = { type: "test.merge", parameters: { inputs: branches.length, required: branches.length }, position: [1200, 0] };
  nodes.After = { type: "test.noop", position: [1400, 0] };
  edges.push("Join -> After");
  return workflow(nodes, edges, { executionOrder: "v1", parallelBranches });
}

const indexes = (result: RunResult) => Object.fromEntries(Object.entries(result.runData).map(([node, runs]) => [node, runs.map((r) => r.executionIndex)]));
const end = (task: TaskData | undefined) => (task ? task.startTime + task.executionTime : NaN);

describe("concurrent branches (settings.parallelBranches)", () => {
  it("overlaps independent branches and gives the sequential run's items, node runs and executionIndex order", async () => {
    const { engine } = setup();
    const sequential = await engine.run(fanOut([{ ms: 120, extra: 2 }, { ms: 20, extra: 1 }, { ms: 60 }], 1));
    const concurrent = await engine.run(fanOut([{ ms: 120, extra: 2 }, { ms: 20, extra: 1 }, { ms: 60 }], 3));
    expect(concurrent.status).toBe("success");
    expect(order(concurrent)).toEqual(order(sequential));
    expect(indexes(concurrent)).toEqual(indexes(sequential));
    expect(json(concurrent, "After")).toEqual(json(sequential, "After"));
    // B's sleep started before A's ended: the branches ran at the same time.
    expect(concurrent.runData["B sleep"]?.[0]?.startTime).toBeLessThan(end(concurrent.runData["A sleep"]?.[0]));
    expect(sequential.runData["B sleep"]?.[0]?.startTime).toBeGreaterThanOrEqual(end(sequential.runData["A sleep"]?.[0]));
  });

  it("keeps to the limit of node runs in flight at once", async () => {
    const { engine } = setup();
    const result = await engine.run(fanOut([{ ms: 60 }, { ms: 60 }, { ms: 60 }, { ms: 60 }], 2));
    const spans = ["A", "B", "C", "D"].map((b) => result.runData[`${b} sleep`]?.[0] as TaskData);
    const overlapping = (t: number) => spans.filter((s) => s.startTime <= t && t < end(s)).length;
    expect(Math.max(...spans.map((s) => overlapping(s.startTime)))).toBeLessThanOrEqual(2);
    expect(json(result, "After")).toHaveLength(8);
  });

  it("calls afterNodeRun in the sequential order", async () => {
    const { engine } = setup();
    const seen: string[] = [];
    const result = await engine.run(fanOut([{ ms: 80 }, { ms: 5, extra: 2 }], 2), { hooks: { afterNodeRun: (e) => void seen.push(e.node.name) } });
    expect(seen).toEqual(order(result));
  });

  it("never calls the host's hooks concurrently, while the node runs themselves overlap", async () => {
    const { engine } = setup();
    let active = 0;
    let most = 0;
    const hook = async () => {
      most = Math.max(most, ++active);
      await new Promise((resolve) => setTimeout(resolve, 5));
      active--;
    };
    const result = await engine.run(fanOut([{ ms: 40 }, { ms: 40 }, { ms: 40 }], 3), { hooks: { beforeNodeRun: hook, afterNodeRun: hook } });
    expect(result.status).toBe("success");
    expect(most).toBe(1);
    expect(result.runData["B sleep"]?.[0]?.startTime).toBeLessThan(end(result.runData["A sleep"]?.[0]));
  });

  it("runs every node once even when branches finish while the host's beforeNodeRun is still busy", async () => {
    const { engine } = setup();
    const starts = new Map<string, number>();
    const doc = fanOut([{ ms: 5, extra: 2 }, { ms: 1, extra: 2 }, { ms: 3, extra: 2 }], 3);
    const result = await engine.run(doc, {
      hooks: {
        beforeNodeRun: async (e) => {
          starts.set(e.node.name, (starts.get(e.node.name) ?? 0) + 1);
          await new Promise((resolve) => setTimeout(resolve, 3));
        },
      },
    });
    expect(result.status).toBe("success");
    expect([...starts.values()].every((n) => n === 1)).toBe(true);
    expect(starts.size).toBe(Object.keys(result.runData).length);
  });

  it("fails the run on a failing branch as the sequential run does, and discards runs that went ahead of it", async () => {
    const { engine } = setup();
    const doc = fanOut([{ ms: 5 }, { ms: 80 }], 2);
    doc.nodes.push({ name: "A fail", type: "test.fail", typeVersion: 1, position: [700, 0], parameters: { message: "branch A broke" } });
    doc.connections["A set"] = { main: [[{ node: "A fail", type: "main", index: 0 }]] };
    const sequential = await engine.run({ ...doc, settings: { executionOrder: "v1", parallelBranches: 1 } });
    const concurrent = await engine.run(doc);
    expect(concurrent.status).toBe("error");
    expect(concurrent.error).toMatchObject({ message: "branch A broke", node: "A fail" });
    expect(order(concurrent)).toEqual(order(sequential));
    expect(concurrent.runData["B sleep"]).toBeUndefined();
  });

  it("resumes every unfinished branch after a crash mid-way, from a snapshot or from recorded steps", async () => {
    const { engine } = setup();
    const doc = fanOut([{ ms: 30, extra: 1 }, { ms: 10, extra: 2 }], 2);
    const expected = await engine.run(doc);
    const steps: RecordedNodeRun[] = [];
    let snapshot: RunState | undefined;
    const crash = engine.run(doc, {
      executionId: "crashing",
      hooks: {
        afterNodeRun: (e) => {
          steps.push({ node: e.node.name, runIndex: e.runIndex, task: e.task, nodeState: e.nodeState });
          if (e.node.name === "A set") {
            snapshot = e.snapshot();
            throw new NodeOperationError("worker lost its lease");
          }
        },
      },
    });
    await expect(crash).rejects.toThrow("worker lost its lease");
    const fromSnapshot = await engine.run(doc, { resumeState: snapshot });
    const fromSteps = await engine.run(doc, { executionId: "crashing", replay: steps });
    for (const resumed of [fromSnapshot, fromSteps]) {
      expect(resumed.status).toBe("success");
      expect(order(resumed)).toEqual(order(expected));
      expect(json(resumed, "After")).toEqual(json(expected, "After"));
    }
  });

  it("keeps node state per branch (a loop inside a branch) as the sequential run does", async () => {
    const { engine } = setup();
    const doc = workflow(
      {
        Start: { type: "test.trigger" },
        Seed: seed([{ n: 1 }, { n: 2 }, { n: 3 }]),
        Loop: { type: "test.loop", position: [400, 0] },
        Body: { type: "test.sleep", parameters: { ms: 5 }, position: [600, 0] },
        Other: { type: "test.sleep", parameters: { ms: 40 }, position: [400, 300] },
        Count: { type: "test.state", position: [600, 300] },
      },
      ["Start -> Seed", "Seed -> Loop", "Loop:1 -> Body", "Body -> Loop", "Seed -> Other", "Other -> Count"],
      { executionOrder: "v1", parallelBranches: 2 },
    );
    const concurrent = await engine.run(doc);
    const sequential = await engine.run({ ...doc, settings: { executionOrder: "v1" } });
    expect(order(concurrent)).toEqual(order(sequential));
    expect(indexes(concurrent)).toEqual(indexes(sequential));
    expect(json(concurrent, "Loop", 3)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(concurrent.state.nodeStates).toEqual(sequential.state.nodeStates);
  });

  it("sleeps short timed waits in-process when the host allows it, so waiting branches overlap", async () => {
    const { engine } = setup({ inProcessWaitMs: 1000 });
    const doc = workflow(
      { Start: { type: "test.trigger" }, A: { type: "test.delay", parameters: { ms: 100 }, position: [200, 0] }, B: { type: "test.delay", parameters: { ms: 100 }, position: [200, 100] } },
      ["Start -> A", "Start -> B"],
      { executionOrder: "v1", parallelBranches: 2 },
    );
    const result = await engine.run(doc);
    expect(result.status).toBe("success");
    expect(result.runData.B?.[0]?.startTime).toBeLessThan(end(result.runData.A?.[0]));
    const { engine: suspending } = setup();
    expect((await suspending.run(doc)).status).toBe("waiting");
  });

  it("runs v0 workflows sequentially whatever the setting", async () => {
    const { engine } = setup();
    const doc = fanOut([{ ms: 30 }, { ms: 5 }], 2);
    doc.settings = { executionOrder: "v0", parallelBranches: 2 };
    const result = await engine.run(doc);
    expect(result.runData["B sleep"]?.[0]?.startTime).toBeGreaterThanOrEqual(end(result.runData["A sleep"]?.[0]));
  });
});
