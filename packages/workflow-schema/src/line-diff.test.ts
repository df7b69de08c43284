import { diffLines, formatLineDiff } from "./line-diff";

const apply = (ops: ReturnType<typeof diffLines>, side: "before" | "after") =>
  ops.filter((o) => o.kind === "equal" || o.kind === (side === "before" ? "remove" : "add")).map((o) => o.line);

describe("diffLines", () => {
  it("finds the shortest edit", () => {
    expect(diffLines("a\nb\nc", "a\nc\nd")).toEqual([
      { kind: "equal", line: "a" },
      { kind: "remove", line: "b" },
      { kind: "equal", line: "c" },
      { kind: "add", line: "d" },
    ]);
  });
  it("handles empty sides", () => {
    expect(diffLines("", "x")).toEqual([{ kind: "add", line: "x" }]);
    expect(diffLines("x", "")).toEqual([{ kind: "remove", line: "x" }]);
    expect(diffLines("", "")).toEqual([]);
  });
  it("ignores the difference between \\n and \\r\\n", () => {
    expect(diffLines("a\r\nb", "a\nb").every((o) => o.kind === "equal")).toBe(true);
  });
  it("reproduces both texts for many random edits", () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 50; round += 1) {
      const a = Array.from({ length: Math.floor(rand() * 30) }, () => String(Math.floor(rand() * 5)));
      const b = Array.from({ length: Math.floor(rand() * 30) }, () => String(Math.floor(rand() * 5)));
      const ops = diffLines(a.join("\n"), b.join("\n"));
      expect(apply(ops, "before")).toEqual(a.length === 0 ? [] : a);
      expect(apply(ops, "after")).toEqual(b.length === 0 ? [] : b);
    }
  });
});

describe("formatLineDiff", () => {
  it("shows changes with two lines of context and elides the rest", () => {
    const before = ["1", "2", "3", "4", "5", "6", "7", "8"].join("\n");
    const after = ["1", "2", "3", "4", "5", "6", "7", "X"].join("\n");
    expect(formatLineDiff(diffLines(before, after))).toBe("  6\n  7\n- 8\n+ X");
  });
});
