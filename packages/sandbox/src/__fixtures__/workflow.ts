import type { Item } from "@bos/node-sdk";
import type { WorkflowNode } from "@bos/workflow-schema";
import type { EvaluationScope, ExecutionSandbox, SandboxExecutionInfo } from "../types";

export function node(name: string, type = "n8n-nodes-base.set", parameters: Record<string, unknown> = {}): WorkflowNode {
  return { name, type, typeVersion: 1, position: [0, 0], parameters };
}

/**
 * Test workflow: Start -> Seed, then Seed -> Sort -> Lookups, Seed -> Agg (aggregate) -> AfterAgg,
 * Seed -> NoLink (drops pairedItem) -> AfterNoLink, Seed -> Code -> Island.
 */
export function chainInfo(overrides: Partial<SandboxExecutionInfo> = {}): SandboxExecutionInfo {
  return {
    executionId: "exec-1",
    mode: "manual",
    workflow: { id: "wf-1", name: "Test workflow", active: false },
    nodes: [
      node("Start", "n8n-nodes-base.manualTrigger"),
      node("Seed", "n8n-nodes-base.code"),
      node("Sort", "n8n-nodes-base.sort"),
      node("Lookups", "n8n-nodes-base.set", { keep: "={{ $json.name }}", plain: "x", selfRef: "={{ $parameter.selfRef }}" }),
      node("Agg", "n8n-nodes-base.aggregate"),
      node("AfterAgg", "n8n-nodes-base.set"),
      node("Code", "n8n-nodes-base.code"),
      node("Island", "n8n-nodes-base.noOp"),
      node("NoLink", "n8n-nodes-base.code"),
      node("AfterNoLink", "n8n-nodes-base.set"),
    ],
    connections: {
      Start: { main: [[{ node: "Seed", type: "main", index: 0 }]] },
      Seed: {
        main: [[
          { node: "Sort", type: "main", index: 0 },
          { node: "Agg", type: "main", index: 0 },
          { node: "Code", type: "main", index: 0 },
          { node: "NoLink", type: "main", index: 0 },
        ]],
      },
      Sort: { main: [[{ node: "Lookups", type: "main", index: 0 }]] },
      Agg: { main: [[{ node: "AfterAgg", type: "main", index: 0 }]] },
      NoLink: { main: [[{ node: "AfterNoLink", type: "main", index: 0 }]] },
      Code: { main: [[{ node: "Island", type: "main", index: 0 }]] },
    },
    timezone: "UTC",
    vars: { region: "eu" },
    ...overrides,
  };
}

export const seedItems: Item[] = [
  { json: { id: "a", name: "Ada", score: 72 }, pairedItem: { item: 0 } },
  { json: { id: "b", name: "Bob", score: 95 }, pairedItem: { item: 0 } },
  { json: { id: "c", name: "Cy", score: 40 }, pairedItem: { item: 0 } },
];

/** Sort by score desc: Bob, Ada, Cy, with pairedItem to Seed's items. */
export const sortedItems: Item[] = [
  { json: { id: "b", name: "Bob", score: 95 }, pairedItem: { item: 1 } },
  { json: { id: "a", name: "Ada", score: 72 }, pairedItem: { item: 0 } },
  { json: { id: "c", name: "Cy", score: 40 }, pairedItem: { item: 2 } },
];

/** Records Start, Seed, Sort, Agg (one item made of all three) and NoLink (no pairedItem). */
export function recordChain(sandbox: ExecutionSandbox): void {
  sandbox.recordNodeRun({ node: "Start", runIndex: 0, source: [], outputs: [[{ json: {} }]] });
  sandbox.recordNodeRun({ node: "Seed", runIndex: 0, source: [{ previousNode: "Start" }], outputs: [seedItems] });
  sandbox.recordNodeRun({ node: "Sort", runIndex: 0, source: [{ previousNode: "Seed" }], outputs: [sortedItems] });
  sandbox.recordNodeRun({
    node: "Agg",
    runIndex: 0,
    source: [{ previousNode: "Seed" }],
    outputs: [[{ json: { names: ["Ada", "Bob", "Cy"] }, pairedItem: [{ item: 0 }, { item: 1 }, { item: 2 }] }]],
  });
  sandbox.recordNodeRun({
    node: "NoLink",
    runIndex: 0,
    source: [{ previousNode: "Seed" }],
    outputs: [[{ json: { fresh: 1 } }]],
  });
}

export function lookupsScope(overrides: Partial<EvaluationScope> = {}): EvaluationScope {
  return { node: "Lookups", runIndex: 0, inputs: [sortedItems], source: [{ previousNode: "Sort" }], ...overrides };
}

/** Evaluates one expression for every item and returns values, throwing nothing. */
export async function evalAll(sandbox: ExecutionSandbox, scope: EvaluationScope, expression: string): Promise<{ values: unknown[]; errors: unknown[] }> {
  const result = await sandbox.evaluate(scope, [expression]);
  return { values: result.values[0] ?? [], errors: result.errors[0] ?? [] };
}
