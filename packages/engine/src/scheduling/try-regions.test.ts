import { workflow } from "../__fixtures__/workflow";
import { InvalidTryRegionError } from "../errors";
import { buildWorkflowGraph } from "../graph/workflow-graph";
import { caughtErrorItem, regionFrom, tryRegionsOf } from "./try-regions";

const t = (type: string, parameters: Record<string, unknown> = {}) => ({ type, parameters });

describe("Try/Catch regions", () => {
  const nested = buildWorkflowGraph(
    workflow(
      {
        Outer: t("bos.tryCatch"),
        A: t("x"),
        Inner: t("bos.tryCatch"),
        B: t("x"),
        "Inner End": t("bos.tryEnd"),
        C: t("x"),
        "Outer End": t("bos.tryEnd"),
        After: t("x"),
        Handle: t("x"),
        "Inner Handle": t("x"),
      },
      ["Outer -> A", "A -> Inner", "Inner -> B", "B -> Inner End", "Inner:1 -> Inner Handle", "Inner End -> C", "C -> Outer End", "Outer End -> After", "Outer:1 -> Handle"],
    ),
  );

  it("runs from the try output to the matching Try End, counting nested regions", () => {
    const outer = regionFrom(nested, "Outer", 0);
    expect([...outer.body].sort()).toEqual(["A", "B", "C", "Inner", "Inner End", "Inner Handle", "Outer End"]);
    expect([...outer.ends]).toEqual(["Outer End"]);
    const inner = regionFrom(nested, "Inner", 0);
    expect([...inner.body].sort()).toEqual(["B", "Inner End"]);
    expect([...inner.ends]).toEqual(["Inner End"]);
  });

  it("lists every region with its catch branch; without a Try End a region runs to the end of the branch", () => {
    const regions = tryRegionsOf(nested);
    expect([...regions.keys()]).toEqual(["Outer", "Inner"]);
    expect([...(regions.get("Outer")?.catchBody ?? [])]).toEqual(["Handle"]);
    const open = buildWorkflowGraph(workflow({ T: t("bos.tryCatch"), A: t("x"), B: t("x") }, ["T -> A", "A -> B"]));
    expect([...(tryRegionsOf(open).get("T")?.body ?? [])]).toEqual(["A", "B"]);
  });

  it("ignores sub-workflow Try/Catch nodes, which protect no region here", () => {
    const graph = buildWorkflowGraph(workflow({ T: t("bos.tryCatch", { mode: "subWorkflow" }), A: t("x") }, ["T -> A"]));
    expect(tryRegionsOf(graph).size).toBe(0);
  });

  it("rejects a Try End that no Try/Catch opens, naming it", () => {
    const graph = buildWorkflowGraph(workflow({ A: t("x"), Stray: t("bos.tryEnd") }, ["A -> Stray"]));
    expect(() => tryRegionsOf(graph)).toThrow(InvalidTryRegionError);
    expect(() => tryRegionsOf(graph)).toThrow('Try End "Stray" closes no Try/Catch');
  });

  it("builds the caught item from the task error and the failing node's input", () => {
    expect(caughtErrorItem({ message: "boom", name: "NodeOperationError", node: "B", code: "WF_NODE_OPERATION" }, "B", [{ json: { a: 1 } }])).toEqual({
      json: { error: { message: "boom", node: "B", name: "NodeOperationError", code: "WF_NODE_OPERATION" }, input: [{ a: 1 }] },
    });
  });
});
