import type { NodeDescription, NodeDescriptionRegistry, ParameterDescription } from "../node-description";

const BASE = "n8n-nodes-base.";

function describe(
  name: string,
  rest: Partial<NodeDescription> & Pick<NodeDescription, "inputs" | "outputs">,
  parameters: readonly ParameterDescription[] = [],
): NodeDescription {
  return {
    type: `${BASE}${name}`,
    versions: [1],
    displayName: name,
    group: ["transform"],
    description: name,
    defaults: { name },
    parameters,
    ...rest,
  };
}

/** A small registry of descriptions shaped like the built-in nodes, for schema tests. */
export const testDescriptions: NodeDescription[] = [
  describe("manualTrigger", { inputs: 0, outputs: 1, trigger: "manual" }),
  describe("scheduleTrigger", { versions: [1.2], inputs: 0, outputs: 1, trigger: "schedule" }),
  describe(
    "webhook",
    { versions: [2, 2.1], inputs: 0, outputs: 1, trigger: "webhook" },
    [
      { name: "httpMethod", displayName: "HTTP Method", type: "options", default: "GET", options: ["DELETE", "GET", "HEAD", "PATCH", "POST", "PUT"].map((m) => ({ name: m, value: m })) },
      { name: "path", displayName: "Path", type: "string", default: "", required: true },
    ],
  ),
  describe("noOp", { inputs: 1, outputs: 1 }),
  describe("code", { versions: [1, 2], inputs: 1, outputs: 1 }, [
    { name: "jsCode", displayName: "JavaScript", type: "code", default: "return $input.all();", resolve: "never" },
  ]),
  describe("if", { versions: [2, 2.2], inputs: 1, outputs: 2 }, [
    { name: "conditions", displayName: "Conditions", type: "filter", default: {} },
  ]),
  describe(
    "switch",
    {
      versions: [3.2],
      inputs: 1,
      outputs: (p) => {
        const rules = (p.rules as { values?: unknown[] } | undefined)?.values ?? [];
        const fallback = (p.options as { fallbackOutput?: unknown } | undefined)?.fallbackOutput;
        return rules.length + (fallback === "extra" ? 1 : 0);
      },
    },
    [
      { name: "mode", displayName: "Mode", type: "options", default: "rules", options: [{ name: "Rules", value: "rules" }, { name: "Expression", value: "expression" }] },
      {
        name: "rules",
        displayName: "Routing Rules",
        type: "fixedCollection",
        default: {},
        typeOptions: { multipleValues: true },
        displayOptions: { show: { mode: ["rules"] } },
        options: [
          {
            name: "values",
            displayName: "Values",
            values: [
              { name: "conditions", displayName: "Conditions", type: "filter", default: {} },
              { name: "outputKey", displayName: "Output Name", type: "string", default: "" },
            ],
          },
        ],
      },
      { name: "numberOutputs", displayName: "Number of Outputs", type: "number", default: 4, displayOptions: { show: { mode: ["expression"] } } },
    ],
  ),
  describe("sort", { inputs: 1, outputs: 1 }),
  describe("stickyNote", { inputs: 0, outputs: 0 }),
  describe("merge", { versions: [3], inputs: (p) => (typeof p.numberInputs === "number" ? p.numberInputs : 2), outputs: 1 }, [
    { name: "numberInputs", displayName: "Number of Inputs", type: "number", default: 2 },
  ]),
  describe("splitInBatches", { versions: [3], inputs: 1, outputs: 2, allowsLoop: true }, [
    { name: "batchSize", displayName: "Batch Size", type: "number", default: 10 },
  ]),
  describe("httpRequest", { versions: [4.2], inputs: 1, outputs: 1 }, [
    { name: "method", displayName: "Method", type: "options", default: "GET", options: ["GET", "POST"].map((m) => ({ name: m, value: m })) },
    { name: "url", displayName: "URL", type: "string", default: "", required: true },
    { name: "sendBody", displayName: "Send Body", type: "boolean", default: false },
    {
      name: "options",
      displayName: "Options",
      type: "collection",
      default: {},
      options: [{ name: "timeout", displayName: "Timeout", type: "number", default: 10000 }],
    },
  ]),
];

/** A NodeDescriptionRegistry over a list of descriptions (Map-backed: type strings are only keys). */
export class TestRegistry implements NodeDescriptionRegistry {
  private readonly byType = new Map<string, Map<number, NodeDescription>>();
  constructor(descriptions: readonly NodeDescription[] = testDescriptions) {
    for (const d of descriptions) {
      const versions = this.byType.get(d.type) ?? new Map<number, NodeDescription>();
      for (const v of d.versions) versions.set(v, d);
      this.byType.set(d.type, versions);
    }
  }
  get(type: string, typeVersion: number): NodeDescription | undefined {
    return this.byType.get(type)?.get(typeVersion);
  }
  versionsOf(type: string): readonly number[] {
    return [...(this.byType.get(type)?.keys() ?? [])].sort((a, b) => a - b);
  }
}

export const testRegistry = new TestRegistry();
