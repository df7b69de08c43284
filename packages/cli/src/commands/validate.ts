import { createBuiltinRegistry } from "@bos/nodes";
import { validateWorkflow, type ValidationPurpose } from "@bos/workflow-schema";
import { CliError, type Command } from "../command";
import { formatIssue } from "../format-issue";
import { parseArgs } from "../parse-args";
import { readJsonFile } from "../read-json-file";

const USAGE = "validate FILE [--json] [--purpose=run|publish|save|import]";
const PURPOSES: readonly ValidationPurpose[] = ["import", "save", "run", "publish"];

/** `wf validate FILE`: exit 0 when valid (warnings printed), 1 with every problem when not. */
export const validateCommand: Command = {
  name: "validate",
  usage: USAGE,
  summary: "Check a workflow file against the format and the built-in nodes; prints every problem. Default purpose run (ready to execute); publish also needs a production trigger.",
  async run(args, io) {
    const { positional, flags } = parseArgs(args, { usage: USAGE, positional: 1, flags: ["json", "purpose"] });
    const file = positional[0] as string;
    const purposeFlag = flags.get("purpose");
    const purpose = (typeof purposeFlag === "string" ? purposeFlag : "run") as ValidationPurpose;
    if (!PURPOSES.includes(purpose)) throw new CliError(`--purpose must be one of ${PURPOSES.join(", ")}.\nUsage: ./bos wf ${USAGE}`, 2);
    const { value, bytes } = readJsonFile(file);
    const result = validateWorkflow(value, createBuiltinRegistry(), { purpose, sizeBytes: bytes });
    if (flags.has("json")) {
      io.out(JSON.stringify({ ok: result.ok, issues: result.issues }, null, 2));
    } else {
      for (const issue of result.issues) (result.ok ? io.out : io.err)(formatIssue(issue));
      const errors = result.issues.filter((i) => i.severity === "error").length;
      const warnings = result.issues.length - errors;
      if (result.ok) io.out(`${file}: valid for ${purpose}${warnings > 0 ? ` (${warnings} warning${warnings === 1 ? "" : "s"})` : ""}`);
      else io.err(`${file}: ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`);
    }
    return result.ok ? 0 : 1;
  },
};
