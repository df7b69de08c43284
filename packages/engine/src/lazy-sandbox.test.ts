import { TestSandboxProvider } from "./__fixtures__/test-sandbox";
import { LazySandbox } from "./lazy-sandbox";

const info = { executionId: "e", mode: "manual", workflow: { name: "w", active: false }, nodes: [], connections: {}, timezone: "UTC" };
const run = (node: string) => ({ node, runIndex: 0, source: [], outputs: [[{ json: {} }]] });

describe("LazySandbox", () => {
  it("acquires nothing until an expression is evaluated, then hands over buffered runs in order", async () => {
    const provider = new TestSandboxProvider();
    const lazy = new LazySandbox(provider, info);
    lazy.recordNodeRun(run("A"));
    lazy.recordNodeRun(run("B"));
    expect(provider.sandboxes).toHaveLength(0);
    await lazy.evaluate({ node: "C", runIndex: 0, inputs: [[{ json: {} }]], source: [] }, ["={{ $itemIndex }}"]);
    lazy.recordNodeRun(run("C"));
    expect(provider.sandboxes).toHaveLength(1);
    expect(provider.sandboxes[0]?.runs.map((r) => r.node)).toEqual(["A", "B", "C"]);
  });

  it("acquires one sandbox for concurrent first calls and disposes it", async () => {
    const provider = new TestSandboxProvider();
    const lazy = new LazySandbox(provider, info);
    const scope = { node: "C", runIndex: 0, inputs: [[{ json: {} }]], source: [] };
    await Promise.all([lazy.evaluate(scope, ["=a"]), lazy.evaluate(scope, ["=b"])]);
    lazy.dispose();
    expect(provider.sandboxes).toHaveLength(1);
    expect(provider.sandboxes[0]?.disposed).toBe(true);
  });
});
