/**
 * One CLI command. `run` returns the process exit code; output goes through `io` so tests can capture it.
 * Exit codes: 0 ok, 1 the input is invalid / the run failed, 2 the command could not run (usage, unreadable file).
 */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export interface Command {
  /** Words after `wf`, e.g. "validate". */
  name: string;
  usage: string;
  summary: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** A usage or input problem that should print a message, never a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = 2,
  ) {
    super(message);
  }
}
