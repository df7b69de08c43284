import { EngineError, type RunData, type RunResult } from "@bos/engine";
import type { Item } from "@bos/node-sdk";
import { WorkflowDocumentSchema, type WorkflowDocument } from "@bos/workflow-schema";
import { CliError, type CliIo, type Command } from "../command";
import { createLocalEngine } from "../local-engine";
import { joinValueFlags, parseArgs } from "../parse-args";
import { readJsonFile } from "../read-json-file";

const USAGE = "run FILE [--input JSON] [--trigger NODE] [--json] [--pin] [--dry-run] [--from NODE --run-data FILE] [--to NODE]";
const VALUE_FLAGS = new Set(["--input", "--trigger", "--from", "--to", "--run-data"]);
/** Longest Wait the CLI sits through in-process (10 minutes); longer ones end the run as waiting. */
const MAX_IN_PROCESS_WAIT_MS = 10 * 60 * 1000;

/**
 * `wf run FILE`: runs a workflow in this process from its manual trigger (or `--trigger`, fed the
 * `--input` items) and prints `{status, lastNodeExecuted, error, runData}` with n8n's runData shape.
 * Exit 0 when the run succeeds, 1 when it does not (the result is printed either way), 2 when the
 * file cannot be run.
 */
export const runCommand: Command = {
  name: "run",
  usage: USAGE,
  summary: "Run a workflow in-process from its manual trigger (or --trigger fed --input items); --pin honours pinned data; --dry-run simulates side effects; --from/--to run part of it.",
  async run(args, io) {
    const { positional, flags } = parseArgs(joinValueFlags(args, VALUE_FLAGS), { usage: USAGE, positional: 1, flags: ["input", "trigger", "json", "pin", "dry-run", "from", "to", "run-data"] });
    const file = positional[0] as string;
    const doc = readWorkflow(file);
    const trigger = flags.get("trigger");
    if (trigger === true) throw new CliError(`--trigger needs a node name: --trigger="My Webhook".\nUsage: ./bos wf ${USAGE}`, 2);
    const input = flags.get("input");
    if (input === true) throw new CliError(`--input needs JSON: --input='[{"a":1}]'.\nUsage: ./bos wf ${USAGE}`, 2);
    const triggerItems = input === undefined ? undefined : parseInputItems(input);
    const partial = partialOptions(flags);
    const dryRun = flags.has("dry-run");
    // Dry runs and partial runs honour pinned data (a pin stands in for a node's output); plain runs with --pin.
    const mode = dryRun ? "dry-run" : partial || flags.has("pin") ? "manual" : "cli";
    // Timed waits are slept in-process by the engine, so waits on concurrent branches overlap.
    const local = createLocalEngine({ inProcessWaitMs: MAX_IN_PROCESS_WAIT_MS });
    let result: RunResult;
    try {
      result = partial
        ? await local.engine.runPartial(doc, { ...partial, mode, triggerItems })
        : await local.engine.run(doc, { mode, startNode: trigger, triggerItems });
      // Timed waits are honoured in-process (up to a limit); webhook and event waits cannot be, here.
      while (result.status === "waiting" && result.wait?.kind === "until") {
        const ms = result.wait.until.getTime() - Date.now();
        if (ms > MAX_IN_PROCESS_WAIT_MS) break;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
        result = await local.engine.resume(doc, result.state);
      }
    } catch (error) {
      if (error instanceof EngineError) throw new CliError(`${file} cannot be run: ${error.message}${error.description ? `\n${error.description}` : ""}`, 2);
      throw error;
    } finally {
      await local.close();
    }
    printResult(result, flags.has("json"), io);
    return result.status === "success" ? 0 : 1;
  },
};

/** `--from NODE --run-data FILE` / `--to NODE`: a partial run's options, or undefined for a whole run. */
function partialOptions(flags: ReadonlyMap<string, string | true>): { from?: string; to?: string; runData?: RunData } | undefined {
  const value = (name: string, what: string) => {
    const v = flags.get(name);
    if (v === true) throw new CliError(`--${name} needs ${what}: --${name}="${what}".\nUsage: ./bos wf ${USAGE}`, 2);
    return v;
  };
  const from = value("from", "a node name");
  const to = value("to", "a node name");
  const runDataFile = value("run-data", "a file");
  if (from === undefined && to === undefined) {
    if (runDataFile !== undefined) throw new CliError(`--run-data goes with --from NODE (the node to run from).\nUsage: ./bos wf ${USAGE}`, 2);
    return undefined;
  }
  return { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}), ...(runDataFile !== undefined ? { runData: readRunData(runDataFile) } : {}) };
}

/** Run data from a file: `{ "Node": [taskData...] }`, or a printed run (`wf run --json`, an execution) with `runData`. */
function readRunData(file: string): RunData {
  const value = readJsonForRun(file);
  const record = value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  const runData = record && "runData" in record ? record.runData : record;
  const valid = runData !== null && typeof runData === "object" && !Array.isArray(runData) && Object.values(runData as object).every((runs) => Array.isArray(runs));
  if (!valid) throw new CliError(`${file} holds no run data: expected { "Node": [runs...] } or a printed run with "runData".`, 2);
  return runData as RunData;
}

/** A JSON file a run needs (workflow, run data); one that cannot be read is a usage error (exit 2). */
function readJsonForRun(file: string): unknown {
  try {
    return readJsonFile(file).value;
  } catch (error) {
    if (error instanceof CliError) throw new CliError(error.message, 2);
    throw error;
  }
}

export function readWorkflow(file: string): WorkflowDocument {
  const value = readJsonForRun(file);
  const parsed = WorkflowDocumentSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((i) => `  ${i.path.join(".") || "(document)"}: ${i.message}`);
    throw new CliError(`${file} is not a workflow document:\n${problems.join("\n")}\nRun ./bos wf validate ${file} for every problem.`, 2);
  }
  return parsed.data;
}

/** `--input`: a JSON array of items (`{json}`) or bare objects, or one object. */
export function parseInputItems(text: string): Item[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliError(`--input is not valid JSON (${error instanceof Error ? error.message : String(error)}).`, 2);
  }
  const list = Array.isArray(value) ? value : [value];
  return list.map((entry, i) => {
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
      throw new CliError(`--input item ${i} is not an object: pass objects or {"json": {...}} items.`, 2);
    }
    const json = (entry as { json?: unknown }).json;
    if (json !== null && typeof json === "object" && !Array.isArray(json)) return entry as Item;
    return { json: entry as Record<string, unknown> };
  });
}

function describeWait(wait: NonNullable<RunResult["wait"]>): string {
  if (wait.kind === "until") return `the time ${wait.until.toISOString()} (more than 10 minutes away)`;
  if (wait.kind === "webhook") return "a webhook call";
  return `an event (${wait.eventType})`;
}

function printResult(result: RunResult, asJson: boolean, io: CliIo): void {
  const output = {
    status: result.status,
    lastNodeExecuted: result.lastNodeExecuted ?? null,
    error: result.error ?? null,
    runData: result.runData,
    ...(result.simulatedEffects ? { simulatedEffects: result.simulatedEffects } : {}),
  };
  if (asJson) {
    io.out(JSON.stringify(output, null, 2));
    return;
  }
  const runs = Object.entries(result.runData)
    .flatMap(([node, tasks]) => tasks.map((task) => ({ node, task })))
    .sort((a, b) => a.task.executionIndex - b.task.executionIndex);
  for (const { node, task } of runs) {
    const counts = (task.data?.main ?? []).map((items) => items.length).join("/");
    const detail = task.error ? `error: ${task.error.message}` : `${counts || "0"} item(s)`;
    io.out(`#${task.executionIndex} ${node} (${task.executionTime} ms): ${detail}`);
  }
  for (const effect of result.simulatedEffects ?? []) {
    const request = effect.kind === "request" ? ` ${String(effect.details.method ?? "")} ${String(effect.details.url ?? "")}` : "";
    io.out(`simulated ${effect.kind} by ${effect.node} (run ${effect.runIndex}, item ${effect.itemIndex})${request}`);
  }
  const waiting = result.status === "waiting" && result.wait ? `: node "${result.lastNodeExecuted ?? "?"}" waits for ${describeWait(result.wait)}, which this CLI cannot resume` : "";
  const tail = result.error ? `: ${result.error.message}${result.error.node ? ` (node "${result.error.node}")` : ""}` : waiting;
  (result.status === "success" ? io.out : io.err)(`${result.status}${tail}`);
}
