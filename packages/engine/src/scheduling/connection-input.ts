import type { Item } from "@bos/node-sdk";
import type { ExecutionOrder } from "./schedule-children";

/**
 * The items that decide whether a node runs and how many items its parameters resolve for (n8n's
 * "connection input data"): v1 takes the first input with items, v0 always input 0. Null when the
 * node has nothing to run on (it then does not run and leaves no record).
 */
export function connectionInputItems(inputs: ReadonlyArray<Item[] | null>, order: ExecutionOrder): Item[] | null {
  if (order === "v0") {
    const first = inputs[0];
    return first && first.length > 0 ? first : null;
  }
  for (const input of inputs) if (input && input.length > 0) return input;
  return null;
}

/** `executeOnce`: every input cut to its first item. */
export function sliceToFirstItem(inputs: Item[][]): Item[][] {
  return inputs.map((input) => input.slice(0, 1));
}
