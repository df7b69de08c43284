import { findCycles } from "./find-cycles";
import { formatJsonPath } from "./json-path";
import { listConnections } from "./list-connections";
import type { ValidationContext } from "./validation-context";

/**
 * Main connections may form a cycle only through a node whose description allows loops (Loop Over
 * Items); any other cycle would run forever or never start.
 */
export function validateCycles(ctx: ValidationContext): void {
  // Taking loop nodes out of the graph leaves exactly the cycles that avoid them.
  const names = ctx.nodes.filter(({ resolution: r }) => !((r.kind === "supported" || r.kind === "mapped") && r.description?.allowsLoop === true)).map((n) => n.node.name);
  const edges = listConnections(ctx.doc.connections)
    .filter((e) => e.type === "main")
    .map((e) => [e.source, e.target] as const);
  for (const cycle of findCycles(names, edges)) {
    const first = cycle[0] as string;
    ctx.report(
      "WF_SCHEMA_CYCLE",
      formatJsonPath(["connections", first]),
      `Nodes ${cycle.map((n) => `"${n}"`).join(" → ")} form a loop with no Loop Over Items node in it. Break the loop, or route it through a Loop Over Items node.`,
      first,
    );
  }
}
