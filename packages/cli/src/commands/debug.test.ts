import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import type { CliIo } from "../command";
import { createDebugCommand } from "./debug";

function file(doc: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), "bos-debug-"));
  const path = join(dir, "wf.json");
  writeFileSync(path, JSON.stringify(doc));
  return path;
}

const set = (name: string, field: string, value: string, x: number) => ({
  name,
  type: "n8n-nodes-base.set",
  typeVersion: 3.4,
  position: [x, 0],
  parameters: { assignments: { assignments: [{ id: field, name: field, type: "string", value }] }, options: {} },
});

const doc = {
  name: "debug me",
  nodes: [{ name: "Start", type: "n8n-nodes-base.manualTrigger", typeVersion: 1, position: [0, 0], parameters: {} }, set("A", "a", "one", 200), set("B", "b", "={{ $json.a }}-two", 400), set("C", "c", "three", 600)],
  connections: {
    Start: { main: [[{ node: "A", type: "main", index: 0 }]] },
    A: { main: [[{ node: "B", type: "main", index: 0 }]] },
    B: { main: [[{ node: "C", type: "main", index: 0 }]] },
  },
  settings: { executionOrder: "v1" },
};

/** Runs `wf debug` with these lines piped in as stdin. */
async function debug(args: string[], lines: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => void out.push(t), err: (t) => void err.push(t) };
  const code = await createDebugCommand(() => Readable.from(lines.map((l) => `${l}\n`))).run(args, io);
  return { code, out, err };
}

describe("wf debug (commands piped through stdin)", () => {
  it("stops at the breakpoint, shows the input, steps twice and continues to the end", async () => {
    const { code, out, err } = await debug([file(doc), "--break", "B"], ["inspect", "step", "step", "inspect B", "continue"]);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out[0]).toBe('paused before "B" (run 0, breakpoint); input: 1 item(s)');
    expect(JSON.parse(out[1] as string)).toEqual({ node: "B", input: [[{ a: "one" }]] });
    expect(out[2]).toBe('paused before "C" (run 0, step); input: 1 item(s)');
    expect(out[3]).toBe("success");
    expect(out).toHaveLength(4);
  });

  it("runs to a node, sets a conditional breakpoint, and aborts when stdin ends", async () => {
    const { code, out } = await debug([file(doc), "--break", "A"], ["break C $json.b === 'one-two'", "run-to B", "inspect A", "continue"]);
    expect(out[0]).toBe('paused before "A" (run 0, breakpoint); input: 1 item(s)');
    expect(out[1]).toBe("breakpoints: A, C if $json.b === 'one-two'");
    expect(out[2]).toBe('paused before "B" (run 0, run-to); input: 1 item(s)');
    expect(JSON.parse(out[3] as string)).toEqual({ node: "A", runs: 1, output: [[{ a: "one" }]], error: null });
    expect(out[4]).toBe('paused before "C" (run 0, breakpoint, condition true for item 0); input: 1 item(s)');
    expect(out[5]).toBe("aborted");
    expect(code).toBe(1);
  });

  it("reports unknown nodes and commands without ending the session", async () => {
    const { out, err } = await debug([file(doc), "--break", "A"], ["run-to Nope", "dance", "abort"]);
    expect(err[0]).toContain('Cannot run to node "Nope"');
    expect(err[1]).toContain('unknown command "dance"');
    expect(out.at(-1)).toBe("aborted");
  });
});
