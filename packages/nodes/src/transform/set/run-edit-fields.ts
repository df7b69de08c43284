import { NodeError, NodeOperationError, type Item } from "@bos/node-sdk";

/**
 * The per-item loop Edit Fields 3.x shares across versions and modes. A failing item stops the node,
 * or, with onError set to continue, becomes an error item: manual mode puts `{error, pairedItem}` in
 * the item's json (as n8n does; such an item stays on the regular output), raw mode `{error}`.
 */
export function runEditFields(
  items: readonly Item[],
  continueOnFail: boolean,
  errorShape: "manual" | "raw",
  build: (item: Item, itemIndex: number) => Item,
  /** Extra copies of each item ("Duplicate Item", honoured in manual runs only, as in n8n). */
  duplicates = 0,
): Item[] {
  const output: Item[] = [];
  items.forEach((item, itemIndex) => {
    try {
      const built = build(item, itemIndex);
      for (let copy = 0; copy <= duplicates; copy++) output.push(copy === 0 ? built : { ...built });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!continueOnFail) {
        if (error instanceof NodeError) throw error;
        throw new NodeOperationError(message, { itemIndex, cause: error });
      }
      const json: Record<string, unknown> =
        errorShape === "manual" ? { error: message, pairedItem: { item: itemIndex } } : { error: message };
      output.push({ json, pairedItem: { item: itemIndex } });
    }
  });
  return output;
}
