import { defineNode, type Item } from "@bos/node-sdk";

/** Which end Limit (and Item Lists' limit operation) keeps. */
export const limitKeepOptions = [
  { name: "First Items", value: "firstItems" },
  { name: "Last Items", value: "lastItems" },
] as const;

/** Keeps the first or the last `maxItems` items, each linked to its input position. */
export function limitItems(items: readonly Item[], maxItems: number, keep: "firstItems" | "lastItems"): Item[] {
  const linked = items.map((item, index): Item => ({ ...item, pairedItem: { item: index } }));
  if (maxItems > items.length) return linked;
  return keep === "lastItems" ? linked.slice(items.length - maxItems) : linked.slice(0, maxItems);
}

/** Limit 1: restricts the number of items. */
export const limitNode = defineNode({
  description: {
    type: "n8n-nodes-base.limit",
    versions: [1],
    displayName: "Limit",
    group: ["transform"],
    description: "Restrict the number of items",
    defaults: { name: "Limit" },
    inputs: 1,
    outputs: 1,
    sideEffects: "none",
    parameters: [
      { displayName: "Max Items", name: "maxItems", type: "number", typeOptions: { minValue: 1 }, default: 1, description: "If there are more items than this number, some are removed" },
      {
        displayName: "Keep",
        name: "keep",
        type: "options",
        options: limitKeepOptions,
        default: "firstItems",
        description: "When removing items, whether to keep the ones at the start or the ending",
      },
    ],
  },
  async execute(ctx) {
    return [limitItems(ctx.getInputItems(), ctx.getNodeParameter("maxItems", 0), ctx.getNodeParameter("keep", 0))];
  },
});
