import type { RunData } from "@bos/engine";
import type { ExecutionEvent } from "@bos/queue";

/** An event as the stream sends it: the worker's event without the tenant id, maybe marked as replayed. */
export type StreamEvent = Record<string, unknown> & { type: string; at: number };

/**
 * Node events rebuilt from recorded node runs (run data from execution_steps): a `node.started` at the run's
 * start and a `node.finished` at its end, each marked `replayed`.
 */
export function nodeEventsFromRunData(runData: RunData, execution: { executionId: string; workflowId: string }): StreamEvent[] {
  const events: StreamEvent[] = [];
  for (const [node, tasks] of Object.entries(runData)) {
    tasks.forEach((task, runIndex) => {
      if (!task) return;
      const base = { executionId: execution.executionId, workflowId: execution.workflowId, node, runIndex, replayed: true };
      events.push({ type: "node.started", ...base, at: task.startTime });
      events.push({
        type: "node.finished",
        ...base,
        at: task.startTime + task.executionTime,
        status: task.executionStatus === "success" ? "success" : "error",
        executionTime: task.executionTime,
      });
    });
  }
  return events;
}

/** The published event as the client sees it (no tenant id). */
export function visibleEvent(event: ExecutionEvent, replayed = false): StreamEvent {
  const { tenantId: _tenantId, ...rest } = event;
  return replayed ? { ...rest, replayed: true } : rest;
}

/** Key that identifies one node run's start or finish, for de-duplication. */
export function eventKey(event: StreamEvent): string | undefined {
  if (event.type === "node.started" || event.type === "node.finished") return `${event.type}:${String(event.node)}#${String(event.runIndex)}`;
  if (event.type === "execution.started") return `execution.started:${event.resumed === true ? event.at : "first"}`;
  return undefined;
}

/**
 * What happened before the listener arrived, in order: events still in the tenant's Redis stream and node runs
 * recorded in Postgres (which cover a stream trimmed since), merged by time, each node run's start and finish
 * once. `execution.finished` is left out: the caller decides the end.
 */
export function mergeReplay(streamed: StreamEvent[], recorded: StreamEvent[]): StreamEvent[] {
  const seen = new Set<string>();
  const out: StreamEvent[] = [];
  const rank = (e: StreamEvent) => (e.type === "execution.started" ? 0 : e.type === "node.started" ? 1 : 2);
  const all = [...streamed, ...recorded].filter((e) => e.type !== "execution.finished");
  // Stable sort by time, then starts before finishes; streamed events win ties over recorded copies (first seen).
  const sorted = all.map((e, i) => ({ e, i })).sort((a, b) => a.e.at - b.e.at || rank(a.e) - rank(b.e) || a.i - b.i);
  for (const { e } of sorted) {
    const key = eventKey(e);
    if (key) {
      if (seen.has(key)) continue;
      seen.add(key);
    }
    out.push(e);
  }
  return out;
}
