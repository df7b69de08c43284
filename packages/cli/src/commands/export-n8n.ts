import { createBuiltinRegistry } from "@bos/nodes";
import { exportN8nWorkflowWithReport, validateWorkflow, type WorkflowDocument } from "@bos/workflow-schema";
import type { Command } from "../command";
import { formatIssue } from "../format-issue";
import { parseArgs } from "../parse-args";
import { readJsonFile } from "../read-json-file";

const USAGE = "export-n8n FILE";

/** `wf export-n8n FILE`: prints the document as n8n workflow JSON; exit 1 when its structure is broken. */
export const exportN8nCommand: Command = {
  name: "export-n8n",
  usage: USAGE,
  summary: "Write a workflow document as JSON n8n's importer accepts (an array of documents gives an array).",
  async run(args, io) {
    const { positional } = parseArgs(args, { usage: USAGE, positional: 1, flags: [] });
    const file = positional[0] as string;
    const { value, bytes } = readJsonFile(file);
    const registry = createBuiltinRegistry();
    const inputs = Array.isArray(value) ? (value as unknown[]) : [value];
    const exported: Record<string, unknown>[] = [];
    let failed = false;
    inputs.forEach((input, index) => {
      const result = validateWorkflow(input, registry, { purpose: "import", sizeBytes: inputs.length === 1 ? bytes : undefined });
      if (!result.ok) {
        failed = true;
        for (const issue of result.issues) io.err(`${Array.isArray(value) ? `[${index}] ` : ""}${formatIssue(issue)}`);
        return;
      }
      const { workflow, report } = exportN8nWorkflowWithReport(result.value as WorkflowDocument, { registry });
      // Our control-flow nodes become their nearest n8n equivalents: say which, and what changed.
      for (const m of report.mapped) io.err(`${Array.isArray(value) ? `[${index}] ` : ""}note: node "${m.node}" (${m.from}) exported as ${m.to} v${m.typeVersion}. ${m.note}`);
      exported.push(workflow);
    });
    if (failed) {
      io.err(`${file}: cannot be exported; fix the problems above.`);
      return 1;
    }
    io.out(JSON.stringify(Array.isArray(value) ? exported : exported[0], null, 2));
    return 0;
  },
};
