import { createBuiltinRegistry } from "@bos/nodes";
import { importN8nWorkflow, type ImportedWorkflow } from "@bos/workflow-schema";
import type { CliIo, Command } from "../command";
import { formatIssue } from "../format-issue";
import { parseArgs } from "../parse-args";
import { readJsonFile } from "../read-json-file";

const USAGE = "import-n8n FILE [--report]";

/**
 * `wf import-n8n FILE`: prints the imported document (an array for an n8n export array) on stdout;
 * `--report` adds the compatibility report on stderr. Exit 1 when the file's structure is broken.
 */
export const importN8nCommand: Command = {
  name: "import-n8n",
  usage: USAGE,
  summary: "Import an n8n workflow file (or export array): prints the document; --report prints node support and credentials to map.",
  async run(args, io) {
    const { positional, flags } = parseArgs(args, { usage: USAGE, positional: 1, flags: ["report"] });
    const file = positional[0] as string;
    const { value, bytes } = readJsonFile(file);
    const result = importN8nWorkflow(value, createBuiltinRegistry(), { sizeBytes: bytes });
    if (!result.ok) {
      for (const issue of result.issues) io.err(formatIssue(issue));
      io.err(`${file}: cannot be imported (${result.issues.length} problem${result.issues.length === 1 ? "" : "s"}).`);
      return 1;
    }
    const documents = result.workflows.map((w) => w.document);
    io.out(JSON.stringify(result.wasArray ? documents : documents[0], null, 2));
    if (flags.has("report")) for (const workflow of result.workflows) printReport(workflow, io);
    return 0;
  },
};

function printReport({ document, report, issues }: ImportedWorkflow, io: CliIo): void {
  const { supported, mapped, unsupported } = report.summary;
  const lines = [`Workflow "${document.name}": ${supported} supported, ${mapped} mapped, ${unsupported} unsupported node${unsupported === 1 ? "" : "s"}`];
  for (const node of report.nodes) {
    const detail = node.status === "mapped" ? ` → ${node.mappedTo}` : "";
    lines.push(`  ${node.status.padEnd(11)} "${node.node}" ${node.type} v${node.typeVersion}${detail}${node.reason ? `: ${node.reason}` : ""}`);
  }
  if (report.credentials.length > 0) {
    lines.push("Credentials to map:");
    for (const c of report.credentials) lines.push(`  "${c.node}" ${c.credentialType}: "${c.name}"${c.id === null ? " (name only)" : ` (id ${c.id})`}`);
  }
  if (report.legacySpellings.length > 0) {
    lines.push("Legacy spellings (kept; read in their current meaning):");
    for (const s of report.legacySpellings) lines.push(`  ${s.path}: ${s.message}`);
  }
  const warnings = issues.filter((i) => i.code !== "WF_SCHEMA_NODE_TYPE_UNKNOWN" && i.code !== "WF_SCHEMA_NODE_VERSION_UNSUPPORTED");
  if (warnings.length > 0) {
    lines.push("Warnings:");
    for (const issue of warnings) lines.push(`  ${formatIssue(issue)}`);
  }
  io.err(lines.join("\n"));
}
