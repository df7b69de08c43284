import type { NodeDescription } from "@bos/workflow-schema";
import type { ExecuteContext, NodeResult } from "./context";
import type { InferParameters } from "./parameter-types";

/**
 * A node type: its description plus the code that runs it. Built-in and custom nodes use this alike.
 * One handler serves the versions in `description.versions`; a version that behaves differently gets
 * its own `defineNode` with its own description.
 *
 * @example
 * export const noOpNode = defineNode({
 *   description: { type: "n8n-nodes-base.noOp", versions: [1], displayName: "No Operation, do nothing",
 *     group: ["organization"], description: "Does nothing", defaults: { name: "No Operation, do nothing" },
 *     inputs: 1, outputs: 1, parameters: [] },
 *   async execute(ctx) { return [ctx.getInputItems()]; },
 * });
 */
export interface NodeType<P extends object = Record<string, unknown>> {
  readonly description: NodeDescription;
  /** Runs the node over all its input items at once. */
  execute(ctx: ExecuteContext<P>): Promise<NodeResult>;
  /**
   * Dry runs: called instead of `execute` when the node has side effects for these parameters; returns
   * what the node would have sent, as items marked `simulated: true`.
   */
  simulate?(ctx: ExecuteContext<P>): Promise<NodeResult>;
}

/** Defines a node with parameter types inferred from its description. */
export function defineNode<const D extends NodeDescription>(node: {
  description: D;
  execute(ctx: ExecuteContext<InferParameters<D["parameters"]>>): Promise<NodeResult>;
  simulate?(ctx: ExecuteContext<InferParameters<D["parameters"]>>): Promise<NodeResult>;
}): NodeType<InferParameters<D["parameters"]>> {
  return node;
}

/** A node type with its parameter types erased, as registries hold them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyNodeType = NodeType<any>;
