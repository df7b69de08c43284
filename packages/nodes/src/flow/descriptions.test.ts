import type { AnyNodeType } from "@bos/node-sdk";
import type { FixedCollectionGroup, ParameterDescription, ParameterOption } from "@bos/workflow-schema";
import { triggerNodes } from "../triggers";
import { flowNodes } from "./index";

const nodes: AnyNodeType[] = [...triggerNodes, ...flowNodes];

function isOptionList(options: ParameterDescription["options"]): options is readonly ParameterOption[] {
  return Array.isArray(options) && options.every((option) => "value" in option && !("type" in option) && !("values" in option));
}

/** Every problem in one level of parameters (and, recursively, in collections and groups). */
function problemsIn(parameters: readonly ParameterDescription[], where: string): string[] {
  const names = new Set(parameters.map((parameter) => parameter.name));
  const problems: string[] = [];
  for (const parameter of parameters) {
    const at = `${where}.${parameter.name}`;
    for (const rule of [parameter.displayOptions?.show, parameter.displayOptions?.hide]) {
      for (const key of Object.keys(rule ?? {})) {
        if (key !== "@version" && !key.startsWith("/") && !names.has(key)) problems.push(`${at}: displayOptions refers to unknown '${key}'`);
      }
    }
    const options = parameter.options;
    if (parameter.type === "options" && isOptionList(options) && typeof parameter.default !== "string") {
      if (!options.some((option) => option.value === parameter.default)) problems.push(`${at}: default ${JSON.stringify(parameter.default)} is not an option`);
    }
    if (parameter.type === "options" && isOptionList(options) && typeof parameter.default === "string" && !parameter.default.startsWith("=")) {
      if (parameter.default !== "" && !options.some((option) => option.value === parameter.default)) problems.push(`${at}: default '${parameter.default}' is not an option`);
    }
    if (parameter.type === "collection" && Array.isArray(options)) problems.push(...problemsIn(options as readonly ParameterDescription[], at));
    if (parameter.type === "fixedCollection" && Array.isArray(options)) {
      for (const group of options as readonly FixedCollectionGroup[]) problems.push(...problemsIn(group.values, `${at}.${group.name}`));
    }
  }
  return problems;
}

describe("flow and trigger node descriptions", () => {
  it.each(nodes.map((node) => [`${node.description.type} v${node.description.versions.join(",")}`, node] as const))("%s is consistent", (_label, node) => {
    const { description } = node;
    expect(description.versions.length).toBeGreaterThan(0);
    expect(description.defaults.name).not.toBe("");
    expect(description.sideEffects).toBeDefined();
    expect(problemsIn(description.parameters, description.type)).toEqual([]);
    const count = (port: typeof description.inputs) => (typeof port === "number" ? port : port({}));
    expect(count(description.inputs)).toBeGreaterThanOrEqual(0);
    expect(count(description.outputs)).toBeGreaterThanOrEqual(0);
    if (description.trigger) expect(count(description.inputs)).toBe(0);
  });

  it("registers each (type, version) once", () => {
    const seen = new Set<string>();
    for (const node of nodes) {
      for (const version of node.description.versions) {
        const key = `${node.description.type}@${version}`;
        expect(seen.has(key)).toBe(false);
        seen.add(key);
      }
    }
  });

  it("declares side effects truthfully: none of the flow nodes always has them; Execute Workflow has its sub-workflow's", () => {
    const withEffects = nodes.filter((node) => node.description.sideEffects === "always").map((node) => node.description.type);
    expect(withEffects).toEqual([]);
    const delegating = nodes.filter((node) => typeof node.description.sideEffects === "object").map((node) => node.description.type);
    expect(delegating).toEqual(["n8n-nodes-base.executeWorkflow"]);
  });

  it("marks Loop Over Items as allowed in a cycle", () => {
    const loops = nodes.filter((node) => node.description.allowsLoop).map((node) => node.description.type);
    expect(new Set(loops)).toEqual(new Set(["n8n-nodes-base.splitInBatches"]));
  });
});
