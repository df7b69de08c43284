import { isParameterShown, type NodeDescription, type ParameterDescription } from "@bos/workflow-schema";

/**
 * Reads a parameter by dot path (`options.timeout`, `rules.values`) from a node's (resolved)
 * parameters, falling back to the description's default for the top-level name, then to `fallback`.
 * Own properties only: `__proto__` or `constructor` in a path reads nothing.
 *
 * @example
 * readParameter({ options: { timeout: 5 } }, description, "options.timeout"); // 5
 * readParameter({}, description, "keep"); // the description's default for "keep"
 */
export function readParameter(
  parameters: Readonly<Record<string, unknown>>,
  description: NodeDescription | undefined,
  path: string,
  fallback?: unknown,
): unknown {
  const segments = path.split(".");
  let current: unknown = parameters;
  for (const segment of segments) {
    if (current === null || typeof current !== "object" || !Object.prototype.hasOwnProperty.call(current, segment)) {
      current = undefined;
      break;
    }
    current = (current as Record<string, unknown>)[segment];
  }
  if (current !== undefined) return current;
  if (segments.length === 1 && description) {
    const parameter = findParameter(description.parameters, segments[0] as string, parameters);
    const value = parameter?.default;
    // Objects are copies (a node may change what it gets); primitives need none.
    if (value !== undefined) return value !== null && typeof value === "object" ? structuredClone(value) : value;
  }
  return fallback;
}

/** Descriptions by name per parameter list (node descriptions are not changed once defined). */
const indexes = new WeakMap<readonly ParameterDescription[], { length: number; byName: Map<string, ParameterDescription[]> }>();

function byName(parameters: readonly ParameterDescription[]): Map<string, ParameterDescription[]> {
  let index = indexes.get(parameters);
  if (index === undefined || index.length !== parameters.length) {
    const map = new Map<string, ParameterDescription[]>();
    for (const parameter of parameters) {
      const list = map.get(parameter.name);
      if (list) list.push(parameter);
      else map.set(parameter.name, [parameter]);
    }
    index = { length: parameters.length, byName: map };
    indexes.set(parameters, index);
  }
  return index.byName;
}

/**
 * The top-level parameter description with that name. When several share the name (one per display
 * variant, as n8n writes them), the first one shown for the current parameters wins.
 */
export function findParameter(
  parameters: readonly ParameterDescription[],
  name: string,
  current: Readonly<Record<string, unknown>> = {},
  typeVersion?: number,
): ParameterDescription | undefined {
  const candidates = byName(parameters).get(name);
  if (candidates === undefined || candidates.length <= 1) return candidates?.[0];
  return candidates.find((p) => isParameterShown(p, current, typeVersion)) ?? candidates[0];
}

/**
 * Whether a parameter is shown for these (raw) parameter values. Defined in `@bos/workflow-schema`
 * (validation needs it without depending on node-sdk) and re-exported here unchanged.
 *
 * @example
 * isParameterShown(parameter, { method: "POST" }, 4.2);
 */
export { isParameterShown };
