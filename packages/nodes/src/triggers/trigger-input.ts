import type { ExecuteContext, Item } from "@bos/node-sdk";

/**
 * The items a trigger starts with. The host seeds the start node's input 0 with the trigger items
 * (the engine defaults them to one empty item, n8n's manual start); a trigger emits them as its
 * output. A trigger with no input items still emits one empty item.
 */
export function triggerItems(ctx: ExecuteContext<Record<string, unknown>>): Item[] {
  const items = ctx.getInputItems();
  // A trigger's items have no input to link to: any pairedItem the host left on them is dropped.
  return items.length > 0 ? items.map(({ pairedItem: _unlinked, ...item }) => item) : [{ json: {} }];
}
