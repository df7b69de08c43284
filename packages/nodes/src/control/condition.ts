import { defineNode } from "@bos/node-sdk";
import { ifNode } from "../flow/if";

/** The If version whose conditions (filter version 2) Condition evaluates. */
const IF_VERSION = 2.2;

/**
 * Condition (`bos.condition`): if/else on data. Each item goes to "true" when its conditions pass,
 * else to "false". The conditions are the If node's (the shared evaluator in flow/conditions, as If
 * v2.2 evaluates them); exported to n8n it becomes an If v2.2 node.
 */
export const conditionNode = defineNode({
  description: {
    ...ifNode.description,
    type: "bos.condition",
    versions: [1],
    displayName: "Condition",
    group: ["organization"],
    description: "Send each item down the 'true' or the 'false' branch, depending on conditions on its data",
    defaults: { name: "Condition", color: "#408000" },
    outputNames: ["true", "false"],
  },
  execute: (ctx) => ifNode.execute({ ...ctx, node: { ...ctx.node, typeVersion: IF_VERSION } }),
});
