import { json, seed, setup } from "../__fixtures__/engine-setup";
import { workflow } from "../__fixtures__/workflow";
import { DebugSession } from "./debug-session";

const doc = () =>
  workflow(
    {
      Start: { type: "test.trigger" },
      Seed: seed([{ n: 1 }, { n: 2, flag: true }]),
      A: { type: "test.set", parameters: { field: "a", value: "1" } },
      B: { type: "test.set", parameters: { field: "b", value: "2" } },
      C: { type: "test.noop" },
    },
    ["Start -> Seed", "Seed -> A", "A -> B", "B -> C"],
  );

function sessionDeps() {
  const { engine, sandboxes } = setup();
  const ran: string[] = [];
  return { deps: { engine, sandboxPool: sandboxes, hooks: { afterNodeRun: (e: { node: { name: string } }) => void ran.push(e.node.name) } }, ran };
}

describe("debug sessions", () => {
  it("stops at a breakpoint with the node's input, steps twice, then continues to the end", async () => {
    const { deps, ran } = sessionDeps();
    const session = await DebugSession.start(deps, doc(), { breakpoints: [{ node: "A" }], executionId: "dbg" });
    let report = session.report();
    expect(report).toMatchObject({ status: "paused", pause: { node: "A", runIndex: 0, reason: "breakpoint" } });
    expect(report.pause?.input?.[0]?.map((item) => item.json)).toEqual([{ n: 1 }, { n: 2, flag: true }]);
    expect(Object.keys(report.runData)).toEqual(["Start", "Seed"]);

    report = await session.step();
    expect(report.pause).toMatchObject({ node: "B", reason: "step" });
    expect(json({ runData: report.runData } as never, "A")).toEqual([
      { n: 1, a: "1" },
      { n: 2, flag: true, a: "1" },
    ]);
    report = await session.step();
    expect(report.pause).toMatchObject({ node: "C", reason: "step" });

    report = await session.continue();
    expect(report.status).toBe("success");
    expect(report.pause).toBeUndefined();
    expect(json({ runData: report.runData } as never, "C")).toEqual([
      { n: 1, a: "1", b: "2" },
      { n: 2, flag: true, a: "1", b: "2" },
    ]);
    expect(ran).toEqual(["Start", "Seed", "A", "B", "C"]);
    await expect(session.step()).rejects.toMatchObject({ code: "WF_ENGINE_DEBUG_SESSION" });
  });

  it("survives a restart of its host: the saved state continues in a fresh engine", async () => {
    const first = sessionDeps();
    const session = await DebugSession.start(first.deps, doc(), { breakpoints: [{ node: "A" }] });
    await session.step();
    const saved = JSON.stringify(session.state);

    const second = sessionDeps();
    const restored = DebugSession.restore(second.deps, doc(), JSON.parse(saved));
    expect(restored.report().pause).toMatchObject({ node: "B", reason: "step" });
    const report = await restored.continue();
    expect(report.status).toBe("success");
    expect(second.ran).toEqual(["B", "C"]);
    expect(Object.keys(report.runData)).toEqual(["Start", "Seed", "A", "B", "C"]);
  });

  it("stops at a conditional breakpoint only when the condition holds for an input item, naming the item", async () => {
    const { deps } = sessionDeps();
    const holds = await DebugSession.start(deps, doc(), { breakpoints: [{ node: "A", condition: "$json.flag" }] });
    expect(holds.report().pause).toMatchObject({ node: "A", reason: "breakpoint", matchedItem: 1 });
    const never = await DebugSession.start(deps, doc(), { breakpoints: [{ node: "A", condition: "$json.missing" }] });
    expect(never.status).toBe("success");
  });

  it("runs to a named node, sets and clears breakpoints, and aborts", async () => {
    const { deps } = sessionDeps();
    const session = await DebugSession.start(deps, doc(), { breakpoints: [{ node: "Seed" }] });
    expect(session.report().pause?.node).toBe("Seed");
    expect((await session.runTo("C")).pause).toMatchObject({ node: "C", reason: "run-to" });
    expect(() => session.runTo("Nope")).toThrow(expect.objectContaining({ code: "WF_ENGINE_DEBUG_SESSION" }));
    session.setBreakpoint({ node: "B" });
    session.clearBreakpoint("Seed");
    expect(session.report().breakpoints).toEqual([{ node: "B" }]);
    expect(session.abort().status).toBe("aborted");
    await expect(session.continue()).rejects.toMatchObject({ code: "WF_ENGINE_DEBUG_SESSION" });
  });

  it("ends with the failing node's error, and steps over a Wait by resuming it", async () => {
    const { deps } = sessionDeps();
    const failing = workflow({ Start: { type: "test.trigger" }, Boom: { type: "test.fail", parameters: { message: "no" } } }, ["Start -> Boom"]);
    const failed = await DebugSession.start(deps, failing, { breakpoints: [{ node: "Boom" }] });
    const report = await failed.step();
    expect(report).toMatchObject({ status: "error", error: { message: "no", node: "Boom" } });

    const waiting = workflow({ Start: { type: "test.trigger" }, Hold: { type: "test.wait" }, After: { type: "test.noop" } }, ["Start -> Hold", "Hold -> After"]);
    const session = await DebugSession.start(deps, waiting, { breakpoints: [{ node: "Hold" }] });
    expect((await session.step()).status).toBe("waiting");
    const resumed = await session.step();
    expect(resumed).toMatchObject({ status: "paused", pause: { node: "After", reason: "step" } });
    expect((await session.continue()).status).toBe("success");
  });

  it("refuses a state that is not a debug session", () => {
    const { deps } = sessionDeps();
    expect(() => DebugSession.restore(deps, doc(), { version: 1 })).toThrow(expect.objectContaining({ code: "WF_ENGINE_DEBUG_SESSION" }));
  });
});
