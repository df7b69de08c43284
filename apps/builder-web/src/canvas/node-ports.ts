import type { WorkflowNode } from "@bos/workflow-schema";
import { shortTypeName } from "./node-type-label";

/**
 * The main inputs and outputs a node shows on the canvas, as labels ("" = unlabeled), one per index.
 * Known from the node type and parameters alone; to-flow-elements adds ports that connections use
 * beyond these (a file may wire an output this table does not know about).
 */
export interface NodePorts {
  inputs: string[];
  outputs: string[];
}

export const STICKY_NOTE_TYPE = "n8n-nodes-base.stickyNote";

const TRIGGER_NAMES = new Set(["webhook", "start", "cron", "interval", "n8nTrigger", "errorTrigger"]);

/** True for nodes that start executions (they have no main input). */
export function isTriggerType(type: string): boolean {
  const short = shortTypeName(type);
  return short.endsWith("Trigger") || TRIGGER_NAMES.has(short);
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function numbered(count: number, label: (i: number) => string): string[] {
  return Array.from({ length: Math.max(0, count) }, (_, i) => label(i));
}

function switchOutputs(node: WorkflowNode): string[] {
  const params = node.parameters;
  if (node.typeVersion < 3) return numbered(4, String);
  if (params.mode === "expression") {
    const n = typeof params.numberOutputs === "number" ? params.numberOutputs : 4;
    return numbered(n, String);
  }
  const rules = record(params.rules).values;
  const outputs = (Array.isArray(rules) ? rules : []).map((rule, i) => {
    const r = record(rule);
    return r.renameOutput === true && typeof r.outputKey === "string" && r.outputKey !== "" ? r.outputKey : String(i);
  });
  const options = record(params.options);
  if (options.fallbackOutput === "extra") {
    const rename = options.renameFallbackOutput;
    outputs.push(typeof rename === "string" && rename !== "" ? rename : "Fallback");
  }
  return outputs;
}

function mergeInputs(node: WorkflowNode): string[] {
  const n = node.typeVersion >= 3 && typeof node.parameters.numberInputs === "number" ? node.parameters.numberInputs : 2;
  return numbered(n, (i) => `Input ${i + 1}`);
}

/** The ports of a node as its type and parameters define them. Sticky notes have none. */
export function describeNodePorts(node: WorkflowNode): NodePorts {
  if (node.type === STICKY_NOTE_TYPE) return { inputs: [], outputs: [] };
  const short = shortTypeName(node.type);
  let inputs = isTriggerType(node.type) ? [] : [""];
  let outputs = [""];
  switch (short) {
    case "if":
      outputs = ["true", "false"];
      break;
    case "switch":
      outputs = switchOutputs(node);
      break;
    case "merge":
      inputs = mergeInputs(node);
      break;
    case "splitInBatches":
      // v3 put "done" first; v2 had the loop output first; v1 has one output.
      if (node.typeVersion >= 3) outputs = ["done", "loop"];
      else if (node.typeVersion >= 2) outputs = ["loop", "done"];
      break;
    case "removeDuplicates":
      if (node.typeVersion >= 2) outputs = ["Kept", "Discarded"];
      break;
    case "compareDatasets":
      inputs = ["Input A", "Input B"];
      outputs = ["In A only", "Same", "Different", "In B only"];
      break;
    default:
      break;
  }
  // "continueErrorOutput" appends one error output after the node's normal outputs.
  if (node.onError === "continueErrorOutput") outputs = [...outputs, "error"];
  return { inputs, outputs };
}
