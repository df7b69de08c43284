/**
 * Node descriptions: the data that says what a node type is (its versions, inputs, outputs and
 * parameters). They live here, not in node-sdk, because validation, the builder and n8n import all
 * read them without loading any node implementation. node-sdk pairs a description with an execute
 * function; a registry of descriptions is passed into `validateWorkflow`.
 *
 * @example
 * const noop: NodeDescription = {
 *   type: "n8n-nodes-base.noOp", versions: [1], displayName: "No Operation, do nothing",
 *   group: ["organization"], description: "Passes items through", defaults: { name: "No Operation" },
 *   inputs: 1, outputs: 1, parameters: [],
 * };
 */

/** Parameter kinds, with n8n's names. */
export type ParameterType =
  | "string"
  | "number"
  | "boolean"
  | "options"
  | "multiOptions"
  | "collection"
  | "fixedCollection"
  | "json"
  | "code"
  | "dateTime"
  | "color"
  | "filter"
  | "assignmentCollection"
  | "resourceLocator"
  | "resourceMapper"
  | "workflowSelector"
  | "notice"
  | "hidden";

/** One choice of an `options` / `multiOptions` parameter. */
export interface ParameterOption {
  readonly name: string;
  readonly value: string | number | boolean;
  readonly description?: string;
}

/** One group of a `fixedCollection` parameter (for example `rules.values`). */
export interface FixedCollectionGroup {
  readonly name: string;
  readonly displayName: string;
  readonly values: readonly ParameterDescription[];
}

/** Show or hide a parameter depending on other parameters' (raw) values, keyed by parameter name. */
export interface DisplayOptions {
  readonly show?: Readonly<Record<string, readonly unknown[]>>;
  readonly hide?: Readonly<Record<string, readonly unknown[]>>;
}

/**
 * How the engine resolves a parameter's expressions before `execute` runs:
 * - `item` (default): once per input item, in one batched sandbox call;
 * - `lazy`: not resolved up front; the node evaluates it itself (e.g. pagination with `$response`);
 * - `never`: the value is taken literally even when it starts with `=` (e.g. code).
 */
export type ParameterResolution = "item" | "lazy" | "never";

/** One parameter of a node. */
export interface ParameterDescription {
  readonly name: string;
  readonly displayName: string;
  readonly type: ParameterType;
  readonly default: unknown;
  readonly required?: boolean;
  readonly description?: string;
  readonly placeholder?: string;
  /** For options/multiOptions: the choices. For collection: the sub-parameters. For fixedCollection: the groups. */
  readonly options?: readonly ParameterOption[] | readonly ParameterDescription[] | readonly FixedCollectionGroup[];
  readonly typeOptions?: Readonly<{
    multipleValues?: boolean;
    minValue?: number;
    maxValue?: number;
    rows?: number;
    editor?: string;
    [key: string]: unknown;
  }>;
  readonly displayOptions?: DisplayOptions;
  /** True when the value may not be an expression. */
  readonly noDataExpression?: boolean;
  readonly resolve?: ParameterResolution;
}

/** A number, or a function of the node's raw parameters (Switch's outputs, Merge's inputs). */
export type PortCount = number | ((parameters: Readonly<Record<string, unknown>>) => number);

/**
 * The workflow a node runs as a sub-workflow (Execute Workflow), read from its parameters: stored (by id)
 * or inline. Undefined when the parameters cannot tell (an expression, an unsupported source).
 */
export type SubworkflowReference = { readonly kind: "id"; readonly id: string } | { readonly kind: "inline"; readonly workflow: unknown };

/**
 * What a node's side effects are, for dry runs and for the durability contract: none, always, a function
 * of the parameters, or `{ subworkflow }`: those of the sub-workflow the node runs (the engine loads it and
 * checks its nodes, recursively; when it cannot tell, the node counts as having side effects). In a dry
 * run such a node runs, and its sub-workflow runs as a dry run too.
 */
export type SideEffects =
  | "none"
  | "always"
  | ((parameters: Readonly<Record<string, unknown>>) => boolean)
  | { readonly subworkflow: (parameters: Readonly<Record<string, unknown>>) => SubworkflowReference | undefined };

/** A credential type a node accepts. */
export interface NodeCredentialDescription {
  readonly name: string;
  readonly required?: boolean;
  readonly displayOptions?: DisplayOptions;
}

/** Trigger kinds; a node with a `trigger` starts executions and ignores input. */
export type TriggerKind = "manual" | "webhook" | "schedule" | "event" | "executeWorkflow" | "error";

/** The full description of one node type across the versions one handler serves. */
export interface NodeDescription {
  /** Full type name: `n8n-nodes-base.set`, or ours under `bos.` (`bos.condition`). */
  readonly type: string;
  /** The typeVersions this description covers. */
  readonly versions: readonly number[];
  readonly displayName: string;
  readonly group: readonly string[];
  readonly description: string;
  readonly defaults: Readonly<{ name: string; color?: string }>;
  /** Number of main inputs. */
  readonly inputs: PortCount;
  /** Number of main outputs (without the extra error output that `onError: continueErrorOutput` adds). */
  readonly outputs: PortCount;
  readonly outputNames?: readonly string[] | ((parameters: Readonly<Record<string, unknown>>) => string[]);
  /**
   * v1 order: when the stack runs dry and this multi-input node has only some inputs, it still runs
   * if this many inputs (or these input indexes) have data. Absent: every connected input is needed.
   */
  readonly requiredInputs?: number | readonly number[] | ((parameters: Readonly<Record<string, unknown>>) => number | number[]);
  readonly parameters: readonly ParameterDescription[];
  readonly credentials?: readonly NodeCredentialDescription[];
  readonly trigger?: TriggerKind;
  /** A cycle through this node is allowed (Loop Over Items). */
  readonly allowsLoop?: boolean;
  readonly sideEffects?: SideEffects;
  /** Hidden from the palette (legacy types kept for import). */
  readonly hidden?: boolean;
}

/** What validation and import need from a registry of node types. */
export interface NodeDescriptionRegistry {
  /** The description for this type and version, or undefined when unknown. */
  get(type: string, typeVersion: number): NodeDescription | undefined;
  /** Every version known for a type (empty when the type is unknown). */
  versionsOf(type: string): readonly number[];
}
