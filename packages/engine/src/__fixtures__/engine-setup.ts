import type { RunResult } from "../types";
import { WorkflowEngine } from "../workflow-engine";
import { reduceRunData } from "../reduce-run-data";
import { testRegistry } from "./test-nodes";
import { TestSandboxProvider } from "./test-sandbox";

/** An engine over the test nodes and the test sandbox, with the provider kept for inspection. */
export function setup(extra: Partial<ConstructorParameters<typeof WorkflowEngine>[0]> = {}) {
  const sandboxes = new TestSandboxProvider();
  const engine = new WorkflowEngine({ registry: testRegistry(), sandboxPool: sandboxes, ...extra });
  return { engine, sandboxes };
}

/** Node names in run order. */
export const order = (result: RunResult) => reduceRunData(result.status, result.runData).order;

/** The json of one output of one run of a node. */
export const json = (result: RunResult, node: string, run = 0, output = 0) => result.runData[node]?.[run]?.data?.main[output]?.map((i) => i.json);

/** A test.seed node emitting these items. */
export const seed = (items: Array<Record<string, unknown>>) => ({ type: "test.seed", parameters: { items } });
