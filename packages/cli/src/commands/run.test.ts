import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../run-cli";
import { parseInputItems } from "./run";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out, err };
}

function file(doc: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), "bos-run-"));
  const path = join(dir, "wf.json");
  writeFileSync(path, typeof doc === "string" ? doc : JSON.stringify(doc));
  return path;
}

describe("wf run", () => {
  it("exits 2 with a message when the file does not exist", async () => {
    const { io, err } = capture();
    expect(await runCli(["wf", "run", "/nonexistent/wf.json"], io)).toBe(2);
    expect(err.join("\n")).toContain("Cannot read /nonexistent/wf.json");
  });

  it("exits 2 when the file is not a workflow document", async () => {
    const { io, err } = capture();
    expect(await runCli(["wf", "run", file({ nodes: "no" })], io)).toBe(2);
    expect(err.join("\n")).toContain("is not a workflow document");
    expect(await runCli(["wf", "run", file("{not json")], io)).toBe(2);
  });

  it("exits 2 when the workflow cannot run (unknown node type), naming the node", async () => {
    const { io, err } = capture();
    const doc = { name: "x", nodes: [{ name: "Odd", type: "vendor.unknown", typeVersion: 1, position: [0, 0], parameters: {} }], connections: {} };
    expect(await runCli(["wf", "run", file(doc)], io)).toBe(2);
    expect(err.join("\n")).toContain('Node "Odd" has type vendor.unknown v1');
  });

  it("rejects a malformed --input", async () => {
    const { io, err } = capture();
    expect(await runCli(["wf", "run", file({ name: "x", nodes: [], connections: {} }), "--input", "[1]"], io)).toBe(2);
    expect(err.join("\n")).toContain("--input item 0 is not an object");
  });
});

describe("parseInputItems", () => {
  it("accepts items, bare objects and a single object", () => {
    expect(parseInputItems('[{"json":{"a":1}},{"b":2}]')).toEqual([{ json: { a: 1 } }, { json: { b: 2 } }]);
    expect(parseInputItems('{"c":3}')).toEqual([{ json: { c: 3 } }]);
  });
});
