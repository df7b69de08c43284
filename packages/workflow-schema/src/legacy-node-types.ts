import { hasOwn } from "./clone-json";

/**
 * Where a legacy node type runs: the current type, the version to use, and why.
 *
 * @example
 * resolveLegacyNodeType("n8n-nodes-base.functionItem")?.impliedParameters; // { mode: "runOnceForEachItem", ... }
 */
export interface LegacyNodeTarget {
  /** The current node type, e.g. `n8n-nodes-base.code`. */
  readonly type: string;
  /** The target typeVersion whose behaviour matches the legacy node. */
  readonly typeVersion: number;
  /** Parameters the target needs set to behave like the legacy node (e.g. Code's `mode`). */
  readonly impliedParameters?: Readonly<Record<string, unknown>>;
  /** Why the mapping holds, for the import report. */
  readonly reason: string;
}

/**
 * One legacy type: either a fixed target or one chosen by the node's `operation` parameter.
 *
 * @example
 * LEGACY_NODE_TYPES.get("n8n-nodes-base.cron")?.describe; // "Cron (legacy schedule trigger)"
 */
export interface LegacyNodeType {
  readonly type: string;
  readonly describe: string;
  readonly target: (parameters: Readonly<Record<string, unknown>>) => LegacyNodeTarget | undefined;
}

const BASE = "n8n-nodes-base.";

const fixed = (target: LegacyNodeTarget) => () => target;

/** Item Lists operations (v1-v3.1 spellings) and the node that does the same today. */
const ITEM_LISTS_OPERATIONS: Readonly<Record<string, string>> = {
  aggregateItems: "aggregate",
  concatenateItems: "aggregate",
  splitOutItems: "splitOut",
  sort: "sort",
  limit: "limit",
  removeDuplicates: "removeDuplicates",
  summarize: "summarize",
};

/**
 * Legacy n8n node types and their current equivalents, as n8n itself treats them. The stored document
 * keeps the legacy type; the engine, the import report and the nodes package read this table to run
 * or describe them. A type string here is only ever a lookup key.
 *
 * @example
 * LEGACY_NODE_TYPES.get("n8n-nodes-base.start")?.target({})?.type; // "n8n-nodes-base.manualTrigger"
 */
export const LEGACY_NODE_TYPES: ReadonlyMap<string, LegacyNodeType> = new Map<string, LegacyNodeType>(
  [
    {
      type: `${BASE}start`,
      describe: "Start (removed in n8n 2.x)",
      target: fixed({ type: `${BASE}manualTrigger`, typeVersion: 1, reason: "Start was the manual trigger before Manual Trigger existed" }),
    },
    {
      type: `${BASE}function`,
      describe: "Function (legacy code node)",
      target: fixed({
        type: `${BASE}code`,
        typeVersion: 2,
        impliedParameters: { mode: "runOnceForAllItems", language: "javaScript" },
        reason: "Function runs `functionCode` once over all items, as Code does in runOnceForAllItems mode",
      }),
    },
    {
      type: `${BASE}functionItem`,
      describe: "Function Item (legacy code node)",
      target: fixed({
        type: `${BASE}code`,
        typeVersion: 2,
        impliedParameters: { mode: "runOnceForEachItem", language: "javaScript" },
        reason: "Function Item runs `functionCode` once per item, as Code does in runOnceForEachItem mode",
      }),
    },
    {
      type: `${BASE}cron`,
      describe: "Cron (legacy schedule trigger)",
      target: fixed({ type: `${BASE}scheduleTrigger`, typeVersion: 1.2, reason: "Cron's trigger times are schedule rules" }),
    },
    {
      type: `${BASE}interval`,
      describe: "Interval (legacy schedule trigger)",
      target: fixed({ type: `${BASE}scheduleTrigger`, typeVersion: 1.2, reason: "Interval's period is a schedule rule" }),
    },
    {
      type: `${BASE}itemLists`,
      describe: "Item Lists (split into single-purpose nodes)",
      target: (parameters: Readonly<Record<string, unknown>>) => {
        const raw = hasOwn(parameters, "operation") ? parameters.operation : "splitOutItems";
        const operation = typeof raw === "string" ? raw : "";
        if (!hasOwn(ITEM_LISTS_OPERATIONS, operation)) return undefined;
        const name = ITEM_LISTS_OPERATIONS[operation] as string;
        return { type: `${BASE}${name}`, typeVersion: 1, reason: `Item Lists operation "${operation}" is the ${name} node` };
      },
    },
  ].map((entry: LegacyNodeType) => [entry.type, entry] as const),
);

/**
 * The current equivalent of a legacy node, or undefined when the type is not legacy (or, for Item
 * Lists, its operation has no equivalent).
 *
 * @example
 * resolveLegacyNodeType("n8n-nodes-base.itemLists", { operation: "sort" })?.type; // "n8n-nodes-base.sort"
 */
export function resolveLegacyNodeType(
  type: string,
  parameters: Readonly<Record<string, unknown>> = {},
): LegacyNodeTarget | undefined {
  return LEGACY_NODE_TYPES.get(type)?.target(parameters);
}

/**
 * Whether a type is a legacy one listed in {@link LEGACY_NODE_TYPES}.
 *
 * @example
 * isLegacyNodeType("n8n-nodes-base.cron"); // true
 */
export function isLegacyNodeType(type: string): boolean {
  return LEGACY_NODE_TYPES.has(type);
}
