import { CliError } from "./command";

/** Positional arguments and `--flag` / `--name=value` options of a command. */
export interface ParsedArgs {
  readonly positional: string[];
  readonly flags: ReadonlyMap<string, string | true>;
}

/**
 * Splits a command's arguments. Only the listed flags are accepted; anything else, or the wrong
 * number of positional arguments, is a usage error (exit 2) that prints the usage line.
 */
export function parseArgs(args: readonly string[], spec: { usage: string; positional: number; flags: readonly string[] }): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (const arg of args) {
    if (arg.startsWith("--")) {
      const [name, ...rest] = arg.slice(2).split("=");
      if (!name || !spec.flags.includes(name)) throw new CliError(`Unknown option ${arg}.\nUsage: ./bos wf ${spec.usage}`, 2);
      flags.set(name, rest.length > 0 ? rest.join("=") : true);
    } else positional.push(arg);
  }
  if (positional.length !== spec.positional) {
    throw new CliError(`Expected ${spec.positional} file argument${spec.positional === 1 ? "" : "s"}, got ${positional.length}.\nUsage: ./bos wf ${spec.usage}`, 2);
  }
  return { positional, flags };
}

/**
 * Accepts `--name VALUE` as well as `--name=VALUE` for the given value flags (written with their
 * dashes), by joining such pairs before `parseArgs`; a following `--flag` is never taken as a value.
 */
export function joinValueFlags(args: readonly string[], valueFlags: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const next = args[i + 1];
    if (valueFlags.has(arg) && next !== undefined && !next.startsWith("--")) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}
