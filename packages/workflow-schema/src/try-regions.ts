import type { WorkflowDocument, WorkflowNode } from "./document";

/** Our Try/Catch node type and the node that closes its protected region. */
export const TRY_CATCH_NODE_TYPE = "bos.tryCatch";
export const TRY_END_NODE_TYPE = "bos.tryEnd";

type Doc = Pick<WorkflowDocument, "nodes" | "connections">;

/** Whether a node is a Try/Catch that protects a region of its workflow (region mode, enabled). */
export function isRegionTryCatch(node: Pick<WorkflowNode, "type" | "disabled" | "parameters"> | undefined): boolean {
  return node !== undefined && node.type === TRY_CATCH_NODE_TYPE && node.disabled !== true && node.parameters?.mode !== "subWorkflow";
}

/**
 * The region of one output of a Try/Catch: what it reaches over main connections up to the matching
 * Try End (a nested Try/Catch opens a deeper region, a Try End closes the innermost open one; the Try
 * End at our level is included and ends the walk). The engine computes the same on its graph.
 *
 * @example
 * tryRegionOf(doc, "Guard", 0); // { body: Set{"Fetch", "Save", "End"}, ends: Set{"End"} }
 */
export function tryRegionOf(doc: Doc, tryCatch: string, output: number): { body: Set<string>; ends: Set<string> } {
  const byName = new Map(doc.nodes.map((node) => [node.name, node]));
  const targetsOf = (name: string, index?: number) => {
    const main = doc.connections?.[name]?.main ?? [];
    const outputs = index === undefined ? main : [main[index]];
    return outputs.flatMap((targets) => (targets ?? []).map((t) => t.node));
  };
  const body = new Set<string>();
  const ends = new Set<string>();
  const seen = new Set<string>();
  const queue = targetsOf(tryCatch, output).map((node) => ({ node, depth: 0 }));
  while (queue.length > 0) {
    const { node, depth } = queue.shift() as { node: string; depth: number };
    const current = byName.get(node);
    if (!current || node === tryCatch || seen.has(`${depth}:${node}`) || depth > byName.size) continue;
    seen.add(`${depth}:${node}`);
    body.add(node);
    let next = depth;
    if (current.type === TRY_END_NODE_TYPE && current.disabled !== true) {
      if (depth === 0) {
        ends.add(node);
        continue;
      }
      next = depth - 1;
    } else if (isRegionTryCatch(current)) {
      next = depth + 1;
    }
    for (const target of targetsOf(node)) queue.push({ node: target, depth: next });
  }
  return { body, ends };
}

/**
 * Try End nodes that no Try/Catch's "try" output reaches: they close no region (the engine refuses
 * to run such a workflow).
 *
 * @example
 * unmatchedTryEnds(doc); // ["Stray End"]
 */
export function unmatchedTryEnds(doc: Doc): string[] {
  const closed = new Set<string>();
  for (const node of doc.nodes) if (isRegionTryCatch(node)) for (const end of tryRegionOf(doc, node.name, 0).ends) closed.add(end);
  return doc.nodes.filter((node) => node.type === TRY_END_NODE_TYPE && node.disabled !== true && !closed.has(node.name)).map((node) => node.name);
}
