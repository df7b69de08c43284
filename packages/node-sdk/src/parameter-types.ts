import type { FixedCollectionGroup, ParameterDescription, ParameterOption } from "@bos/workflow-schema";

/**
 * Type-level mapping from a node's parameter descriptions to the types `getNodeParameter` returns,
 * so node code never casts. Describe the parameters `as const` (or through `defineNode`, whose type
 * parameter is `const`) and the types follow.
 *
 * @example
 * type P = InferParameters<[{ name: "keep"; displayName: "Keep"; type: "options"; default: "firstItems";
 *   options: [{ name: "First"; value: "firstItems" }, { name: "Last"; value: "lastItems" }] }]>;
 * // P = { keep: "firstItems" | "lastItems" }
 */

/** A filter parameter value (If v2, Filter, Switch v3 rules). */
export interface FilterValue {
  options?: { caseSensitive?: boolean; leftValue?: string; typeValidation?: "strict" | "loose"; version?: number };
  conditions: FilterCondition[];
  combinator: "and" | "or";
}

export interface FilterCondition {
  id?: string;
  leftValue: unknown;
  rightValue?: unknown;
  operator: { type: string; operation: string; singleValue?: boolean; rightType?: string; name?: string };
}

/** An assignmentCollection value (Edit Fields 3.3+). */
export interface AssignmentCollectionValue {
  assignments: Array<{ id?: string; name: string; value: unknown; type?: string }>;
}

/** A resource locator value (`{__rl: true, mode, value}`). */
export interface ResourceLocatorValue {
  __rl: true;
  mode: string;
  value: unknown;
  cachedResultName?: string;
}

type Values<O> = O extends readonly ParameterOption[] ? O[number]["value"] : string;

type GroupValue<G extends FixedCollectionGroup, Multiple> = Multiple extends true
  ? InferParameters<G["values"]>[]
  : InferParameters<G["values"]>;

/** The value type of one parameter description. */
export type ParameterValue<D extends ParameterDescription> = D["type"] extends "number"
  ? number
  : D["type"] extends "boolean"
    ? boolean
    : D["type"] extends "options"
      ? Values<D["options"]>
      : D["type"] extends "multiOptions"
        ? Values<D["options"]>[]
        : D["type"] extends "collection"
          ? D["options"] extends readonly ParameterDescription[]
            ? Partial<InferParameters<D["options"]>>
            : Record<string, unknown>
          : D["type"] extends "fixedCollection"
            ? D["options"] extends readonly FixedCollectionGroup[]
              ? { [G in D["options"][number] as G["name"]]?: GroupValue<G, NonNullable<D["typeOptions"]>["multipleValues"]> }
              : Record<string, unknown>
            : D["type"] extends "filter"
              ? FilterValue
              : D["type"] extends "assignmentCollection"
                ? AssignmentCollectionValue
                : D["type"] extends "resourceLocator" | "workflowSelector"
                  ? ResourceLocatorValue | string
                  : D["type"] extends "resourceMapper"
                    ? Record<string, unknown>
                    : D["type"] extends "json"
                      ? unknown
                      : string;

/** Maps a list of parameter descriptions to an object type keyed by parameter name. */
export type InferParameters<Ps extends readonly ParameterDescription[]> = {
  [D in Ps[number] as D["name"]]: ParameterValue<D>;
};
