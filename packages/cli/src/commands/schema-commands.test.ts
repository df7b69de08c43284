import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { canonicalJson } from "@bos/workflow-schema";
import { runCli } from "../run-cli";

const fixture = (name: string) => join(__dirname, "..", "__fixtures__", name);

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(["wf", ...argv], { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

function tempFile(name: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), "bos-cli-"));
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const noStackTrace = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe("wf validate", () => {
  it("exits 0 for a workflow that is valid to save", async () => {
    const result = await run("validate", fixture("workflow-v1.json"), "--purpose=save");
    expect(result.code).toBe(0);
    expect(result.out).toContain("valid for save");
  });

  it("exits 0 for a workflow that is ready to run (the default purpose)", async () => {
    const result = await run("validate", fixture("workflow-v1.json"));
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/valid for run$/);
  });

  it("exits 1 and prints every problem, one per line", async () => {
    const result = await run("validate", fixture("invalid-workflow.json"));
    expect(result.code).toBe(1);
    expect(result.err).toContain("error WF_SCHEMA_NODE_NAME_DUPLICATE at nodes[1].name");
    expect(result.err).toContain("error WF_SCHEMA_FIELD_TYPE at nodes[1].typeVersion");
    expect(result.err).toContain("error WF_SCHEMA_CONNECTION_TARGET_UNKNOWN at connections.Start.main[0][0].node");
    noStackTrace(result.err);
  });

  it("asks for a production trigger with --purpose=publish", async () => {
    const result = await run("validate", fixture("workflow-v1.json"), "--purpose=publish");
    expect(result.code).toBe(1);
    expect(result.err).toContain("error WF_SCHEMA_NO_TRIGGER at nodes");
  });

  it("prints JSON with --json", async () => {
    const result = await run("validate", fixture("invalid-workflow.json"), "--json");
    expect(result.code).toBe(1);
    const parsed = JSON.parse(result.out) as { ok: boolean; issues: Array<{ code: string; path: string }> };
    expect(parsed.ok).toBe(false);
    expect(parsed.issues).toContainEqual(expect.objectContaining({ code: "WF_SCHEMA_NODE_NAME_DUPLICATE", path: "nodes[1].name" }));
  });

  it("exits 1 with a message for a file that is not JSON", async () => {
    const result = await run("validate", tempFile("bad.json", "<html>nope</html>"));
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/is not valid JSON/);
    noStackTrace(result.err);
  });

  it("exits 1 for JSON of the wrong shape", async () => {
    const result = await run("validate", tempFile("array.json", "[1, 2]"));
    expect(result.code).toBe(1);
    expect(result.err).toContain("WF_SCHEMA_NOT_OBJECT");
  });

  it("refuses a huge file by its size, before reading it", async () => {
    const result = await run("validate", tempFile("huge.json", `{"name":"${"x".repeat(5 * 1024 * 1024)}"}`));
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/at most 5242880 bytes/);
  });

  it("exits 2 for a missing file or a bad option", async () => {
    expect((await run("validate", "/nonexistent/wf.json")).code).toBe(2);
    const bad = await run("validate", fixture("workflow-v1.json"), "--frobnicate");
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("Usage: ./bos wf validate FILE");
    expect((await run("validate")).code).toBe(2);
  });
});

describe("wf import-n8n", () => {
  it("prints the document as the file said it, and the report with --report", async () => {
    const result = await run("import-n8n", fixture("n8n-legacy.json"), "--report");
    expect(result.code).toBe(0);
    expect(canonicalJson(JSON.parse(result.out))).toBe(canonicalJson(JSON.parse(readFileSync(fixture("n8n-legacy.json"), "utf8"))));
    expect(result.err).toMatch(/"Acme" n8n-nodes-acme\.thing v1/);
    expect(result.err).toMatch(/unsupported\s+"Acme"/);
    expect(result.err).toMatch(/mapped\s+"Start" n8n-nodes-base\.start v1 → n8n-nodes-base\.manualTrigger/);
    expect(result.err).toMatch(/mapped\s+"Function" n8n-nodes-base\.function v1 → n8n-nodes-base\.code/);
    expect(result.err).toContain('"Function" httpHeaderAuth: "Legacy key" (name only)');
    expect(result.err).toContain("continueOnFail");
  });

  it("exits 1 for a file that is not a workflow", async () => {
    const result = await run("import-n8n", tempFile("x.json", '{"nodes": 3}'));
    expect(result.code).toBe(1);
    expect(result.err).toContain("WF_SCHEMA_FIELD_TYPE");
    noStackTrace(result.err);
  });

  it("imports an export array as an array", async () => {
    const file = tempFile("all.json", JSON.stringify([JSON.parse(readFileSync(fixture("workflow-v1.json"), "utf8"))]));
    const result = await run("import-n8n", file);
    expect(result.code).toBe(0);
    expect(Array.isArray(JSON.parse(result.out))).toBe(true);
  });
});

describe("wf export-n8n", () => {
  it("prints n8n JSON with n8n's key order and every field", async () => {
    const result = await run("export-n8n", fixture("workflow-v2.json"));
    expect(result.code).toBe(0);
    const exported = JSON.parse(result.out) as Record<string, unknown>;
    expect(Object.keys(exported)[0]).toBe("name");
    expect(canonicalJson(exported)).toBe(canonicalJson(JSON.parse(readFileSync(fixture("workflow-v2.json"), "utf8"))));
  });

  it("exports our control-flow nodes as their nearest n8n nodes and says so on stderr", async () => {
    const doc = {
      name: "control",
      nodes: [
        { name: "Start", type: "n8n-nodes-base.manualTrigger", typeVersion: 1, position: [0, 0], parameters: {} },
        { name: "Check", type: "bos.condition", typeVersion: 1, position: [200, 0], parameters: {} },
      ],
      connections: { Start: { main: [[{ node: "Check", type: "main", index: 0 }]] } },
    };
    const result = await run("export-n8n", tempFile("control.json", JSON.stringify(doc)));
    expect(result.code).toBe(0);
    expect((JSON.parse(result.out) as { nodes: Array<{ type: string; typeVersion: number }> }).nodes[1]).toMatchObject({ type: "n8n-nodes-base.if", typeVersion: 2.2 });
    expect(result.err).toContain('note: node "Check" (bos.condition) exported as n8n-nodes-base.if v2.2.');
  });

  it("exits 1 for a broken document", async () => {
    const result = await run("export-n8n", fixture("invalid-workflow.json"));
    expect(result.code).toBe(1);
    expect(result.err).toContain("WF_SCHEMA_NODE_NAME_DUPLICATE");
  });
});

describe("wf diff", () => {
  it("prints a semantic diff: rename, code lines, new host, cosmetic move", async () => {
    const result = await run("diff", fixture("workflow-v1.json"), fixture("workflow-v2.json"));
    expect(result.code).toBe(0);
    expect(result.out).toContain('~ renamed "Fetch" → "Get orders"');
    expect(result.out).toContain("- return $input.all();");
    expect(result.out).toContain("+ return $input.all().slice(0, 10);");
    expect(result.out).toContain("! hooks.partner.example");
    expect(result.out).toContain('+ added "Report"');
    expect(result.out).toMatch(/Cosmetic \(positions only\)\n  "Get orders" moved/);
    expect(result.out).not.toContain('- "Fetch"');
  });

  it("prints JSON with --json and an empty diff for the same file", async () => {
    const result = await run("diff", fixture("workflow-v1.json"), fixture("workflow-v1.json"), "--json");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toEqual({ changes: [] });
    expect((await run("diff", fixture("workflow-v1.json"), fixture("workflow-v1.json"))).out).toBe("No changes.");
  });

  it("exits 1 when a file is not a workflow", async () => {
    const result = await run("diff", fixture("workflow-v1.json"), fixture("invalid-workflow.json"));
    expect(result.code).toBe(1);
    expect(result.err).toContain("is not a valid workflow");
    noStackTrace(result.err);
  });
});
