import type { NodeDescription, WorkflowNode } from "@bos/workflow-schema";
import { hasSideEffects, inputCount, outputCount, regularOutputCount, requiredInputs } from "./port-counts";

const description = (extra: Partial<NodeDescription>) => ({ inputs: 1, outputs: 1, parameters: [], ...extra }) as unknown as NodeDescription;
const node = (extra: Partial<WorkflowNode> = {}) => ({ name: "N", type: "t", typeVersion: 1, position: [0, 0], parameters: {}, ...extra }) as WorkflowNode;

describe("port counts", () => {
  it("computes counts from functions of the raw parameters", () => {
    const d = description({ inputs: (p) => Number(p.numberInputs ?? 2), outputs: (p) => Number(p.numberOutputs ?? 1) });
    expect(inputCount(d, node({ parameters: { numberInputs: 3 } }))).toBe(3);
    expect(regularOutputCount(d, node({ parameters: { numberOutputs: 4 } }))).toBe(4);
  });

  it("adds the error output for continueErrorOutput", () => {
    const d = description({ outputs: 2 });
    expect(outputCount(d, node())).toBe(2);
    expect(outputCount(d, node({ onError: "continueErrorOutput" }))).toBe(3);
  });

  it("resolves requiredInputs, undefined when the description has none", () => {
    expect(requiredInputs(description({ requiredInputs: (p) => (p.mode === "chooseBranch" ? [0, 1] : 1) }), node({ parameters: { mode: "chooseBranch" } }))).toEqual([0, 1]);
    expect(requiredInputs(description({}), node())).toBeUndefined();
  });

  it("flags side effects from the description, unknown as yes except for triggers and disabled nodes", () => {
    expect(hasSideEffects(description({ sideEffects: "none" }), node())).toBe(false);
    expect(hasSideEffects(description({ sideEffects: (p) => p.method !== "GET" }), node({ parameters: { method: "POST" } }))).toBe(true);
    expect(hasSideEffects(description({}), node())).toBe(true);
    expect(hasSideEffects(description({ trigger: "manual" }), node())).toBe(false);
    expect(hasSideEffects(description({ sideEffects: "always" }), node({ disabled: true }))).toBe(false);
  });
});
