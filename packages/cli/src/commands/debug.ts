import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { DebugSession, EngineError, type Breakpoint, type DebugReport } from "@bos/engine";
import { CliError, type Command } from "../command";
import { createLocalEngine } from "../local-engine";
import { joinValueFlags, parseArgs } from "../parse-args";
import { parseInputItems, readWorkflow } from "./run";

const USAGE = "debug FILE [--break NODE[,NODE...]] [--input JSON] [--dry-run]";
const VALUE_FLAGS = new Set(["--break", "--input"]);
const HELP = [
  "commands:",
  "  step | s                  run the node it is paused at, pause before the next one",
  "  continue | c              run to the next breakpoint (or the end)",
  "  run-to NODE | r NODE      run until just before NODE",
  "  break NODE [CONDITION]    set a breakpoint (CONDITION: an expression over the node's input, e.g. $json.total > 100)",
  "  clear [NODE]              remove the breakpoint on NODE (all without NODE)",
  "  inspect [NODE] | i        the paused node's input, or NODE's last output",
  "  abort | q                 end the session",
].join("\n");

function describe(report: DebugReport): string {
  if (report.status === "paused" && report.pause) {
    const { pause } = report;
    const items = pause.input.map((input) => (input ? input.length : 0)).join("/");
    const matched = pause.matchedItem !== undefined ? `, condition true for item ${pause.matchedItem}` : "";
    return `paused before "${pause.node}" (run ${pause.runIndex}, ${pause.reason}${matched}); input: ${items || "0"} item(s)`;
  }
  const error = report.error ? `: ${report.error.message}${report.error.node ? ` (node "${report.error.node}")` : ""}` : "";
  return `${report.status}${error}`;
}

function inspect(report: DebugReport, node: string | undefined): unknown {
  if (node === undefined) return report.pause ? { node: report.pause.node, input: report.pause.input.map((input) => input?.map((item) => item.json) ?? null) } : { runData: Object.keys(report.runData) };
  const last = report.runData[node]?.at(-1);
  if (!last) return { node, ran: false };
  return { node, runs: report.runData[node]?.length, output: last.data?.main.map((items) => items.map((item) => item.json)) ?? null, error: last.error ?? null };
}

/**
 * `wf debug FILE --break NODE`: runs the workflow in this process until a breakpoint and then reads
 * commands (step, continue, run-to, break, clear, inspect, abort) line by line from stdin, so a script can
 * pipe them in. Exit 0 when the run ends successfully, 1 when it fails or is aborted, 2 on usage errors.
 */
export function createDebugCommand(input: () => Readable = () => process.stdin): Command {
  return {
    name: "debug",
    usage: USAGE,
    summary: "Step-debug a workflow in-process: stop at --break nodes, then step/continue/run-to/break/inspect/abort at a prompt (stdin).",
    async run(args, io) {
      const { positional, flags } = parseArgs(joinValueFlags(args, VALUE_FLAGS), { usage: USAGE, positional: 1, flags: ["break", "input", "dry-run"] });
      const file = positional[0] as string;
      const doc = readWorkflow(file);
      const breakFlag = flags.get("break");
      if (breakFlag === true) throw new CliError(`--break needs node names: --break="Node A,Node B".\nUsage: ./bos wf ${USAGE}`, 2);
      const breakpoints: Breakpoint[] = (breakFlag ?? "").split(",").map((n) => n.trim()).filter(Boolean).map((node) => ({ node }));
      const inputFlag = flags.get("input");
      if (inputFlag === true) throw new CliError(`--input needs JSON.\nUsage: ./bos wf ${USAGE}`, 2);
      const triggerItems = inputFlag === undefined ? undefined : parseInputItems(inputFlag);
      const local = createLocalEngine();
      const rl = createInterface({ input: input(), terminal: false });
      try {
        let session: DebugSession;
        try {
          session = await DebugSession.start({ engine: local.engine, sandboxPool: local.sandboxPool }, doc, { breakpoints, triggerItems, mode: flags.has("dry-run") ? "dry-run" : "manual" });
        } catch (error) {
          if (error instanceof EngineError) throw new CliError(`${file} cannot be debugged: ${error.message}${error.description ? `\n${error.description}` : ""}`, 2);
          throw error;
        }
        io.out(describe(session.report()));
        const lines = rl[Symbol.asyncIterator]();
        while (session.status === "paused" || session.status === "waiting") {
          const next = await lines.next();
          if (next.done) {
            io.out(describe(session.abort()));
            break;
          }
          const [command = "", ...rest] = String(next.value).trim().split(/\s+/);
          const argument = rest.join(" ");
          try {
            switch (command) {
              case "":
                break;
              case "help":
                io.out(HELP);
                break;
              case "s":
              case "step":
                io.out(describe(await session.step()));
                break;
              case "c":
              case "continue":
                io.out(describe(await session.continue()));
                break;
              case "r":
              case "run-to":
                io.out(describe(await session.runTo(argument)));
                break;
              case "b":
              case "break": {
                const [node = "", ...condition] = rest;
                session.setBreakpoint(condition.length > 0 ? { node, condition: condition.join(" ") } : { node });
                io.out(`breakpoints: ${session.report().breakpoints.map((bp) => (bp.condition ? `${bp.node} if ${bp.condition}` : bp.node)).join(", ")}`);
                break;
              }
              case "clear":
                session.clearBreakpoint(argument === "" ? undefined : argument);
                io.out(`breakpoints: ${session.report().breakpoints.map((bp) => bp.node).join(", ") || "(none)"}`);
                break;
              case "i":
              case "inspect":
                io.out(JSON.stringify(inspect(session.report(), argument === "" ? undefined : argument), null, 2));
                break;
              case "q":
              case "abort":
                io.out(describe(session.abort()));
                break;
              default:
                io.err(`unknown command "${command}"\n${HELP}`);
            }
          } catch (error) {
            if (!(error instanceof EngineError)) throw error;
            io.err(error.message);
          }
        }
        return session.status === "success" ? 0 : 1;
      } finally {
        rl.close();
        await local.close();
      }
    },
  };
}

export const debugCommand = createDebugCommand();
