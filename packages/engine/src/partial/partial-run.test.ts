import { json, order, seed, setup } from "../__fixtures__/engine-setup";
import { workflow } from "../__fixtures__/workflow";

const chain = () =>
  workflow(
    {
      Start: { type: "test.trigger" },
      Seed: seed([{ n: 1 }, { n: 2 }]),
      Middle: { type: "test.set", parameters: { field: "middle", value: "={{ $json.n }}" } },
      After: { type: "test.set", parameters: { field: "after", value: "done" } },
      Other: { type: "test.noop" },
    },
    ["Start -> Seed", "Seed -> Middle", "Middle -> After", "Seed -> Other"],
  );

describe("partial runs: from a node", () => {
  it("runs a middle node and its descendants on a previous execution's run data, without re-running its parents", async () => {
    const { engine } = setup();
    const doc = chain();
    const first = await engine.run(doc, { mode: "manual" });
    const partial = await engine.runPartial(doc, { from: "Middle", runData: { Start: first.runData.Start!, Seed: [{ ...first.runData.Seed![0]!, data: { main: [[{ json: { n: 7 } }]] } }] } });
    expect(partial.status).toBe("success");
    expect(order(partial)).toEqual(["Start", "Seed", "Middle", "After"]);
    expect(partial.runData.Seed).toHaveLength(1);
    expect(json(partial, "After")).toEqual([{ n: 7, middle: 7, after: "done" }]);
    expect(partial.runData.Other).toBeUndefined();
    expect(partial.runData.Middle?.[0]?.source).toEqual([{ previousNode: "Seed" }]);
    expect(partial.runData.Middle?.[0]?.executionIndex).toBeGreaterThan(partial.runData.Seed![0]!.executionIndex);
  });

  it("takes a parent's pinned data when there is no run data for it", async () => {
    const { engine } = setup();
    const doc = { ...chain(), pinData: { Seed: [{ json: { n: 3 } }] } };
    const partial = await engine.runPartial(doc, { from: "Middle" });
    expect(json(partial, "After")).toEqual([{ n: 3, middle: 3, after: "done" }]);
  });

  it("feeds a later merge's other input from the earlier run data", async () => {
    const { engine } = setup();
    const doc = workflow(
      { Start: { type: "test.trigger" }, A: seed([{ a: 1 }]), B: seed([{ b: 1 }]), Mark: { type: "test.set", parameters: { field: "m", value: "x" } }, Join: { type: "test.strictMerge" } },
      ["Start -> A", "Start -> B", "A -> Mark", "Mark -> Join", "B -> Join:1"],
    );
    const first = await engine.run(doc);
    const partial = await engine.runPartial(doc, { from: "Mark", runData: first.runData });
    expect(partial.status).toBe("success");
    expect(json(partial, "Join")).toEqual([{ a: 1, m: "x" }, { b: 1 }]);
    expect(partial.runData.B).toHaveLength(1);
  });

  it("refuses to start when a parent has neither run data nor pinned data, naming it", async () => {
    const { engine } = setup();
    await expect(engine.runPartial(chain(), { from: "Middle" })).rejects.toMatchObject({ code: "WF_ENGINE_PARTIAL_RUN", message: expect.stringContaining('"Seed"') });
    await expect(engine.runPartial(chain(), { from: "Nope" })).rejects.toMatchObject({ code: "WF_ENGINE_PARTIAL_RUN" });
  });
});

describe("partial runs: up to a node", () => {
  it("runs only the node and its ancestors", async () => {
    const { engine } = setup();
    const result = await engine.runPartial(chain(), { to: "Middle" });
    expect(result.status).toBe("success");
    expect(order(result)).toEqual(["Start", "Seed", "Middle"]);
    expect(json(result, "Middle")).toEqual([
      { n: 1, middle: 1 },
      { n: 2, middle: 2 },
    ]);
  });

  it("combines from and to: only the nodes between them run", async () => {
    const { engine } = setup();
    const doc = chain();
    const first = await engine.run(doc);
    const result = await engine.runPartial(doc, { from: "Middle", to: "Middle", runData: first.runData });
    expect(order(result)).toEqual(["Start", "Seed", "Middle"]);
    await expect(engine.runPartial(doc, { from: "After", to: "Middle", runData: first.runData })).rejects.toMatchObject({ code: "WF_ENGINE_PARTIAL_RUN" });
    await expect(engine.runPartial(doc, { to: "Nope" })).rejects.toMatchObject({ code: "WF_ENGINE_PARTIAL_RUN" });
  });
});
