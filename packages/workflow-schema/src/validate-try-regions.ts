import type { Connections } from "./document";
import { formatJsonPath } from "./json-path";
import { listConnections } from "./list-connections";
import { unmatchedTryEnds } from "./try-regions";
import type { ValidationContext } from "./validation-context";

/** A Try End (`bos.tryEnd`) must close a region: some Try/Catch's "try" output has to reach it. */
export function validateTryRegions(ctx: ValidationContext): void {
  if (!ctx.nodes.some(({ node }) => node.type === "bos.tryEnd")) return;
  const connections = Object.create(null) as Connections;
  for (const edge of listConnections(ctx.doc.connections)) {
    if (edge.type !== "main") continue;
    const main = ((connections[edge.source] ??= { main: [] }).main ??= []);
    while (main.length <= edge.outputIndex) main.push([]);
    main[edge.outputIndex]?.push({ node: edge.target, type: "main", index: edge.inputIndex });
  }
  const nodes = ctx.nodes.map(({ node }) => node);
  for (const name of unmatchedTryEnds({ nodes, connections })) {
    const checked = ctx.nodesByName.get(name);
    ctx.report(
      "WF_SCHEMA_TRY_END_UNMATCHED",
      formatJsonPath(["nodes", checked?.index ?? 0]),
      `Try End "${name}" closes no Try/Catch: no Try/Catch's 'try' output reaches it. Put it after the nodes a Try/Catch protects, or remove it.`,
      name,
    );
  }
}
