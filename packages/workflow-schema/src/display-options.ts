import type { ParameterDescription } from "./node-description";

/**
 * Whether a parameter is shown for these (raw) parameter values. `displayOptions.show` needs every
 * listed parameter to have one of the listed values; `hide` hides on any match. The key `@version`
 * matches the node's typeVersion; a key starting with `/` is read from `root` (the node's top-level
 * parameters) instead of `current` (the collection the parameter sits in). An allowed value may be a
 * condition object `{ _cnd: { gte: 2 } }` (operators: eq, not, gte, gt, lte, lt, between, startsWith,
 * endsWith, includes, regex, exists), as n8n writes them. Own properties only: a parameter named
 * `__proto__` or `constructor` reads nothing from prototypes.
 *
 * This is the one definition; `@bos/node-sdk` re-exports it.
 *
 * @example
 * const p = { name: "url", displayName: "URL", type: "string", default: "",
 *   displayOptions: { show: { method: ["POST"] } } } as const;
 * isParameterShown(p, { method: "POST" }); // true
 * isParameterShown(p, { method: "GET" }); // false
 */
export function isParameterShown(
  parameter: Pick<ParameterDescription, "displayOptions">,
  current: Readonly<Record<string, unknown>>,
  typeVersion?: number,
  root: Readonly<Record<string, unknown>> = current,
): boolean {
  const options = parameter.displayOptions;
  if (!options) return true;
  const valueOf = (key: string): unknown => {
    if (key === "@version") return typeVersion;
    if (key.startsWith("/")) return readOwnPath(root, key.slice(1));
    return readOwnPath(current, key);
  };
  const matches = (key: string, allowed: readonly unknown[]): boolean => {
    const value = valueOf(key);
    const one = (v: unknown): boolean => allowed.some((a) => matchesAllowed(v, a));
    return Array.isArray(value) ? value.some(one) : one(value);
  };
  if (options.show) {
    for (const key of Object.keys(options.show)) if (!matches(key, options.show[key] ?? [])) return false;
  }
  if (options.hide) {
    for (const key of Object.keys(options.hide)) if (matches(key, options.hide[key] ?? [])) return false;
  }
  return true;
}

function readOwnPath(source: Readonly<Record<string, unknown>>, path: string): unknown {
  let value: unknown = source;
  for (const segment of path.split(".")) {
    if (value === null || typeof value !== "object" || !Object.prototype.hasOwnProperty.call(value, segment)) {
      return undefined;
    }
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

function matchesAllowed(value: unknown, allowed: unknown): boolean {
  if (allowed !== null && typeof allowed === "object" && Object.prototype.hasOwnProperty.call(allowed, "_cnd")) {
    const condition = (allowed as { _cnd: unknown })._cnd;
    return condition !== null && typeof condition === "object" && matchesCondition(value, condition as Record<string, unknown>);
  }
  return value === allowed;
}

function matchesCondition(value: unknown, condition: Readonly<Record<string, unknown>>): boolean {
  for (const operator of Object.keys(condition)) {
    const operand = condition[operator];
    if (!matchesOperator(value, operator, operand)) return false;
  }
  return true;
}

function matchesOperator(value: unknown, operator: string, operand: unknown): boolean {
  switch (operator) {
    case "eq":
      return value === operand;
    case "not":
      return value !== operand;
    case "gte":
      return typeof value === "number" && typeof operand === "number" && value >= operand;
    case "gt":
      return typeof value === "number" && typeof operand === "number" && value > operand;
    case "lte":
      return typeof value === "number" && typeof operand === "number" && value <= operand;
    case "lt":
      return typeof value === "number" && typeof operand === "number" && value < operand;
    case "between": {
      const range = operand as { from?: unknown; to?: unknown } | null;
      return (
        typeof value === "number" &&
        range !== null &&
        typeof range === "object" &&
        typeof range.from === "number" &&
        typeof range.to === "number" &&
        value >= range.from &&
        value <= range.to
      );
    }
    case "startsWith":
      return typeof value === "string" && typeof operand === "string" && value.startsWith(operand);
    case "endsWith":
      return typeof value === "string" && typeof operand === "string" && value.endsWith(operand);
    case "includes":
      return typeof value === "string" && typeof operand === "string" && value.includes(operand);
    case "regex":
      return typeof value === "string" && typeof operand === "string" && safeRegexTest(operand, value);
    case "exists":
      return (value !== undefined && value !== null) === (operand !== false);
    default:
      // An operator we do not know never matches, so an unknown `show` rule hides rather than shows.
      return false;
  }
}

function safeRegexTest(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern).test(value);
  } catch (error) {
    // A malformed pattern in a node description is a description bug; treat it as "no match".
    void error;
    return false;
  }
}
