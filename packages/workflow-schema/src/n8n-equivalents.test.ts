import type { WorkflowDocument, WorkflowNode } from "./document";
import { exportN8nWorkflowWithReport } from "./n8n-export";

function doc(nodes: Array<Pick<WorkflowNode, "name" | "type"> & Partial<WorkflowNode>>, edges: string[]): WorkflowDocument {
  const connections: WorkflowDocument["connections"] = {};
  for (const edge of edges) {
    const [from, to] = edge.split("->").map((s) => s.trim()) as [string, string];
    const [source, output = "0"] = from.split(":") as [string, string?];
    const [target, input = "0"] = to.split(":") as [string, string?];
    const main = ((connections[source] ??= { main: [] }).main ??= []);
    while (main.length <= Number(output)) main.push([]);
    main[Number(output)]?.push({ node: target, type: "main", index: Number(input) });
  }
  return { name: "export", nodes: nodes.map((n, i) => ({ typeVersion: 1, position: [i * 200, 0] as [number, number], parameters: {}, ...n })), connections };
}

type Exported = { nodes: Array<Record<string, unknown>>; connections: Record<string, { main: Array<Array<{ node: string; index: number }>> }> };
const exported = (d: WorkflowDocument) => {
  const { workflow, report } = exportN8nWorkflowWithReport(d);
  const out = workflow as unknown as Exported;
  const node = (name: string) => out.nodes.find((n) => n.name === name) as Record<string, unknown>;
  const targets = (name: string, output = 0) => out.connections[name]?.main[output]?.map((t) => t.node);
  return { out, report, node, targets };
};

describe("exporting our control-flow nodes to n8n", () => {
  it("gives Condition, Loop, Wait, Parallel and Join their nearest n8n nodes and reports each", () => {
    const { node, targets, report } = exported(
      doc(
        [
          { name: "Start", type: "n8n-nodes-base.manualTrigger" },
          { name: "Check", type: "bos.condition", parameters: { conditions: { conditions: [], combinator: "and" } } },
          { name: "Fork", type: "bos.parallel", parameters: { branches: 2 } },
          { name: "Pause", type: "bos.wait", parameters: { mode: "duration", amount: 1500, unit: "milliseconds" } },
          { name: "Hold", type: "bos.wait", parameters: { mode: "event", eventType: "order.paid" } },
          { name: "Join", type: "bos.join", parameters: { inputs: 2, output: "byBranch" } },
          { name: "Loop", type: "bos.loop", parameters: { source: "field", field: "lines", batchSize: 5, maxIterations: 10 } },
        ],
        ["Start -> Check", "Check -> Fork", "Fork -> Pause", "Fork:1 -> Hold", "Pause -> Join", "Hold -> Join:1", "Join -> Loop"],
      ),
    );
    expect(node("Check")).toMatchObject({ type: "n8n-nodes-base.if", typeVersion: 2.2, parameters: { conditions: { conditions: [], combinator: "and" } } });
    expect(node("Fork")).toMatchObject({ type: "n8n-nodes-base.noOp", typeVersion: 1, parameters: {} });
    expect(targets("Fork")).toEqual(["Pause", "Hold"]);
    expect(node("Pause")).toMatchObject({ type: "n8n-nodes-base.wait", typeVersion: 1.1, parameters: { resume: "timeInterval", amount: 1.5, unit: "seconds" } });
    expect(node("Hold")).toMatchObject({ parameters: { resume: "webhook" } });
    expect(node("Join")).toMatchObject({ type: "n8n-nodes-base.merge", typeVersion: 3, parameters: { mode: "append", numberInputs: 2 } });
    expect(node("Loop")).toMatchObject({ type: "n8n-nodes-base.splitInBatches", typeVersion: 3, parameters: { batchSize: 5, options: {} } });
    expect(report.mapped.map((m) => [m.node, m.from, m.to])).toEqual([
      ["Check", "bos.condition", "n8n-nodes-base.if"],
      ["Fork", "bos.parallel", "n8n-nodes-base.noOp"],
      ["Pause", "bos.wait", "n8n-nodes-base.wait"],
      ["Hold", "bos.wait", "n8n-nodes-base.wait"],
      ["Join", "bos.join", "n8n-nodes-base.merge"],
      ["Loop", "bos.loop", "n8n-nodes-base.splitInBatches"],
    ]);
    const note = (name: string) => report.mapped.find((m) => m.node === name)?.note;
    expect(note("Hold")).toContain("cannot resume on the event 'order.paid'");
    expect(note("Loop")).toContain("maxIterations was dropped");
    expect(note("Loop")).toContain("Split Out node on that field");
    expect(note("Join")).toContain("appended");
  });

  it("turns a Try/Catch region into error outputs wired to the catch branch, finally after the Try End", () => {
    const { node, targets, report } = exported(
      doc(
        [
          { name: "Start", type: "n8n-nodes-base.manualTrigger" },
          { name: "Try", type: "bos.tryCatch", parameters: { finally: true } },
          { name: "Fetch", type: "n8n-nodes-base.httpRequest", typeVersion: 4.2 },
          { name: "Save", type: "n8n-nodes-base.noOp" },
          { name: "End", type: "bos.tryEnd" },
          { name: "Handle", type: "n8n-nodes-base.noOp" },
          { name: "Cleanup", type: "n8n-nodes-base.noOp" },
        ],
        ["Start -> Try", "Try -> Fetch", "Fetch -> Save", "Save -> End", "Try:1 -> Handle", "Try:2 -> Cleanup"],
      ),
    );
    expect(node("Try")).toMatchObject({ type: "n8n-nodes-base.noOp" });
    expect(targets("Try")).toEqual(["Fetch"]);
    expect(targets("Try", 1)).toBeUndefined();
    for (const name of ["Fetch", "Save"]) {
      expect(node(name).onError).toBe("continueErrorOutput");
      expect(targets(name, 1)).toEqual(["Handle"]);
    }
    expect(node("End")).toMatchObject({ type: "n8n-nodes-base.noOp" });
    expect(node("End").onError).toBeUndefined();
    expect(targets("End")).toEqual(["Cleanup"]);
    expect(report.mapped.find((m) => m.node === "Try")?.note).toContain("onError continueErrorOutput");
  });

  it("turns a sub-workflow Try/Catch into Execute Workflow with its error output as the catch branch", () => {
    const { node, targets } = exported(
      doc(
        [
          { name: "Start", type: "n8n-nodes-base.manualTrigger" },
          { name: "Guard", type: "bos.tryCatch", parameters: { mode: "subWorkflow", source: "database", workflowId: "42", finally: true } },
          { name: "Ok", type: "n8n-nodes-base.noOp" },
          { name: "Failed", type: "n8n-nodes-base.noOp" },
          { name: "Always", type: "n8n-nodes-base.noOp" },
        ],
        ["Start -> Guard", "Guard -> Ok", "Guard:1 -> Failed", "Guard:2 -> Always"],
      ),
    );
    expect(node("Guard")).toMatchObject({ type: "n8n-nodes-base.executeWorkflow", typeVersion: 1, onError: "continueErrorOutput", parameters: { source: "database", workflowId: "42" } });
    expect(targets("Guard")).toEqual(["Ok", "Always"]);
    expect(targets("Guard", 1)).toEqual(["Failed", "Always"]);
  });

  it("leaves workflows without our nodes as they were, with an empty report", () => {
    const original = doc([{ name: "Start", type: "n8n-nodes-base.manualTrigger" }, { name: "Next", type: "n8n-nodes-base.noOp" }], ["Start -> Next"]);
    const { out, report } = exported(original);
    expect(report.mapped).toEqual([]);
    expect(out.nodes.map((n) => n.type)).toEqual(["n8n-nodes-base.manualTrigger", "n8n-nodes-base.noOp"]);
  });
});
