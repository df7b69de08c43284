import { CliError, type CliIo } from "./command";
import { commands } from "./commands";

/** Dispatches `wf <command> ...args`; never throws: unexpected errors print a message and exit 2. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [group, name, ...rest] = argv;
  if (group !== "wf" || !name || name === "help" || name === "--help") {
    io.err(usage());
    return group === "wf" && (name === "help" || name === "--help") ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`Unknown command "wf ${name}".\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.err(error.message);
      return error.exitCode;
    }
    io.err(`wf ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
}

function usage(): string {
  const lines = commands.map((c) => `  ./bos wf ${c.usage}\n      ${c.summary}`);
  return `Usage:\n${lines.join("\n")}`;
}
