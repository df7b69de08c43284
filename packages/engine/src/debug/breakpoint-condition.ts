import type { ExecutionSandbox } from "@bos/sandbox";
import type { WorkflowDocument } from "@bos/workflow-schema";
import type { RunState, SandboxProvider, StackEntry } from "../types";

/** A condition as an n8n expression: `={{ ... }}` kept, `{{ ... }}` templates and bare JavaScript wrapped. */
export function conditionExpression(condition: string): string {
  const text = condition.trim();
  if (text.startsWith("=")) return text;
  if (text.includes("{{")) return `=${text}`;
  return `={{ ${text} }}`;
}

/**
 * Evaluates a breakpoint condition against the input of the node about to run, in a fresh sandbox that
 * has seen every earlier node run of the state (so `$('Node')` works). Returns the index of the first input
 * item for which it is truthy, or undefined. An expression that fails for an item counts as false there.
 */
export async function firstMatchingItem(
  pool: SandboxProvider,
  doc: WorkflowDocument,
  state: RunState,
  entry: StackEntry,
  runIndex: number,
  condition: string,
): Promise<number | undefined> {
  const settings = doc.settings ?? {};
  const sandbox: ExecutionSandbox = await pool.acquire({
    executionId: state.executionId,
    mode: state.mode,
    workflow: { id: doc.id === undefined ? undefined : String(doc.id), name: doc.name, active: doc.active ?? false },
    nodes: doc.nodes,
    connections: doc.connections,
    timezone: settings.timezone && settings.timezone !== "DEFAULT" ? settings.timezone : "UTC",
  });
  try {
    const runs = Object.entries(state.runData).flatMap(([node, tasks]) => tasks.map((task, i) => ({ node, runIndex: i, task })));
    runs.sort((a, b) => a.task.executionIndex - b.task.executionIndex);
    for (const run of runs) sandbox.recordNodeRun({ node: run.node, runIndex: run.runIndex, source: run.task.source, outputs: run.task.data?.main ?? [] });
    const inputs = entry.inputs.map((input) => input ?? []);
    const items = inputs.find((input) => input.length > 0) ?? inputs[0] ?? [];
    const result = await sandbox.evaluate({ node: entry.node, runIndex, inputs, source: entry.source, itemCount: Math.max(1, items.length) }, [conditionExpression(condition)]);
    const values = result.values[0] ?? [];
    const errors = result.errors[0];
    for (let i = 0; i < values.length; i++) if (!errors?.[i] && values[i]) return i;
    return undefined;
  } finally {
    sandbox.dispose();
  }
}
