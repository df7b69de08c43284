import type { FilterValue } from "@bos/node-sdk";
import { evaluateCondition, type ConditionOptions } from "./evaluate-condition";

/** The node-level settings that override what is stored in a filter's own `options`. */
export interface FilterSettings {
  /** From the node's `ignoreCase` option; when undefined, the filter's `caseSensitive` (default true). */
  ignoreCase?: boolean;
  /** From the node's `looseTypeValidation` (top level or in options); loose also when the filter says so. */
  looseTypeValidation?: boolean;
  /** Filter options version to use when the stored filter has none (n8n sets it per node version). */
  defaultVersion?: number;
  /** The workflow's time zone, for dates written without an offset. */
  zone?: string;
}

/** Combines a stored filter's options with the node's settings, as n8n's parameter typeOptions do. */
export function resolveConditionOptions(filter: Partial<FilterValue> | undefined, settings: FilterSettings = {}): ConditionOptions {
  const stored = filter?.options ?? {};
  const loose = settings.looseTypeValidation === true || stored.typeValidation === "loose";
  const caseSensitive = settings.ignoreCase !== undefined ? !settings.ignoreCase : stored.caseSensitive !== false;
  return { caseSensitive, typeValidation: loose ? "loose" : "strict", version: stored.version ?? settings.defaultVersion ?? 1, zone: settings.zone };
}

/**
 * Evaluates a filter parameter (If v2, Filter v2, Switch v3 rules) for one item. `and` needs every
 * condition, `or` any (both stop at the first decisive one, so a later type error is not raised).
 * An empty condition list passes under `and` and fails under `or`, as Array.every/some do in n8n.
 *
 * @example
 * evaluateFilter({ conditions: [{ leftValue: 5, rightValue: 3, operator: { type: "number", operation: "gt" } }], combinator: "and" }, 0);
 * // true
 */
export function evaluateFilter(filter: Partial<FilterValue> | undefined, itemIndex: number, settings: FilterSettings = {}): boolean {
  const options = resolveConditionOptions(filter, settings);
  const conditions = Array.isArray(filter?.conditions) ? filter.conditions : [];
  const passes = (condition: (typeof conditions)[number], conditionIndex: number) =>
    evaluateCondition(condition, options, { conditionIndex, itemIndex });
  return filter?.combinator === "or" ? conditions.some(passes) : conditions.every(passes);
}
