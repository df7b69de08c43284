import { readFileSync } from "node:fs";
import { join } from "node:path";
import { testRegistry } from "./__fixtures__/test-registry";
import { canonicalJson } from "./canonical-json";
import { exportN8nWorkflow } from "./n8n-export";
import { importN8nWorkflow, type ImportedWorkflow } from "./n8n-import";
import { normalizeWorkflow } from "./normalize-workflow";

const read = (name: string): unknown => JSON.parse(readFileSync(join(__dirname, "__fixtures__", name), "utf8"));

function importOne(input: unknown): ImportedWorkflow {
  const result = importN8nWorkflow(input, testRegistry);
  if (!result.ok) throw new Error(`import failed: ${JSON.stringify(result.issues)}`);
  expect(result.workflows).toHaveLength(1);
  return result.workflows[0] as ImportedWorkflow;
}

describe("importN8nWorkflow", () => {
  it("keeps a 0.x file as it was, so export gives it back unchanged", () => {
    const file = read("n8n/legacy-0x.json");
    const imported = importOne(file);
    expect(canonicalJson(exportN8nWorkflow(imported.document))).toBe(canonicalJson(file));
  });

  it("reports each node as supported, mapped or unsupported", () => {
    const { report } = importOne(read("n8n/legacy-0x.json"));
    expect(report.nodes.map((n) => [n.node, n.status, n.mappedTo])).toEqual([
      ["Start", "mapped", "n8n-nodes-base.manualTrigger"],
      ["Cron", "mapped", "n8n-nodes-base.scheduleTrigger"],
      ["Function", "mapped", "n8n-nodes-base.code"],
      ["Item Lists", "mapped", "n8n-nodes-base.sort"],
      ["Gate", "supported", undefined],
      ["HTTP", "supported", undefined],
      ["Check", "supported", undefined],
      ["Community", "unsupported", undefined],
      ["Sticky Note", "supported", undefined],
    ]);
    expect(report.summary).toEqual({ supported: 4, mapped: 4, unsupported: 1 });
    expect(report.nodes.find((n) => n.node === "Community")).toMatchObject({ type: "n8n-nodes-acme.frobnicate", typeVersion: 3, reason: expect.stringContaining("kept") });
  });

  it("lists every credential reference with its type and name", () => {
    const { report } = importOne(read("n8n/legacy-0x.json"));
    expect(report.credentials).toEqual([
      { node: "HTTP", credentialType: "httpHeaderAuth", id: null, name: "My API key" },
      { node: "HTTP", credentialType: "httpBasicAuth", id: "7", name: "Basic" },
    ]);
  });

  it("reports legacy spellings: continueOnFail, name-only credentials, bare pinData, null outputs, staticData string, numeric id", () => {
    const { report } = importOne(read("n8n/legacy-0x.json"));
    expect(report.legacySpellings.map((s) => [s.kind, s.path])).toEqual([
      ["numericWorkflowId", "id"],
      ["executionOrderMissing", "settings.executionOrder"],
      ["continueOnFail", "nodes[2].continueOnFail"],
      ["nameOnlyCredential", "nodes[5].credentials.httpHeaderAuth"],
      ["barePinData", "pinData.Function"],
      ["nullConnection", "connections.Gate.main[0]"],
      ["staticDataString", "staticData"],
    ]);
    expect(report.legacySpellings[2]?.message).toContain("onError: continueRegularOutput");
  });

  it("reports an unknown node type as a warning and keeps the node verbatim", () => {
    const imported = importOne(read("n8n/legacy-0x.json"));
    expect(imported.issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(imported.issues).toContainEqual(expect.objectContaining({ code: "WF_SCHEMA_NODE_TYPE_UNKNOWN", node: "Community", severity: "warning" }));
    expect(imported.document.nodes.find((n) => n.name === "Community")).toMatchObject({ type: "n8n-nodes-acme.frobnicate", parameters: { foo: "bar" }, notes: "kept verbatim" });
  });

  it("returns each workflow of an export array", () => {
    const result = importN8nWorkflow(read("n8n/export-array.json"), testRegistry);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.wasArray).toBe(true);
    expect(result.workflows.map((w) => w.document.name)).toEqual(["First", "Second"]);
  });

  it("fails an export array with the element index in each issue path", () => {
    const file = read("n8n/export-array.json") as Array<Record<string, unknown>>;
    (file[1] as Record<string, unknown>).nodes = "nope";
    const result = importN8nWorkflow(file, testRegistry);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.issues.map((i) => [i.code, i.path])).toEqual([["WF_SCHEMA_FIELD_TYPE", "[1].nodes"]]);
  });

  it("rejects an empty export array and a non-object", () => {
    expect(importN8nWorkflow([], testRegistry)).toMatchObject({ ok: false, issues: [{ code: "WF_SCHEMA_IMPORT_EMPTY" }] });
    expect(importN8nWorkflow("workflow", testRegistry)).toMatchObject({ ok: false, issues: [{ code: "WF_SCHEMA_NOT_OBJECT" }] });
  });

  it("reports a legacy node whose target this instance lacks as unsupported", () => {
    const doc = { name: "x", nodes: [{ id: "1", name: "Lists", type: "n8n-nodes-base.itemLists", typeVersion: 3, position: [0, 0], parameters: { operation: "summarize" } }], connections: {} };
    expect(importOne(doc).report.nodes[0]).toMatchObject({ status: "unsupported", mappedTo: "n8n-nodes-base.summarize" });
  });
});

describe("normalizeWorkflow", () => {
  const doc = importOne(read("n8n/legacy-0x.json")).document;
  const run = normalizeWorkflow(doc);

  it("maps continueOnFail to onError and defaults onError to stopWorkflow", () => {
    expect(run.nodes.find((n) => n.name === "Function")?.onError).toBe("continueRegularOutput");
    expect(run.nodes.find((n) => n.name === "HTTP")?.onError).toBe("stopWorkflow");
  });

  it("lets onError win over continueOnFail", () => {
    const both = { ...doc, nodes: doc.nodes.map((n) => (n.name === "Function" ? { ...n, onError: "continueErrorOutput" as const } : n)) };
    expect(normalizeWorkflow(both).nodes.find((n) => n.name === "Function")?.onError).toBe("continueErrorOutput");
  });

  it("turns name-only credentials into { id: null, name }", () => {
    expect(run.nodes.find((n) => n.name === "HTTP")?.credentials).toEqual({
      httpHeaderAuth: { id: null, name: "My API key" },
      httpBasicAuth: { id: "7", name: "Basic" },
    });
  });

  it("wraps bare pinData items as { json }", () => {
    expect(run.pinData.Function).toEqual([{ json: { a: 1 } }, { json: { b: 2 } }]);
  });

  it("reads null outputs as unconnected", () => {
    expect(run.connections.Gate?.main).toEqual([[], [{ node: "HTTP", type: "main", index: 0 }]]);
  });

  it("parses a staticData string and defaults executionOrder to v0", () => {
    expect(run.staticData).toEqual({ "node:Cron": { lastRun: 1600000000 } });
    expect(run.settings.executionOrder).toBe("v0");
    expect(run.settings.someFutureSetting).toEqual({ x: 1 });
  });

  it("leaves the stored document unchanged", () => {
    expect(doc.staticData).toBe('{"node:Cron":{"lastRun":1600000000}}');
    expect(doc.nodes.find((n) => n.name === "HTTP")?.credentials?.httpHeaderAuth).toBe("My API key");
  });
});

describe("exportN8nWorkflow", () => {
  it("keeps our own fields where n8n ignores them, and n8n's key order", () => {
    const doc = importOne((read("n8n/export-array.json") as unknown[])[0]).document;
    const ours = { ...doc, bos: { approval: "required" }, settings: { ...doc.settings, parallelBranches: 4 } };
    const file = exportN8nWorkflow(ours);
    expect(file.bos).toEqual({ approval: "required" });
    expect((file.settings as Record<string, unknown>).parallelBranches).toBe(4);
    expect(Object.keys(file).slice(0, 4)).toEqual(["name", "nodes", "connections", "settings"]);
    expect(Object.keys((file.nodes as object[])[0] as object).slice(0, 6)).toEqual(["parameters", "id", "name", "type", "typeVersion", "position"]);
  });

  it("round-trips import(export(x)) with nothing lost, prototype-named keys included", () => {
    const text = readFileSync(join(__dirname, "__fixtures__", "proto-names.json"), "utf8");
    const first = importOne(JSON.parse(text)).document;
    const again = importOne(JSON.parse(JSON.stringify(exportN8nWorkflow(first)))).document;
    expect(canonicalJson(again)).toBe(canonicalJson(first));
    expect(canonicalJson(first)).toBe(canonicalJson(JSON.parse(text)));
  });
});
