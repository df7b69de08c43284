import type { RunData } from "@bos/engine";
import { mergeReplay, nodeEventsFromRunData, type StreamEvent } from "./execution-event-replay";

const ids = { executionId: "e1", workflowId: "w1" };

function task(startTime: number, executionTime: number, executionIndex: number) {
  return { startTime, executionTime, executionIndex, executionStatus: "success" as const, source: [] };
}

describe("execution event replay", () => {
  it("rebuilds a start and a finish per recorded node run", () => {
    const runData = { A: [task(100, 5, 0)], B: [task(110, 2, 1), task(120, 3, 2)] } as unknown as RunData;
    const events = nodeEventsFromRunData(runData, ids);
    expect(events.map((e) => `${e.type} ${String(e.node)}#${String(e.runIndex)}@${e.at}`)).toEqual([
      "node.started A#0@100",
      "node.finished A#0@105",
      "node.started B#0@110",
      "node.finished B#0@112",
      "node.started B#1@120",
      "node.finished B#1@123",
    ]);
    expect(events.every((e) => e.replayed === true)).toBe(true);
  });

  it("merges streamed and recorded events by time, each node run once", () => {
    const streamed: StreamEvent[] = [
      { type: "execution.started", at: 99, resumed: false },
      { type: "node.started", node: "B", runIndex: 0, at: 110 },
      { type: "node.finished", node: "B", runIndex: 0, at: 112, status: "success" },
    ];
    const recorded = nodeEventsFromRunData({ A: [task(100, 5, 0)], B: [task(110, 2, 1)] } as unknown as RunData, ids);
    const merged = mergeReplay(streamed, recorded);
    expect(merged.map((e) => `${e.type}${e.node ? ` ${String(e.node)}` : ""}`)).toEqual([
      "execution.started",
      "node.started A",
      "node.finished A",
      "node.started B",
      "node.finished B",
    ]);
    expect(merged[3]?.replayed).toBeUndefined();
  });

  it("leaves execution.finished to the caller", () => {
    expect(mergeReplay([{ type: "execution.finished", at: 1, status: "succeeded" }], [])).toEqual([]);
  });
});
