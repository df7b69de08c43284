import { createBuiltinRegistry } from "@bos/nodes";
import { diffWorkflows, formatDiff, validateWorkflow, type WorkflowDocument } from "@bos/workflow-schema";
import { CliError, type Command } from "../command";
import { formatIssue } from "../format-issue";
import { parseArgs } from "../parse-args";
import { readJsonFile } from "../read-json-file";

const USAGE = "diff OLD NEW [--json]";

/** `wf diff OLD NEW`: prints the semantic diff (or JSON); exit 0, or 1 when a file is not a workflow. */
export const diffCommand: Command = {
  name: "diff",
  usage: USAGE,
  summary: "Show what changed between two versions of a workflow: nodes, parameters, code, connections, settings, credentials, new hosts.",
  async run(args, io) {
    const { positional, flags } = parseArgs(args, { usage: USAGE, positional: 2, flags: ["json"] });
    const registry = createBuiltinRegistry();
    const [before, after] = positional.map((file) => {
      const { value, bytes } = readJsonFile(file);
      const result = validateWorkflow(value, registry, { purpose: "import", sizeBytes: bytes });
      if (!result.ok) {
        throw new CliError(`${file} is not a valid workflow:\n${result.issues.map(formatIssue).join("\n")}`, 1);
      }
      return result.value as WorkflowDocument;
    }) as [WorkflowDocument, WorkflowDocument];
    const diff = diffWorkflows(before, after);
    io.out(flags.has("json") ? JSON.stringify(diff, null, 2) : formatDiff(diff));
    return 0;
  },
};
