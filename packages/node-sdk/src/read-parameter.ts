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
    if (parameter && parameter.default !== undefined) return structuredClone(parameter.default);
  }
  return fallback;
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
  const candidates = parameters.filter((p) => p.name === name);
  if (candidates.length <= 1) return candidates[0];
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
