import { readFileSync } from "node:fs";
import { join } from "node:path";
import { testRegistry } from "./__fixtures__/test-registry";
import type { IssueCode, ValidationIssue, ValidationPurpose } from "./validation-issue";
import { validateWorkflow } from "./validate-workflow";

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(__dirname, "__fixtures__", name), "utf8")) as Record<string, unknown>;

const errorsOf = (issues: readonly ValidationIssue[]) => issues.filter((i) => i.severity === "error");

describe("validateWorkflow", () => {
  it("accepts a valid workflow with loops through Loop Over Items and a sticky note", () => {
    const result = validateWorkflow(fixture("valid-workflow.json"), testRegistry, { purpose: "publish" });
    expect(result.issues).toEqual([]);
    expect(result.ok).toBe(true);
  });

  const cases: Array<[file: string, code: IssueCode, path: string, node: string | undefined, purpose: ValidationPurpose]> = [
    ["wrong-field-types", "WF_SCHEMA_FIELD_TYPE", "nodes[5].typeVersion", "Body", "save"],
    ["wrong-field-types", "WF_SCHEMA_FIELD_TYPE", "nodes[5].position", "Body", "save"],
    ["wrong-field-types", "WF_SCHEMA_FIELD_TYPE", "settings.executionOrder", undefined, "save"],
    ["node-name-missing", "WF_SCHEMA_NODE_NAME_MISSING", "nodes[5].name", undefined, "save"],
    ["node-name-duplicate", "WF_SCHEMA_NODE_NAME_DUPLICATE", "nodes[6].name", "Body", "save"],
    ["node-id-duplicate", "WF_SCHEMA_NODE_ID_DUPLICATE", "nodes[5].id", "Body", "save"],
    ["node-id-missing", "WF_SCHEMA_NODE_ID_MISSING", "nodes[5].id", "Body", "save"],
    ["connection-source-unknown", "WF_SCHEMA_CONNECTION_SOURCE_UNKNOWN", "connections.Ghost", undefined, "save"],
    ["connection-target-unknown", "WF_SCHEMA_CONNECTION_TARGET_UNKNOWN", "connections.Fetch.main[0][1].node", "Fetch", "save"],
    ["connection-type-unknown", "WF_SCHEMA_CONNECTION_TYPE_UNKNOWN", "connections.Fetch.mian", "Fetch", "save"],
    ["connection-output-index", "WF_SCHEMA_CONNECTION_OUTPUT_INDEX", "connections.Route.main[2]", "Route", "publish"],
    ["connection-input-index", "WF_SCHEMA_CONNECTION_INPUT_INDEX", "connections.Start.main[0][1].index", "Join", "publish"],
    ["node-type-unknown", "WF_SCHEMA_NODE_TYPE_UNKNOWN", "nodes[5].type", "Body", "publish"],
    ["node-version-unsupported", "WF_SCHEMA_NODE_VERSION_UNSUPPORTED", "nodes[2].typeVersion", "Fetch", "publish"],
    ["param-required", "WF_SCHEMA_PARAM_REQUIRED", "nodes[2].parameters.url", "Fetch", "publish"],
    ["param-type", "WF_SCHEMA_PARAM_TYPE", "nodes[2].parameters.options.timeout", "Fetch", "publish"],
    ["param-option", "WF_SCHEMA_PARAM_OPTION", "nodes[2].parameters.method", "Fetch", "publish"],
    ["expression-syntax", "WF_SCHEMA_EXPRESSION_SYNTAX", "nodes[2].parameters.url", "Fetch", "publish"],
    ["no-trigger", "WF_SCHEMA_NO_TRIGGER", "nodes", undefined, "publish"],
    ["cycle", "WF_SCHEMA_CYCLE", "connections.Fetch", "Fetch", "publish"],
    ["webhook-clash", "WF_SCHEMA_WEBHOOK_CLASH", "nodes[8].parameters.path", "Hook 2", "publish"],
    ["pin-data-node-unknown", "WF_SCHEMA_PIN_DATA_NODE_UNKNOWN", 'pinData["Removed Node"]', undefined, "publish"],
  ];

  it.each(cases)("%s reports %s at %s", (file, code, path, node, purpose) => {
    const result = validateWorkflow(fixture(`invalid/${file}.json`), testRegistry, { purpose });
    const match = result.issues.find((i) => i.code === code && i.path === path);
    expect(match).toBeDefined();
    expect(match?.node).toBe(node);
    expect(match?.message.length).toBeGreaterThan(20);
  });

  it("reports every problem of a document at once", () => {
    const doc = fixture("valid-workflow.json");
    const nodes = doc.nodes as Array<Record<string, unknown>>;
    (nodes[2]!.parameters as Record<string, unknown>).method = "FETCH";
    nodes[5]!.typeVersion = "1";
    (doc.connections as Record<string, unknown>).Ghost = { main: [] };
    const result = validateWorkflow(doc, testRegistry, { purpose: "publish" });
    expect(result.issues.map((i) => i.code).sort()).toEqual(
      ["WF_SCHEMA_CONNECTION_SOURCE_UNKNOWN", "WF_SCHEMA_FIELD_TYPE", "WF_SCHEMA_PARAM_OPTION"].sort(),
    );
  });

  it("makes readiness rules warnings for save and errors for publish", () => {
    const doc = fixture("invalid/param-required.json");
    const saved = validateWorkflow(doc, testRegistry, { purpose: "save" });
    expect(saved.ok).toBe(true);
    expect(saved.issues.map((i) => [i.code, i.severity])).toEqual([["WF_SCHEMA_PARAM_REQUIRED", "warning"]]);
    const published = validateWorkflow(doc, testRegistry, { purpose: "publish" });
    expect(published.ok).toBe(false);
    expect(published.issues.map((i) => [i.code, i.severity])).toEqual([["WF_SCHEMA_PARAM_REQUIRED", "error"]]);
  });

  it("reports unknown node types as warnings on import", () => {
    const result = validateWorkflow(fixture("invalid/node-type-unknown.json"), testRegistry, { purpose: "import" });
    expect(result.ok).toBe(true);
    expect(result.issues.map((i) => [i.code, i.severity])).toContainEqual(["WF_SCHEMA_NODE_TYPE_UNKNOWN", "warning"]);
  });

  it("only asks for a trigger when publishing", () => {
    const doc = fixture("invalid/no-trigger.json");
    expect(validateWorkflow(doc, testRegistry, { purpose: "save" }).issues).toEqual([]);
    expect(validateWorkflow(doc, testRegistry, { purpose: "run" }).issues).toEqual([]);
  });

  it("makes readiness rules errors for a run", () => {
    const result = validateWorkflow(fixture("invalid/param-option.json"), testRegistry, { purpose: "run" });
    expect(result.ok).toBe(false);
    expect(result.issues.map((i) => [i.code, i.severity])).toEqual([["WF_SCHEMA_PARAM_OPTION", "error"]]);
  });

  it("treats node type strings as lookup keys only, prototype names included", () => {
    const doc = fixture("valid-workflow.json");
    const body = (doc.nodes as Array<Record<string, unknown>>)[5]!;
    for (const type of ["__proto__", "constructor", "toString", "hasOwnProperty"]) {
      body.type = type;
      const result = validateWorkflow(doc, testRegistry, { purpose: "publish" });
      expect(result.issues.map((i) => [i.code, i.path])).toEqual([["WF_SCHEMA_NODE_TYPE_UNKNOWN", "nodes[5].type"]]);
    }
  });

  it("rejects a document that is not an object", () => {
    for (const input of [null, 42, "workflow", []]) {
      const result = validateWorkflow(input, testRegistry);
      expect(result.ok).toBe(false);
      expect(result.issues).toEqual([expect.objectContaining({ code: "WF_SCHEMA_NOT_OBJECT", path: "" })]);
    }
  });

  it("rejects values JSON cannot hold, at their path", () => {
    const doc = fixture("valid-workflow.json");
    (doc.settings as Record<string, unknown>).executionTimeout = Number.NaN;
    const result = validateWorkflow(doc, testRegistry);
    expect(errorsOf(result.issues)).toEqual([expect.objectContaining({ code: "WF_SCHEMA_NOT_JSON", path: "settings.executionTimeout" })]);
  });

  it("rejects a reference cycle instead of looping", () => {
    const doc = fixture("valid-workflow.json");
    (doc.meta as unknown) = {};
    (doc.meta as Record<string, unknown>).self = doc.meta;
    const result = validateWorkflow(doc, testRegistry);
    expect(result.issues).toEqual([expect.objectContaining({ code: "WF_SCHEMA_NOT_JSON", path: "meta.self" })]);
  });

  it("enforces the size limit, measured or given", () => {
    const doc = fixture("valid-workflow.json");
    expect(validateWorkflow(doc, testRegistry, { limits: { maxDocumentBytes: 100 } }).issues).toEqual([
      expect.objectContaining({ code: "WF_SCHEMA_DOCUMENT_TOO_LARGE", path: "" }),
    ]);
    expect(validateWorkflow(doc, testRegistry, { sizeBytes: 6 * 1024 * 1024 }).issues).toEqual([
      expect.objectContaining({ code: "WF_SCHEMA_DOCUMENT_TOO_LARGE" }),
    ]);
  });

  it("enforces the node count limit", () => {
    const result = validateWorkflow(fixture("valid-workflow.json"), testRegistry, { limits: { maxNodes: 3 } });
    expect(result.issues).toEqual([expect.objectContaining({ code: "WF_SCHEMA_TOO_MANY_NODES", path: "nodes" })]);
  });

  it("enforces the nesting depth limit without recursing into the excess", () => {
    const doc = fixture("valid-workflow.json");
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 10_000; i += 1) {
      const next = {};
      deep.a = next;
      deep = next;
    }
    (doc.nodes as Array<Record<string, unknown>>)[5]!.parameters = root;
    const result = validateWorkflow(doc, testRegistry);
    expect(result.issues).toEqual([expect.objectContaining({ code: "WF_SCHEMA_TOO_DEEP" })]);
    expect(result.issues[0]?.path.startsWith("nodes[5].parameters.a.a")).toBe(true);
  });

  it("uses the default limits of 5 MB, 2,000 nodes and depth 64", () => {
    const doc = fixture("valid-workflow.json");
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 59; i += 1) {
      const next = {};
      deep.a = next;
      deep = next;
    }
    (doc.nodes as Array<Record<string, unknown>>)[5]!.parameters = root;
    expect(validateWorkflow(doc, testRegistry).issues).toEqual([]);
    deep.a = { b: {} };
    expect(validateWorkflow(doc, testRegistry).issues.map((i) => i.code)).toEqual(["WF_SCHEMA_TOO_DEEP"]);
  });

  it("keeps __proto__ and constructor as inert data and never touches prototypes", () => {
    const text = readFileSync(join(__dirname, "__fixtures__", "proto-names.json"), "utf8");
    const result = validateWorkflow(JSON.parse(text), testRegistry);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const value = result.value as unknown as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(value, "__proto__")).toBe(true);
    expect(result.value.nodes.map((n) => n.name)).toEqual(["__proto__", "constructor"]);
    const params = result.value.nodes[0]!.parameters;
    expect(Object.getPrototypeOf(params)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(params, "__proto__")).toBe(true);
    expect(Object.keys(result.value.connections)).toEqual(["__proto__"]);
    expect(JSON.parse(JSON.stringify(result.value))).toEqual(JSON.parse(text));
  });

  it("checks the value under a __proto__ key of credentials and pinData (zod skips that key)", () => {
    const doc = JSON.parse(readFileSync(join(__dirname, "__fixtures__", "proto-names.json"), "utf8")) as Record<string, unknown>;
    (doc.nodes as Array<Record<string, unknown>>)[1]!.credentials = JSON.parse('{"__proto__": 5}');
    doc.pinData = JSON.parse('{"__proto__": "not items"}');
    const result = validateWorkflow(doc, testRegistry);
    expect(result.issues.map((i) => [i.code, i.path])).toEqual([
      ["WF_SCHEMA_FIELD_TYPE", "pinData.__proto__"],
      ["WF_SCHEMA_FIELD_TYPE", "nodes[1].credentials.__proto__"],
    ]);
  });

  it("reports a connection to a node named like an Object.prototype member as unknown", () => {
    const doc = fixture("valid-workflow.json");
    (doc.connections as Record<string, unknown>).Start = { main: [[{ node: "toString", type: "main", index: 0 }]] };
    const result = validateWorkflow(doc, testRegistry);
    expect(result.issues).toEqual([
      expect.objectContaining({ code: "WF_SCHEMA_CONNECTION_TARGET_UNKNOWN", path: "connections.Start.main[0][0].node" }),
    ]);
  });

  it("counts the extra error output of continueErrorOutput", () => {
    const doc = fixture("valid-workflow.json");
    const nodes = doc.nodes as Array<Record<string, unknown>>;
    (doc.connections as Record<string, Record<string, unknown>>).Body = {
      main: [[{ node: "Loop", type: "main", index: 0 }], [{ node: "Join", type: "main", index: 1 }]],
    };
    expect(validateWorkflow(doc, testRegistry, { purpose: "publish" }).issues.map((i) => i.path)).toEqual(["connections.Body.main[1]"]);
    nodes[5]!.onError = "continueErrorOutput";
    expect(validateWorkflow(doc, testRegistry, { purpose: "publish" }).issues).toEqual([]);
  });

  it("tolerates null outputs and missing trailing outputs", () => {
    const doc = fixture("valid-workflow.json");
    (doc.connections as Record<string, unknown>).Route = { main: [null, [{ node: "Join", index: 2 }]] };
    const result = validateWorkflow(doc, testRegistry, { purpose: "publish" });
    expect(result.issues).toEqual([]);
    expect(result.ok && result.value.connections.Route?.main?.[1]?.[0]?.type).toBe("main");
  });

  it("checks parameters inside fixed collections by their path", () => {
    const doc = fixture("valid-workflow.json");
    const route = (doc.nodes as Array<Record<string, unknown>>)[3]!;
    route.parameters = { rules: { values: [{ outputKey: "a" }, { outputKey: 7 }] } };
    const result = validateWorkflow(doc, testRegistry, { purpose: "publish" });
    expect(result.issues.map((i) => [i.code, i.path])).toEqual([["WF_SCHEMA_PARAM_TYPE", "nodes[3].parameters.rules.values[1].outputKey"]]);
  });

  it("ignores parameters hidden by displayOptions", () => {
    const doc = fixture("valid-workflow.json");
    const route = (doc.nodes as Array<Record<string, unknown>>)[3]!;
    route.parameters = { rules: { values: [{}, {}] }, numberOutputs: "many" };
    expect(validateWorkflow(doc, testRegistry, { purpose: "publish" }).issues).toEqual([]);
  });

  it("reports legacy types as mapped, not unknown", () => {
    const doc = fixture("valid-workflow.json");
    const start = (doc.nodes as Array<Record<string, unknown>>)[0]!;
    start.type = "n8n-nodes-base.start";
    expect(validateWorkflow(doc, testRegistry, { purpose: "publish" }).issues).toEqual([]);
  });
});
