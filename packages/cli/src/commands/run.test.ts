import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { n8nCasesDir } from "@bos/testing";
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

describe("wf run on real workflows", () => {
  const cases = n8nCasesDir();

  it("prints n8n-shaped run data as JSON and exits 0 when the run succeeds", async () => {
    const { io, out } = capture();
    expect(await runCli(["wf", "run", join(cases, "execution-order-v1-fork.json"), "--json"], io)).toBe(0);
    const printed = JSON.parse(out.join("\n")) as { status: string; lastNodeExecuted: string; error: unknown; runData: Record<string, Array<{ executionIndex: number; executionStatus: string; data: { main: Array<Array<{ json: unknown }>> } }>> };
    expect(printed.status).toBe("success");
    expect(printed.error).toBeNull();
    expect(printed.lastNodeExecuted).toBe("Bottom 2");
    expect(printed.runData.Top?.[0]).toMatchObject({ executionIndex: 2, executionStatus: "success", data: { main: [[{ json: { v: 1, path: "top" } }]] } });
  });

  it("prints the result and exits 1 when the run fails", async () => {
    const { io, out } = capture();
    expect(await runCli(["wf", "run", join(cases, "stop-and-error-after-if.json"), "--json"], io)).toBe(1);
    const printed = JSON.parse(out.join("\n")) as { status: string; lastNodeExecuted: string; error: { node: string; message: string } };
    expect(printed).toMatchObject({ status: "error", lastNodeExecuted: "Reject", error: { node: "Reject", message: "Invalid record 2" } });
  });

  it("starts from --trigger with the --input items", async () => {
    const doc = {
      name: "t",
      nodes: [
        { name: "Manual", type: "n8n-nodes-base.manualTrigger", typeVersion: 1, position: [0, 0], parameters: {} },
        { name: "Sub", type: "n8n-nodes-base.executeWorkflowTrigger", typeVersion: 1.1, position: [0, 200], parameters: { inputSource: "passthrough" } },
        { name: "After", type: "n8n-nodes-base.noOp", typeVersion: 1, position: [200, 200], parameters: {} },
      ],
      connections: { Sub: { main: [[{ node: "After", type: "main", index: 0 }]] } },
      settings: { executionOrder: "v1" },
    };
    const { io, out } = capture();
    expect(await runCli(["wf", "run", file(doc), "--trigger", "Sub", "--input", '[{"a":1},{"json":{"b":2}}]', "--json"], io)).toBe(0);
    const printed = JSON.parse(out.join("\n")) as { runData: Record<string, Array<{ data: { main: Array<Array<{ json: unknown }>> } }>> };
    expect(Object.keys(printed.runData)).toEqual(["Sub", "After"]);
    expect(printed.runData.After?.[0]?.data.main[0]?.map((i) => i.json)).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it("sits through a short timed Wait in-process and finishes the run", async () => {
    const doc = {
      name: "w",
      nodes: [
        { name: "Start", type: "n8n-nodes-base.manualTrigger", typeVersion: 1, position: [0, 0], parameters: {} },
        { name: "Wait", type: "n8n-nodes-base.wait", typeVersion: 1.1, position: [200, 0], parameters: { resume: "timeInterval", amount: 0.05, unit: "seconds" } },
        { name: "After", type: "n8n-nodes-base.noOp", typeVersion: 1, position: [400, 0], parameters: {} },
      ],
      connections: { Start: { main: [[{ node: "Wait", type: "main", index: 0 }]] }, Wait: { main: [[{ node: "After", type: "main", index: 0 }]] } },
      settings: { executionOrder: "v1" },
    };
    const { io, out } = capture();
    expect(await runCli(["wf", "run", file(doc), "--json"], io)).toBe(0);
    const printed = JSON.parse(out.join("\n")) as { status: string; runData: Record<string, unknown[]> };
    expect(printed.status).toBe("success");
    expect(Object.keys(printed.runData)).toEqual(["Start", "Wait", "After"]);
  });

  it("ends a run waiting for a webhook with exit 1 and says why", async () => {
    const doc = {
      name: "w",
      nodes: [
        { name: "Start", type: "n8n-nodes-base.manualTrigger", typeVersion: 1, position: [0, 0], parameters: {} },
        { name: "Approval", type: "n8n-nodes-base.wait", typeVersion: 1.1, position: [200, 0], parameters: { resume: "webhook" }, webhookId: "w1" },
      ],
      connections: { Start: { main: [[{ node: "Approval", type: "main", index: 0 }]] } },
      settings: { executionOrder: "v1" },
    };
    const { io, err } = capture();
    expect(await runCli(["wf", "run", file(doc)], io)).toBe(1);
    expect(err.join("\n")).toContain('waiting: node "Approval" waits for a webhook call, which this CLI cannot resume');
  });

  it("prints a readable summary without --json", async () => {
    const { io, out } = capture();
    expect(await runCli(["wf", "run", join(cases, "execution-order-v1-fork.json")], io)).toBe(0);
    expect(out[0]).toMatch(/^#0 Start \(\d+ ms\): 1 item\(s\)$/);
    expect(out.at(-1)).toBe("success");
  });
});

describe("parseInputItems", () => {
  it("accepts items, bare objects and a single object", () => {
    expect(parseInputItems('[{"json":{"a":1}},{"b":2}]')).toEqual([{ json: { a: 1 } }, { json: { b: 2 } }]);
    expect(parseInputItems('{"c":3}')).toEqual([{ json: { c: 3 } }]);
  });
});
