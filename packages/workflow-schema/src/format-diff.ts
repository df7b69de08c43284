import type { WorkflowChange, WorkflowDiff } from "./diff-workflows";
import { formatLineDiff } from "./line-diff";
import type { ConnectionEdge } from "./list-connections";

type Section = "Nodes" | "Node settings" | "Parameters" | "Credentials" | "Connections" | "Workflow settings" | "Pinned data" | "Workflow" | "New outbound hosts" | "Cosmetic (positions only)";

const SECTION_ORDER: readonly Section[] = [
  "New outbound hosts",
  "Nodes",
  "Node settings",
  "Parameters",
  "Credentials",
  "Connections",
  "Workflow settings",
  "Pinned data",
  "Workflow",
  "Cosmetic (positions only)",
];

/**
 * Formats a diff as text a reviewer reads in seconds: one section per kind of change, new outbound
 * hosts first (they are what a security review looks for), position-only moves last and marked
 * cosmetic. Values longer than 80 characters are shortened. An empty diff gives "No changes.".
 *
 * @example
 * formatDiff(diffWorkflows(before, after));
 * // Nodes
 * //   ~ renamed "Fetch" → "Get order"
 * // Parameters
 * //   "Get order" url: "https://a.example/v1" → "https://a.example/v2"
 */
export function formatDiff(diff: WorkflowDiff): string {
  if (diff.changes.length === 0) return "No changes.";
  const sections = new Map<Section, string[]>();
  for (const change of diff.changes) {
    const [section, text] = describe(change);
    const lines = sections.get(section) ?? [];
    lines.push(text);
    sections.set(section, lines);
  }
  return SECTION_ORDER.filter((s) => sections.has(s))
    .map((s) => `${s}\n${(sections.get(s) as string[]).join("\n")}`)
    .join("\n\n");
}

function describe(change: WorkflowChange): [Section, string] {
  switch (change.kind) {
    case "nodeAdded":
      return ["Nodes", `  + added ${q(change.node)} (${change.type})`];
    case "nodeRemoved":
      return ["Nodes", `  - removed ${q(change.node)} (${change.type})`];
    case "nodeRenamed":
      return ["Nodes", `  ~ renamed ${q(change.from)} → ${q(change.to)}`];
    case "nodeMoved":
      return ["Cosmetic (positions only)", `  ${q(change.node)} moved [${change.from.join(", ")}] → [${change.to.join(", ")}]`];
    case "nodeFieldChanged":
      return ["Node settings", `  ${q(change.node)} ${change.field}: ${value(change.old)} → ${value(change.new)}`];
    case "parameterChanged":
      return ["Parameters", `  ${q(change.node)} ${change.path}: ${value(change.old)} → ${value(change.new)}`];
    case "codeChanged":
      return ["Parameters", `  ${q(change.node)} ${change.path}:\n${indent(formatLineDiff(change.lines), "      ")}`];
    case "credentialChanged":
      return ["Credentials", `  ${q(change.node)} ${change.credentialType}: ${credential(change.old)} → ${credential(change.new)}`];
    case "connectionAdded":
      return ["Connections", `  + ${edge(change.connection)}`];
    case "connectionRemoved":
      return ["Connections", `  - ${edge(change.connection)}`];
    case "settingChanged":
      return ["Workflow settings", `  ${change.key}: ${value(change.old)} → ${value(change.new)}`];
    case "pinDataChanged":
      return ["Pinned data", `  ${q(change.node)}: ${count(change.old)} → ${count(change.new)}`];
    case "workflowFieldChanged":
      return ["Workflow", `  ${change.field}: ${value(change.old)} → ${value(change.new)}`];
    case "outboundHostAdded":
      return ["New outbound hosts", `  ! ${change.host} (first called by ${q(change.node)})`];
    default: {
      const never: never = change;
      return never;
    }
  }
}

function q(name: string): string {
  return JSON.stringify(name);
}

function value(v: unknown): string {
  if (v === undefined) return "(none)";
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function count(items: unknown): string {
  return Array.isArray(items) ? `${items.length} item${items.length === 1 ? "" : "s"}` : "(none)";
}

function credential(ref: { id: string | null; name: string } | undefined): string {
  if (!ref) return "(none)";
  return ref.id === null ? q(ref.name) : `${q(ref.name)} (id ${ref.id})`;
}

function edge(e: ConnectionEdge): string {
  const type = e.type === "main" ? "" : ` [${e.type}]`;
  return `${q(e.source)} output ${e.outputIndex} → ${q(e.target)} input ${e.inputIndex}${type}`;
}

function indent(text: string, prefix: string): string {
  return text
    .split("\n")
    .map((line) => `${prefix}${line}`)
    .join("\n");
}
