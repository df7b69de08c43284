import type { WorkflowDocument, WorkflowNode } from "./document";
import type { NodeDescriptionRegistry } from "./node-description";
import { evaluatePortCount } from "./port-counts";
import { resolveNodeDescription } from "./resolve-node-description";
import { tryRegionOf } from "./try-regions";

/**
 * The n8n node one of our own (`bos.*`) node types becomes on export to n8n, with what is lost on the
 * way (`note`, repeated in the export report).
 *
 * @example
 * N8N_EQUIVALENTS["bos.condition"].type; // "n8n-nodes-base.if"
 */
export interface N8nEquivalent {
  readonly type: string;
  readonly typeVersion: number;
  readonly note: string;
}

/**
 * The nearest n8n equivalent of each of our control-flow node types, as data keyed by our type names
 * (workflow-schema knows no node implementations). Parameters and connections are rewritten by
 * {@link toN8nEquivalents}.
 */
export const N8N_EQUIVALENTS = {
  "bos.condition": { type: "n8n-nodes-base.if", typeVersion: 2.2, note: "Condition became If v2.2 with the same conditions (outputs true/false)." },
  "bos.loop": {
    type: "n8n-nodes-base.splitInBatches",
    typeVersion: 3,
    note: "Loop became Loop Over Items v3 (outputs done/loop, same batch size); n8n has no iteration guard, so maxIterations was dropped.",
  },
  "bos.wait": { type: "n8n-nodes-base.wait", typeVersion: 1.1, note: "Wait became Wait v1.1." },
  "bos.parallel": {
    type: "n8n-nodes-base.noOp",
    typeVersion: 1,
    note: "Parallel became a No Operation node fanning out to every branch; n8n runs the branches one after another, not concurrently.",
  },
  "bos.join": { type: "n8n-nodes-base.merge", typeVersion: 3, note: "Join became Merge v3 in append mode with one input per branch." },
  "bos.tryCatch": {
    type: "n8n-nodes-base.noOp",
    typeVersion: 1,
    note: "Try/Catch became a No Operation node; each node of its region got onError continueErrorOutput with its error output wired to the catch branch.",
  },
  "bos.tryEnd": { type: "n8n-nodes-base.noOp", typeVersion: 1, note: "Try End became a No Operation node." },
} as const satisfies Record<string, N8nEquivalent>;

/** One node the export replaced with its n8n equivalent (a line of the export report). */
export interface MappedNode {
  readonly node: string;
  readonly from: string;
  readonly to: string;
  readonly typeVersion: number;
  /** What changed and what n8n cannot do the same way. */
  readonly note: string;
}

type Targets = Array<{ node: string; type: string; index: number }>;
interface Region {
  tried: Targets;
  caught: Targets;
  finallyTargets: Targets;
  body: Set<string>;
  ends: Set<string>;
}
type Mutable = { nodes: WorkflowNode[]; connections: Record<string, { main?: Array<Targets | null> } & Record<string, unknown>> };

const hasEquivalent = (type: string): type is keyof typeof N8N_EQUIVALENTS => Object.prototype.hasOwnProperty.call(N8N_EQUIVALENTS, type);

/**
 * Replaces every `bos.*` control-flow node of a document (a copy the caller owns; it is changed in place)
 * with its n8n equivalent: type, version, parameters, and the connections n8n needs (Parallel's outputs
 * merged into one, Try/Catch's region wired through error outputs). Returns what was replaced, for the
 * export report. `registry` (optional) tells the output counts of region nodes, so their error output
 * lands on the right index; without it the connected outputs are counted.
 *
 * @example
 * const { mapped } = toN8nEquivalents(copy);
 */
export function toN8nEquivalents(doc: Pick<WorkflowDocument, "nodes" | "connections">, registry?: NodeDescriptionRegistry): MappedNode[] {
  const mutable = doc as unknown as Mutable;
  const mapped: MappedNode[] = [];
  const byName = new Map(mutable.nodes.map((node) => [node.name, node]));
  const originalTypes = new Map(mutable.nodes.map((node) => [node.name, node.type]));
  // Regions are found by our types and connections, so all of them before anything is replaced.
  const regions = new Map<string, Region>();
  for (const node of mutable.nodes) {
    if (node.type !== "bos.tryCatch" || node.parameters?.mode === "subWorkflow") continue;
    const [tried = [], caught = [], finallyTargets = []] = outputsOf(mutable, node.name).map((targets) => targets ?? []);
    regions.set(node.name, { tried, caught, finallyTargets, ...tryRegionOf(doc, node.name, 0) });
  }
  for (const node of mutable.nodes) {
    if (!hasEquivalent(node.type)) continue;
    const from = node.type;
    const equivalent: N8nEquivalent = N8N_EQUIVALENTS[from];
    const notes: string[] = [equivalent.note];
    const parameters = node.parameters ?? {};
    let to = equivalent;
    switch (from) {
      case "bos.condition":
        node.parameters = parameters;
        break;
      case "bos.loop":
        node.parameters = { batchSize: parameters.batchSize ?? 1, options: {} };
        if (parameters.source === "field") notes.push(`It iterated the field '${String(parameters.field)}': put a Split Out node on that field before it.`);
        break;
      case "bos.wait":
        node.parameters = waitParameters(parameters, notes);
        break;
      case "bos.parallel": {
        const main = mutable.connections[node.name]?.main;
        if (main) mutable.connections[node.name] = { ...mutable.connections[node.name], main: [main.flatMap((targets) => targets ?? [])] };
        node.parameters = {};
        break;
      }
      case "bos.join":
        node.parameters = { mode: "append", numberInputs: Number(parameters.inputs ?? 2) };
        if (parameters.output === "byBranch") notes.push("Its one-item-per-branch output has no n8n equivalent: the items are appended.");
        break;
      case "bos.tryCatch":
        if (parameters.mode === "subWorkflow") {
          to = { type: "n8n-nodes-base.executeWorkflow", typeVersion: 1, note: "" };
          node.parameters = { source: parameters.source ?? "database", workflowId: parameters.workflowId ?? "", workflowJson: parameters.workflowJson ?? "" };
          node.onError = "continueErrorOutput";
          mapSubworkflowTryCatch(mutable, node.name);
          notes.splice(0, 1, "Try/Catch (sub-workflow) became Execute Workflow with onError continueErrorOutput: its error output is the catch branch; finally follows both.");
        } else {
          node.parameters = {};
          notes.push(...mapRegionTryCatch(mutable, byName, originalTypes, node.name, regions.get(node.name) as Region, registry));
        }
        break;
      case "bos.tryEnd":
        node.parameters = {};
        break;
    }
    node.type = to.type;
    node.typeVersion = to.typeVersion;
    mapped.push({ node: node.name, from, to: to.type, typeVersion: to.typeVersion, note: notes.join(" ") });
  }
  return mapped;
}

function waitParameters(parameters: Record<string, unknown>, notes: string[]): Record<string, unknown> {
  switch (parameters.mode ?? "duration") {
    case "until":
      return { resume: "specificTime", dateTime: parameters.dateTime ?? "" };
    case "webhook":
    case "event": {
      if (parameters.mode === "event") notes.push(`n8n cannot resume on the event '${String(parameters.eventType)}': it waits for a webhook call instead.`);
      const seconds = Number(parameters.timeoutSeconds ?? 0);
      return seconds > 0 ? { resume: "webhook", limitWaitTime: true, limitType: "afterTimeInterval", resumeAmount: seconds, resumeUnit: "seconds" } : { resume: "webhook" };
    }
    default: {
      const unit = String(parameters.unit ?? "seconds");
      const amount = Number(parameters.amount ?? 1);
      return unit === "milliseconds" ? { resume: "timeInterval", amount: amount / 1000, unit: "seconds" } : { resume: "timeInterval", amount, unit };
    }
  }
}

function outputsOf(mutable: Mutable, name: string): Array<Targets | null> {
  return mutable.connections[name]?.main ?? [];
}

/** Sub-workflow mode: output 0 try, error output 1 catch, finally's targets after both. */
function mapSubworkflowTryCatch(mutable: Mutable, name: string): void {
  const [tried = [], caught = [], finallyTargets = []] = outputsOf(mutable, name).map((targets) => targets ?? []);
  mutable.connections[name] = { ...mutable.connections[name], main: [[...tried, ...finallyTargets], [...caught, ...finallyTargets]] };
}

/**
 * Region mode: what the try output reaches up to the matching Try End gets onError continueErrorOutput
 * with its error output wired to the catch branch; finally's targets follow the Try End(s).
 */
function mapRegionTryCatch(
  mutable: Mutable,
  byName: ReadonlyMap<string, WorkflowNode>,
  originalTypes: ReadonlyMap<string, string>,
  name: string,
  region: Region,
  registry: NodeDescriptionRegistry | undefined,
): string[] {
  const notes: string[] = [];
  const { tried, caught, finallyTargets, body, ends } = region;
  mutable.connections[name] = { ...mutable.connections[name], main: [tried] };
  for (const member of body) {
    const node = byName.get(member);
    const type = originalTypes.get(member);
    if (!node || ends.has(member) || type === "bos.tryCatch" || type === "bos.tryEnd" || type === "bos.parallel") continue;
    if (node.onError !== undefined && node.onError !== "stopWorkflow") {
      notes.push(`"${member}" keeps its own onError (${node.onError}), so its errors are not routed to the catch branch.`);
      continue;
    }
    const regular = regularOutputs(mutable, node, registry);
    const main = [...outputsOf(mutable, member)];
    while (main.length < regular) main.push([]);
    main[regular] = [...(main[regular] ?? []), ...caught];
    node.onError = "continueErrorOutput";
    mutable.connections[member] = { ...mutable.connections[member], main };
  }
  if (finallyTargets.length > 0) {
    if (ends.size === 0) notes.push("Its finally branch has no n8n equivalent without a Try End and was left unconnected.");
    for (const end of ends) {
      const main = [...outputsOf(mutable, end)];
      main[0] = [...(main[0] ?? []), ...finallyTargets];
      mutable.connections[end] = { ...mutable.connections[end], main };
    }
    if (ends.size > 0) notes.push("Its finally branch follows the Try End only (after a caught error n8n does not run it).");
  }
  return notes;
}

function regularOutputs(mutable: Mutable, node: WorkflowNode, registry: NodeDescriptionRegistry | undefined): number {
  if (registry) {
    const resolution = resolveNodeDescription(registry, node.type, node.typeVersion, node.parameters ?? {});
    const description = "description" in resolution ? resolution.description : undefined;
    const count = description ? evaluatePortCount(description.outputs, node.parameters ?? {}) : undefined;
    if (count !== undefined) return count;
  }
  return Math.max(1, outputsOf(mutable, node.name).length);
}
