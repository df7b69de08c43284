import type { WorkflowNode } from "@bos/workflow-schema";
import { nodeSettings } from "./node-settings";

const node = (extra: Partial<WorkflowNode>) => ({ name: "N", type: "t", typeVersion: 1, position: [0, 0], parameters: {}, ...extra }) as WorkflowNode;

describe("nodeSettings", () => {
  it("defaults to one try, stopWorkflow, no executeOnce or alwaysOutputData", () => {
    expect(nodeSettings(node({}))).toEqual({ onError: "stopWorkflow", maxTries: 1, waitBetweenTriesMs: 0, executeOnce: false, alwaysOutputData: false });
  });

  it("clamps maxTries to [2, 5] (default 3) and waitBetweenTries to [0, 5000] (default 1000)", () => {
    expect(nodeSettings(node({ retryOnFail: true }))).toMatchObject({ maxTries: 3, waitBetweenTriesMs: 1000 });
    expect(nodeSettings(node({ retryOnFail: true, maxTries: 1, waitBetweenTries: -5 }))).toMatchObject({ maxTries: 2, waitBetweenTriesMs: 0 });
    expect(nodeSettings(node({ retryOnFail: true, maxTries: 9, waitBetweenTries: 90000 }))).toMatchObject({ maxTries: 5, waitBetweenTriesMs: 5000 });
  });

  it("reads legacy continueOnFail, with onError winning when both are set", () => {
    expect(nodeSettings(node({ continueOnFail: true })).onError).toBe("continueRegularOutput");
    expect(nodeSettings(node({ continueOnFail: true, onError: "continueErrorOutput" })).onError).toBe("continueErrorOutput");
  });
});
