import { hasOwn } from "./clone-json";

/**
 * One wire of the graph, flattened out of the nested connections map.
 *
 * @example
 * const edge: ConnectionEdge = { source: "If", type: "main", outputIndex: 1, target: "Log", targetType: "main", inputIndex: 0 };
 */
export interface ConnectionEdge {
  readonly source: string;
  /** Connection type of the source output (`main`, `ai_tool`...). */
  readonly type: string;
  readonly outputIndex: number;
  readonly target: string;
  /** Connection type the target declares (normally the same as `type`). */
  readonly targetType: string;
  readonly inputIndex: number;
}

/**
 * Flattens a connections map into edges, in document order. Tolerant: null outputs, missing trailing
 * outputs and malformed entries are skipped (validation reports those), and only own keys are read.
 *
 * @example
 * listConnections({ If: { main: [[{ node: "A", type: "main", index: 0 }], [{ node: "B", type: "main", index: 0 }]] } });
 * // [{ source: "If", type: "main", outputIndex: 0, target: "A", ... }, { source: "If", outputIndex: 1, target: "B", ... }]
 */
export function listConnections(connections: unknown): ConnectionEdge[] {
  const edges: ConnectionEdge[] = [];
  if (!isRecord(connections)) return edges;
  for (const source of Object.keys(connections)) {
    const byType = connections[source];
    if (!isRecord(byType)) continue;
    for (const type of Object.keys(byType)) {
      const outputs = byType[type];
      if (!Array.isArray(outputs)) continue;
      outputs.forEach((targets: unknown, outputIndex) => {
        if (!Array.isArray(targets)) return;
        for (const target of targets as unknown[]) {
          if (!isRecord(target)) continue;
          const node = hasOwn(target, "node") ? target.node : undefined;
          const index = hasOwn(target, "index") ? target.index : undefined;
          const targetType = hasOwn(target, "type") && typeof target.type === "string" ? target.type : type;
          if (typeof node !== "string" || typeof index !== "number") continue;
          edges.push({ source, type, outputIndex, target: node, targetType, inputIndex: index });
        }
      });
    }
  }
  return edges;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
