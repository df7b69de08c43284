import { findParameter } from "@bos/node-sdk";
import type { ExpressionFailure } from "@bos/sandbox";
import type { FixedCollectionGroup, NodeDescription, ParameterDescription } from "@bos/workflow-schema";

type PathKey = string | number;

/** One expression inside a node's parameters and where it sits. */
export interface ExpressionSite {
  path: PathKey[];
  expression: string;
}

/** Whether a raw parameter value is an n8n expression (`=` prefix). */
export function isExpression(value: unknown): value is string {
  return typeof value === "string" && value.charCodeAt(0) === 61; /* "=" */
}

function isParameterList(options: ParameterDescription["options"]): options is readonly ParameterDescription[] {
  return Array.isArray(options) && options.every((o) => typeof o === "object" && o !== null && "type" in o && "name" in o);
}

function isGroupList(options: ParameterDescription["options"]): options is readonly FixedCollectionGroup[] {
  return Array.isArray(options) && options.every((o) => typeof o === "object" && o !== null && "values" in o && "name" in o);
}

/**
 * Every expression in a node's parameters, depth-first in document order, except under parameters
 * whose description says `resolve: "lazy"` (the node evaluates them itself) or `"never"` (taken
 * literally), at any depth: a collection's sub-parameters and a fixedCollection group's values are
 * matched to their descriptions by name (HTTP Request's `options.pagination` is lazy, for one).
 */
export function collectExpressions(parameters: Readonly<Record<string, unknown>>, description: NodeDescription | undefined): ExpressionSite[] {
  const sites: ExpressionSite[] = [];
  const walk = (value: unknown, path: PathKey[], parameter: ParameterDescription | undefined): void => {
    if (parameter?.resolve === "lazy" || parameter?.resolve === "never") return;
    if (isExpression(value)) {
      sites.push({ path: [...path], expression: value });
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, [...path, i], parameter));
      return;
    }
    if (value === null || typeof value !== "object") return;
    const options = parameter?.options;
    for (const [key, child] of Object.entries(value)) {
      if (parameter?.type === "collection" && isParameterList(options)) {
        walk(child, [...path, key], options.find((p) => p.name === key));
      } else if (parameter?.type === "fixedCollection" && isGroupList(options)) {
        const group = options.find((g) => g.name === key);
        walkGroup(child, [...path, key], group);
      } else {
        walk(child, [...path, key], undefined);
      }
    }
  };
  // A fixedCollection group: one entry object (or an array of them) whose keys are the group's values.
  const walkGroup = (value: unknown, path: PathKey[], group: FixedCollectionGroup | undefined): void => {
    const entries: Array<[unknown, PathKey[]]> = Array.isArray(value) ? value.map((entry, i) => [entry, [...path, i]]) : [[value, path]];
    for (const [entry, entryPath] of entries) {
      if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
        walk(entry, entryPath, undefined);
        continue;
      }
      for (const [key, child] of Object.entries(entry)) walk(child, [...entryPath, key], group?.values.find((p) => p.name === key));
    }
  };
  for (const [name, value] of Object.entries(parameters)) {
    walk(value, [name], description ? findParameter(description.parameters, name, parameters) : undefined);
  }
  return sites;
}

interface SiteTree {
  /** Expression index when this key holds an expression. */
  leaf?: number;
  children?: Map<PathKey, SiteTree>;
  /** `children`'s keys and trees as parallel arrays, for the per-item walk (no iterator entries). */
  keys?: string[];
  trees?: SiteTree[];
}

function indexChildren(tree: SiteTree): void {
  if (!tree.children) return;
  tree.keys = [];
  tree.trees = [];
  for (const [key, child] of tree.children) {
    tree.keys.push(String(key));
    tree.trees.push(child);
    indexChildren(child);
  }
}

function buildTree(sites: readonly ExpressionSite[]): SiteTree {
  const root: SiteTree = {};
  sites.forEach((site, index) => {
    let node = root;
    for (const key of site.path) {
      node.children ??= new Map();
      let next = node.children.get(key);
      if (!next) {
        next = {};
        node.children.set(key, next);
      }
      node = next;
    }
    node.leaf = index;
  });
  indexChildren(root);
  return root;
}

/**
 * Per-item parameter objects for one node run, built from the raw parameters and the batched
 * evaluation results. Only the containers on the way to an expression are copied per item; all
 * other values are shared with the raw parameters (nodes must treat parameters as read-only).
 */
export class ResolvedParameters {
  private readonly tree: SiteTree;
  private readonly cache: Array<Record<string, unknown> | undefined>;
  /** Top-level names with an expression at or under them; the others read the raw parameters. */
  private readonly resolvedNames: ReadonlySet<string>;
  private readonly hasFailures: boolean;

  constructor(
    private readonly raw: Readonly<Record<string, unknown>>,
    private readonly sites: readonly ExpressionSite[],
    private readonly values: readonly unknown[][],
    private readonly errors: ReadonlyArray<ReadonlyArray<ExpressionFailure | undefined> | undefined>,
    readonly itemCount: number,
  ) {
    this.tree = buildTree(sites);
    this.cache = new Array(itemCount);
    this.resolvedNames = new Set(sites.map((site) => String(site.path[0])));
    this.hasFailures = errors.some((row) => row !== undefined && row.some((failure) => failure !== undefined));
  }

  /**
   * The parameters to read top-level parameter `name` from for item `itemIndex`: the raw parameters
   * when no expression sits at or under `name` (nothing to build), else the item's resolved ones.
   */
  sourceFor(itemIndex: number, name: string): Readonly<Record<string, unknown>> {
    return this.resolvedNames.has(name) ? this.forItem(itemIndex) : this.raw;
  }

  /**
   * Top-level parameter `name` as seen by item `itemIndex` (undefined when absent). Only that
   * parameter's containers on the way to an expression are copied, and nothing is kept: the copies
   * die young instead of living, one per item, until the node run ends.
   */
  valueFor(itemIndex: number, name: string): unknown {
    const own = Object.prototype.hasOwnProperty.call(this.raw, name) ? this.raw[name] : undefined;
    if (!this.resolvedNames.has(name)) return own;
    const cached = this.cache[Math.min(Math.max(0, itemIndex), this.itemCount - 1)];
    if (cached) return Object.prototype.hasOwnProperty.call(cached, name) ? cached[name] : undefined;
    const tree = this.tree.children?.get(name);
    if (!tree) return own;
    return this.build(tree, own, Math.min(Math.max(0, itemIndex), this.itemCount - 1));
  }

  /** The parameters as seen by item `itemIndex` (clamped to the resolved range). */
  forItem(itemIndex: number): Record<string, unknown> {
    if (this.sites.length === 0) return this.raw as Record<string, unknown>;
    const i = Math.min(Math.max(0, itemIndex), this.itemCount - 1);
    let params = this.cache[i];
    if (!params) {
      params = this.build(this.tree, this.raw, i) as Record<string, unknown>;
      this.cache[i] = params;
    }
    return params;
  }

  /** The failure of an expression at or under `path` for this item, if any. */
  failureFor(itemIndex: number, path: string): { failure: ExpressionFailure; path: string } | undefined {
    if (!this.hasFailures) return undefined;
    const i = Math.min(Math.max(0, itemIndex), this.itemCount - 1);
    for (let e = 0; e < this.sites.length; e++) {
      const failure = this.errors[e]?.[i];
      if (!failure) continue;
      const sitePath = (this.sites[e] as ExpressionSite).path.join(".");
      if (sitePath === path || sitePath.startsWith(`${path}.`) || path.startsWith(`${sitePath}.`)) return { failure, path: sitePath };
    }
    return undefined;
  }

  private build(tree: SiteTree, value: unknown, item: number): unknown {
    if (tree.leaf !== undefined) return this.values[tree.leaf]?.[item];
    const { keys, trees } = tree;
    if (!keys || !trees || value === null || typeof value !== "object") return value;
    const source = value as Record<string, unknown>;
    const copy = (Array.isArray(value) ? value.slice() : { ...source }) as Record<string, unknown>;
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k] as string;
      copy[key] = this.build(trees[k] as SiteTree, source[key], item);
    }
    return copy;
  }
}
