import { NodeRegistry, type AnyNodeType, type ExecuteContext } from "@bos/node-sdk";
import type { WorkflowDocument } from "@bos/workflow-schema";
import { json, seed, setup } from "../__fixtures__/engine-setup";
import { testNodes } from "../__fixtures__/test-nodes";
import { workflow } from "../__fixtures__/workflow";
import type { BeforeNodeRunEvent } from "../types";

/** Execute Workflow in miniature: its side effects are its sub-workflow's (inline `workflow` or `workflowId`). */
const delegatingCall: AnyNodeType = {
  description: {
    type: "test.subCall",
    versions: [1],
    displayName: "subCall",
    group: ["test"],
    description: "calls a sub-workflow",
    defaults: { name: "subCall" },
    inputs: 1,
    outputs: 1,
    parameters: [],
    sideEffects: {
      subworkflow: (p) => (p.workflow ? { kind: "inline", workflow: p.workflow } : typeof p.workflowId === "string" && !p.workflowId.startsWith("=") ? { kind: "id", id: p.workflowId } : undefined),
    },
  },
  async execute(ctx: ExecuteContext) {
    const workflow = ctx.node.parameters?.workflow as WorkflowDocument | undefined;
    const id = ctx.node.parameters?.workflowId as string;
    const result = await ctx.executeWorkflow({ source: workflow ? { kind: "inline", workflow } : { kind: "id", id }, items: ctx.getInputItems(), wait: true });
    return [result.outputs[0] ?? []];
  },
};

const publish: AnyNodeType = {
  description: { ...delegatingCall.description, type: "test.publish", sideEffects: "none" },
  async execute(ctx: ExecuteContext) {
    return { kind: "outputs", outputs: [ctx.getInputItems()], metadata: { events: [{ type: "a.b", id: "e1", data: { n: 1 }, occurredAt: "2026-01-01T00:00:00.000Z" }] } as never };
  },
};

const registry = () => new NodeRegistry().register(...testNodes, delegatingCall, publish);

const subWithHttp = workflow({ In: { type: "test.subTrigger" }, Send: { type: "test.http" } }, ["In -> Send"]);
const pureSub = workflow({ In: { type: "test.subTrigger" }, Mark: { type: "test.set", parameters: { field: "sub", value: "yes" } } }, ["In -> Mark"]);

describe("dry runs: simulated effects", () => {
  it("lists every simulated effect in run order, and downstream nodes run on the simulated output", async () => {
    const { engine } = setup({ registry: registry() });
    const doc = workflow(
      { Start: { type: "test.trigger" }, Seed: seed([{ n: 1 }, { n: 2 }]), Send: { type: "test.http" }, After: { type: "test.set", parameters: { field: "after", value: "x" } } },
      ["Start -> Seed", "Seed -> Send", "Send -> After"],
    );
    const result = await engine.run(doc, { mode: "dry-run", executionId: "ex" });
    expect(result.status).toBe("success");
    expect(json(result, "After")).toEqual([
      { n: 1, simulated: true, after: "x" },
      { n: 2, simulated: true, after: "x" },
    ]);
    expect(result.simulatedEffects).toEqual([
      { executionId: "ex", node: "Send", nodeType: "test.http", runIndex: 0, itemIndex: 0, kind: "effect", details: { n: 1 } },
      { executionId: "ex", node: "Send", nodeType: "test.http", runIndex: 0, itemIndex: 1, kind: "effect", details: { n: 2 } },
    ]);
  });

  it("uses pinned data in place of a node with side effects: nothing is simulated for it", async () => {
    const { engine } = setup({ registry: registry() });
    const doc = { ...workflow({ Start: { type: "test.trigger" }, Send: { type: "test.write" }, After: { type: "test.noop" } }, ["Start -> Send", "Send -> After"]), pinData: { Send: [{ json: { pinned: true } }] } };
    const result = await engine.run(doc, { mode: "dry-run" });
    expect(result.status).toBe("success");
    expect(json(result, "After")).toEqual([{ pinned: true }]);
    expect(result.simulatedEffects).toEqual([]);
  });

  it("runs a sub-workflow as a dry run and reports its effects under the sub-execution's id", async () => {
    const { engine } = setup({ registry: registry() });
    const doc = workflow({ Start: { type: "test.trigger" }, Call: { type: "test.subCall", parameters: { workflow: subWithHttp } } }, ["Start -> Call"]);
    const result = await engine.run(doc, { mode: "dry-run", executionId: "ex" });
    expect(result.status).toBe("success");
    expect(json(result, "Call")).toEqual([{ simulated: true }]);
    expect(result.simulatedEffects).toEqual([{ executionId: "ex/Call/0/0", node: "Send", nodeType: "test.http", runIndex: 0, itemIndex: 0, kind: "effect", details: {} }]);
  });

  it("keeps a node's outbox events unpublished in a dry run and lists them as effects", async () => {
    const { engine } = setup({ registry: registry() });
    const doc = workflow({ Start: { type: "test.trigger" }, Publish: { type: "test.publish" } }, ["Start -> Publish"]);
    const result = await engine.run(doc, { mode: "dry-run", executionId: "ex" });
    expect(result.runData.Publish?.[0]?.metadata).toEqual({ simulatedEffects: [{ executionId: "ex", node: "Publish", nodeType: "test.publish", runIndex: 0, itemIndex: 0, kind: "event", details: { type: "a.b", id: "e1", data: { n: 1 } } }] });
    expect(result.simulatedEffects).toHaveLength(1);
    const normal = await engine.run(doc, { mode: "manual" });
    expect(normal.runData.Publish?.[0]?.metadata).toMatchObject({ events: [{ type: "a.b" }] });
    expect(normal.simulatedEffects).toBeUndefined();
  });
});

describe("side effects of sub-workflow calls are computed from the sub-workflow", () => {
  async function sideEffectsOfCall(parameters: Record<string, unknown>, stored: Record<string, WorkflowDocument> = {}) {
    const { engine } = setup({ registry: registry(), workflowLoader: { load: async (id) => stored[id] } });
    const seen: BeforeNodeRunEvent[] = [];
    const doc = { ...workflow({ Start: { type: "test.trigger" }, Call: { type: "test.subCall", parameters } }, ["Start -> Call"]), id: "parent" };
    await engine.run(doc, { hooks: { beforeNodeRun: (event) => void seen.push(event) } });
    return seen.find((e) => e.node.name === "Call")?.sideEffects;
  }

  it("says no for an inline sub-workflow of pure nodes and yes for one with an HTTP write", async () => {
    expect(await sideEffectsOfCall({ workflow: pureSub })).toBe(false);
    expect(await sideEffectsOfCall({ workflow: subWithHttp })).toBe(true);
  });

  it("loads stored sub-workflows by id and checks nested calls recursively", async () => {
    const nested = workflow({ In: { type: "test.subTrigger" }, Deeper: { type: "test.subCall", parameters: { workflowId: "leaf" } } }, ["In -> Deeper"]);
    expect(await sideEffectsOfCall({ workflowId: "mid" }, { mid: nested, leaf: pureSub })).toBe(false);
    expect(await sideEffectsOfCall({ workflowId: "mid" }, { mid: nested, leaf: subWithHttp })).toBe(true);
  });

  it("counts a sub-workflow it cannot know (missing, or chosen by an expression) as having side effects", async () => {
    expect(await sideEffectsOfCall({ workflowId: "missing" })).toBe(true);
    expect(await sideEffectsOfCall({ workflowId: "={{ $json.id }}" })).toBe(true);
  });

  it("does not loop on workflows that call each other", async () => {
    const a = workflow({ In: { type: "test.subTrigger" }, CallB: { type: "test.subCall", parameters: { workflowId: "b" } } }, ["In -> CallB"]);
    const b = workflow({ In: { type: "test.subTrigger" }, CallA: { type: "test.subCall", parameters: { workflowId: "a" } } }, ["In -> CallA"]);
    expect(await sideEffectsOfCall({ workflowId: "a" }, { a, b })).toBe(false);
  });
});
