import type { Item } from "@bos/node-sdk";
import { workflow } from "../__fixtures__/workflow";
import { buildWorkflowGraph } from "../graph/workflow-graph";
import type { WaitingEntry } from "../types";
import { connectionInputItems } from "./connection-input";
import { meetsRequiredInputs, pickWaitingNode } from "./pick-waiting-node";

const item: Item = { json: {} };
const graph = buildWorkflowGraph(workflow({ A: { type: "t" }, B: { type: "t" }, M1: { type: "t" }, M2: { type: "t" } }, ["A -> M1", "B -> M1:1", "M1 -> M2", "B -> M2:1"]));
const partial = (): WaitingEntry => ({ inputs: [[item], null], source: [{ previousNode: "A" }, null] });

describe("meetsRequiredInputs", () => {
  it("checks a count, specific indexes, or every input", () => {
    expect(meetsRequiredInputs([[item], null], 1)).toBe(true);
    expect(meetsRequiredInputs([[item], []], [0, 1])).toBe(false);
    expect(meetsRequiredInputs([[item], [item]], undefined)).toBe(true);
    expect(meetsRequiredInputs([[item], []], undefined)).toBe(false);
  });
});

describe("pickWaitingNode", () => {
  it("runs a waiting node with missing inputs as [] when its requirement is met", () => {
    const waiting = { M1: [partial()] };
    expect(pickWaitingNode(graph, waiting, () => 1)).toEqual({ node: "M1", inputs: [[item], []], source: [{ previousNode: "A" }, null] });
    expect(waiting).toEqual({});
  });

  it("drops entries whose requirement is not met", () => {
    const waiting = { M1: [partial()] };
    expect(pickWaitingNode(graph, waiting, () => [0, 1])).toBeUndefined();
    expect(waiting).toEqual({});
  });

  it("holds back a node while one of its ancestors still waits", () => {
    const waiting: Record<string, WaitingEntry[]> = { M2: [partial()], M1: [partial()] };
    expect(pickWaitingNode(graph, waiting, () => 1)?.node).toBe("M1");
    expect(Object.keys(waiting)).toEqual(["M2"]);
  });
});

describe("connectionInputItems", () => {
  it("v1 takes the first input with items, v0 only input 0", () => {
    expect(connectionInputItems([[], [item]], "v1")).toEqual([item]);
    expect(connectionInputItems([[], [item]], "v0")).toBeNull();
    expect(connectionInputItems([null], "v1")).toBeNull();
  });
});
