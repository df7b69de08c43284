/**
 * The cycles of a directed graph, as strongly connected components that contain a cycle (two or
 * more nodes, or one node with an edge to itself). Iterative Tarjan, so deep graphs do not overflow
 * the stack. Components come out in a deterministic order (by first node in `nodes`); each lists its
 * members in `nodes` order.
 *
 * @example
 * findCycles(["A", "B", "C"], [["A", "B"], ["B", "A"], ["B", "C"]]); // [["A", "B"]]
 */
export function findCycles(nodes: readonly string[], edges: ReadonlyArray<readonly [string, string]>): string[][] {
  const order = new Map<string, number>();
  nodes.forEach((n, i) => order.set(n, i));
  const successors = new Map<string, string[]>();
  const selfLoops = new Set<string>();
  for (const [from, to] of edges) {
    if (!order.has(from) || !order.has(to)) continue;
    if (from === to) selfLoops.add(from);
    const list = successors.get(from) ?? [];
    list.push(to);
    successors.set(from, list);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;

  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: Array<{ node: string; next: number }> = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter);
    counter += 1;
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { node: string; next: number };
      const succ = successors.get(frame.node) ?? [];
      if (frame.next < succ.length) {
        const to = succ[frame.next] as string;
        frame.next += 1;
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter);
          counter += 1;
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, next: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node) as number, index.get(to) as number));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node) as number, low.get(frame.node) as number));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string | undefined;
        do {
          member = stack.pop() as string;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        if (component.length > 1 || selfLoops.has(frame.node)) {
          components.push(component.sort((a, b) => (order.get(a) as number) - (order.get(b) as number)));
        }
      }
    }
  }
  return components.sort((a, b) => (order.get(a[0] as string) as number) - (order.get(b[0] as string) as number));
}
