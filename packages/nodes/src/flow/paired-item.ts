import type { Item } from "@bos/node-sdk";

/**
 * The item as it leaves a routing node (If, Switch, Filter...): the same data, linked to the input
 * item it came from. The json object is shared, not copied: nodes never mutate their input.
 */
export function routeItem(item: Item, itemIndex: number, inputIndex = 0): Item {
  return { ...item, pairedItem: inputIndex === 0 ? { item: itemIndex } : { item: itemIndex, input: inputIndex } };
}
