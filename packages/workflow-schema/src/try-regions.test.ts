import type { WorkflowDocument } from "./document";
import { testRegistry } from "./__fixtures__/test-registry";
import { tryRegionOf, unmatchedTryEnds } from "./try-regions";
import { validateWorkflow } from "./validate-workflow";

function doc(nodes: Array<[string, string, Record<string, unknown>?]>, edges: string[]): WorkflowDocument {
  const connections: WorkflowDocument["connections"] = {};
  for (const edge of edges) {
    const [from, to] = edge.split("->").map((s) => s.trim()) as [string, string];
    const [source, output = "0"] = from.split(":") as [string, string?];
    const main = ((connections[source] ??= { main: [] }).main ??= []);
    while (main.length <= Number(output)) main.push([]);
    main[Number(output)]?.push({ node: to, type: "main", index: 0 });
  }
  return { name: "regions", nodes: nodes.map(([name, type, parameters = {}], i) => ({ name, type, typeVersion: 1, position: [i * 200, 0], parameters })), connections };
}

describe("Try/Catch regions in a document", () => {
  const nested = doc(
    [
      ["Start", "n8n-nodes-base.manualTrigger"],
      ["Outer", "bos.tryCatch"],
      ["Inner", "bos.tryCatch"],
      ["Work", "n8n-nodes-base.noOp"],
      ["Inner End", "bos.tryEnd"],
      ["Outer End", "bos.tryEnd"],
      ["After", "n8n-nodes-base.noOp"],
    ],
    ["Start -> Outer", "Outer -> Inner", "Inner -> Work", "Work -> Inner End", "Inner End -> Outer End", "Outer End -> After"],
  );

  it("walks from the try output to the matching Try End, nested regions included", () => {
    expect(tryRegionOf(nested, "Outer", 0)).toEqual({ body: new Set(["Inner", "Work", "Inner End", "Outer End"]), ends: new Set(["Outer End"]) });
    expect(tryRegionOf(nested, "Inner", 0)).toEqual({ body: new Set(["Work", "Inner End"]), ends: new Set(["Inner End"]) });
    expect(unmatchedTryEnds(nested)).toEqual([]);
  });

  it("finds Try End nodes that close nothing, and validation reports them with the node", () => {
    const stray = doc(
      [
        ["Start", "n8n-nodes-base.manualTrigger"],
        ["Work", "n8n-nodes-base.noOp"],
        ["Stray End", "bos.tryEnd"],
      ],
      ["Start -> Work", "Work -> Stray End"],
    );
    expect(unmatchedTryEnds(stray)).toEqual(["Stray End"]);
    const issue = validateWorkflow(stray, testRegistry, { purpose: "publish" }).issues.find((i) => i.code === "WF_SCHEMA_TRY_END_UNMATCHED");
    expect(issue).toMatchObject({ node: "Stray End", path: "nodes[2]", severity: "error" });
    expect(issue?.message).toContain(`Try End "Stray End" closes no Try/Catch`);
  });
});
