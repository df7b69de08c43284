import { findCycles } from "./find-cycles";

describe("findCycles", () => {
  it("finds a two-node cycle and ignores the tail", () => {
    expect(findCycles(["A", "B", "C"], [["A", "B"], ["B", "A"], ["B", "C"]])).toEqual([["A", "B"]]);
  });
  it("finds self loops", () => {
    expect(findCycles(["A", "B"], [["A", "B"], ["B", "B"]])).toEqual([["B"]]);
  });
  it("returns nothing for a DAG with shared descendants", () => {
    expect(findCycles(["A", "B", "C", "D"], [["A", "B"], ["A", "C"], ["B", "D"], ["C", "D"]])).toEqual([]);
  });
  it("handles long chains without overflowing the stack", () => {
    const names = Array.from({ length: 20_000 }, (_, i) => `n${i}`);
    const edges = names.slice(1).map((n, i) => [names[i] as string, n] as const);
    expect(findCycles(names, [...edges, ["n19999", "n0"]])[0]).toHaveLength(20_000);
  });
  it("ignores edges to names outside the node list", () => {
    expect(findCycles(["A"], [["A", "ghost"], ["ghost", "A"]])).toEqual([]);
  });
});
