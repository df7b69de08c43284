import type { WorkflowDocument } from "@bos/workflow-schema";
import { connectedInputCount, type WorkflowGraph } from "../graph/workflow-graph";

/** The design's Parallel node type: a workflow that has one runs its branches concurrently by default. */
export const PARALLEL_NODE_TYPE = "bos.parallel";
/** Most branches one execution runs at once, whatever the settings say. */
export const MAX_PARALLEL_BRANCHES = 64;

/**
 * How many node runs of one execution may be in flight at once: `settings.parallelBranches` when set
 * (clamped to [1, 64]); otherwise, when the workflow has an enabled `bos.parallel` node, the largest
 * `branches` among them (default 2); otherwise 1 (sequential, n8n's behaviour).
 */
export function concurrencyLimit(doc: Pick<WorkflowDocument, "nodes" | "settings">): number {
  const setting = doc.settings?.parallelBranches;
  if (typeof setting === "number" && Number.isFinite(setting)) return Math.min(MAX_PARALLEL_BRANCHES, Math.max(1, Math.floor(setting)));
  let limit = 1;
  for (const node of doc.nodes) {
    if (node.type !== PARALLEL_NODE_TYPE || node.disabled) continue;
    const branches = Number(node.parameters?.branches ?? 2);
    limit = Math.max(limit, Number.isFinite(branches) ? Math.min(MAX_PARALLEL_BRANCHES, Math.floor(branches)) : 2);
  }
  return limit;
}

const reachCache = new WeakMap<WorkflowGraph, Map<string, ReadonlySet<string>>>();

/** Every node reachable from `node` over main connections, `node` included (cached per graph). */
export function reachableFrom(graph: WorkflowGraph, node: string): ReadonlySet<string> {
  let byNode = reachCache.get(graph);
  if (!byNode) reachCache.set(graph, (byNode = new Map()));
  const cached = byNode.get(node);
  if (cached) return cached;
  const seen = new Set<string>([node]);
  const queue = [node];
  while (queue.length > 0) {
    const current = queue.pop() as string;
    for (const targets of graph.children.get(current) ?? []) {
      for (const target of targets) {
        if (seen.has(target.node)) continue;
        seen.add(target.node);
        queue.push(target.node);
      }
    }
  }
  byNode.set(node, seen);
  return seen;
}

/**
 * The nodes a branch started at `root` may run ahead of the sequential order: `root` and what it reaches
 * through single-input nodes, stopping before multi-input nodes (joins, which the sequential scheduler
 * feeds) and before any node in `taken` (reachable from work that comes earlier in the sequential
 * order, or claimed by another branch), and leaving out what those joins reach. Empty when `root` itself
 * is taken.
 */
export function privateRegion(graph: WorkflowGraph, root: string, taken: (node: string) => boolean): ReadonlySet<string> {
  const region = new Set<string>();
  if (taken(root)) return region;
  region.add(root);
  const joins = new Set<string>();
  const queue = [root];
  while (queue.length > 0) {
    const current = queue.pop() as string;
    for (const targets of graph.children.get(current) ?? []) {
      for (const target of targets) {
        if (region.has(target.node) || taken(target.node)) continue;
        if (connectedInputCount(graph, target.node) > 1) {
          joins.add(target.node);
          continue;
        }
        region.add(target.node);
        queue.push(target.node);
      }
    }
  }
  // What a join reaches may also get runs from the join's other inputs: the branch leaves it alone.
  for (const join of joins) for (const node of reachableFrom(graph, join)) if (node !== root) region.delete(node);
  return region;
}
