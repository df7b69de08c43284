import type { Connections } from "@bos/workflow-schema";

/**
 * The parts of the workflow graph expressions need: which nodes are upstream of a node (paired-item
 * lookups only walk back to ancestors) and which output of an upstream node leads to it (the default
 * output of `$('X').all()`, `$node['X']` and `$items('X')`). Main connections only.
 */
export class WorkflowGraph {
  private readonly parents = new Map<string, Set<string>>();
  /** node -> output index -> child names */
  private readonly children = new Map<string, Map<number, Set<string>>>();
  private readonly ancestorCache = new Map<string, Set<string>>();
  private readonly descendantCache = new Map<string, Set<string>>();

  constructor(connections: Connections) {
    for (const [source, byType] of Object.entries(connections)) {
      const outputs = byType["main"];
      if (!outputs) continue;
      outputs.forEach((targets, outputIndex) => {
        for (const target of targets ?? []) {
          let parentSet = this.parents.get(target.node);
          if (!parentSet) this.parents.set(target.node, (parentSet = new Set()));
          parentSet.add(source);
          let byOutput = this.children.get(source);
          if (!byOutput) this.children.set(source, (byOutput = new Map()));
          let childSet = byOutput.get(outputIndex);
          if (!childSet) byOutput.set(outputIndex, (childSet = new Set()));
          childSet.add(target.node);
        }
      });
    }
  }

  /** Every node from which `node` can be reached. */
  ancestors(node: string): Set<string> {
    const cached = this.ancestorCache.get(node);
    if (cached) return cached;
    const seen = new Set<string>();
    const queue = [...(this.parents.get(node) ?? [])];
    while (queue.length > 0) {
      const next = queue.pop() as string;
      if (seen.has(next)) continue;
      seen.add(next);
      for (const parent of this.parents.get(next) ?? []) queue.push(parent);
    }
    this.ancestorCache.set(node, seen);
    return seen;
  }

  private descendantsInclusive(node: string): Set<string> {
    const cached = this.descendantCache.get(node);
    if (cached) return cached;
    const seen = new Set<string>();
    const queue = [node];
    while (queue.length > 0) {
      const next = queue.pop() as string;
      if (seen.has(next)) continue;
      seen.add(next);
      for (const children of this.children.get(next)?.values() ?? []) for (const child of children) queue.push(child);
    }
    this.descendantCache.set(node, seen);
    return seen;
  }

  /** The first output of `from` through which `to` is reachable, or undefined. */
  outputTowards(from: string, to: string): number | undefined {
    const byOutput = this.children.get(from);
    if (!byOutput) return undefined;
    const indexes = [...byOutput.keys()].sort((a, b) => a - b);
    for (const index of indexes) {
      for (const child of byOutput.get(index) ?? []) {
        if (this.descendantsInclusive(child).has(to)) return index;
      }
    }
    return undefined;
  }
}
