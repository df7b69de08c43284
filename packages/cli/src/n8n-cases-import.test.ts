import { createBuiltinRegistry } from "@bos/nodes";
import { loadN8nCases } from "@bos/testing";
import { canonicalJson, exportN8nWorkflow, importN8nWorkflow, validateWorkflow, type NodeDescriptionRegistry } from "@bos/workflow-schema";

/** A registry that knows nothing: import must still keep every field. */
const emptyRegistry: NodeDescriptionRegistry = { get: () => undefined, versionsOf: () => [] };

const cases = loadN8nCases();

describe("every shared n8n case", () => {
  it("exists", () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases.map((c) => [c.name, c.workflow] as const))("%s round-trips through import and export with nothing lost", (_name, workflow) => {
    const first = importN8nWorkflow(workflow, emptyRegistry);
    if (!first.ok) throw new Error(JSON.stringify(first.issues, null, 2));
    const exported = exportN8nWorkflow(first.workflows[0]!.document);
    expect(canonicalJson(exported)).toBe(canonicalJson(workflow));
    const second = importN8nWorkflow(JSON.parse(JSON.stringify(exported)), emptyRegistry);
    if (!second.ok) throw new Error(JSON.stringify(second.issues, null, 2));
    expect(canonicalJson(second.workflows[0]!.document)).toBe(canonicalJson(first.workflows[0]!.document));
  });

  it.each(cases.map((c) => [c.name, c.workflow] as const))("%s imports with a report and no unsupported core node", (_name, workflow) => {
    const result = importN8nWorkflow(workflow, createBuiltinRegistry());
    if (!result.ok) throw new Error(JSON.stringify(result.issues, null, 2));
    const { report } = result.workflows[0]!;
    expect(report.nodes.length).toBeGreaterThan(0);
    const unsupported = report.nodes.filter((n) => n.status === "unsupported").map((n) => `${n.type} v${n.typeVersion} (${n.reason})`);
    expect(unsupported).toEqual([]);
  });

  it.each(cases.map((c) => [c.name, c.workflow] as const))("%s is valid to save, with no expression syntax problems", (_name, workflow) => {
    const result = validateWorkflow(workflow, emptyRegistry, { purpose: "save" });
    expect(result.issues.filter((i) => i.severity === "error" || i.code === "WF_SCHEMA_EXPRESSION_SYNTAX")).toEqual([]);
  });

  it.each(cases.map((c) => [c.name, c.workflow] as const))("%s is valid to run against the built-in nodes, with no issue at all", (_name, workflow) => {
    expect(validateWorkflow(workflow, createBuiltinRegistry(), { purpose: "run" }).issues).toEqual([]);
  });
});
