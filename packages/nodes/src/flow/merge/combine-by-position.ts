import type { Item, PairedItem } from "@bos/node-sdk";
import { addSuffix, mergeFunction, type ClashOptions, type JsonObject } from "./merge-objects";

function link(itemIndex: number, input: number): PairedItem {
  return input === 0 ? { item: itemIndex } : { item: itemIndex, input };
}

/**
 * Merge "Combine by Position": item i of every input merged into one. Clashing fields take the last
 * input's value (or `preferInputN`'s, or every key suffixed with its input number). Without
 * includeUnpaired the output stops at the shortest input.
 */
export function combineByPosition(inputs: readonly Item[][], clash: ClashOptions, includeUnpaired: boolean): Item[] {
  if (inputs.length === 0) return [];
  const resolveClash = clash.resolveClash ?? "";
  const preferred = resolveClash.startsWith("preferInput") ? Number(resolveClash.slice("preferInput".length)) - 1 : inputs.length - 1;
  const preferredIndex = Number.isInteger(preferred) && preferred >= 0 && preferred < inputs.length ? preferred : inputs.length - 1;
  const lengths = inputs.map((input) => input.length);
  const count = includeUnpaired ? Math.max(...lengths) : Math.min(...lengths);
  const merge = mergeFunction(clash);
  const output: Item[] = [];
  for (let i = 0; i < count; i++) {
    const parts: JsonObject[] = [];
    const pairedItem: PairedItem[] = [];
    inputs.forEach((input, inputIndex) => {
      const item = input[i];
      if (!item) return;
      parts.push(resolveClash === "addSuffix" ? addSuffix(item.json, String(inputIndex + 1)) : item.json);
      pairedItem.push(link(i, inputIndex));
    });
    const preferredItem = inputs[preferredIndex]?.[i];
    if (preferredItem && resolveClash !== "addSuffix") parts.push(preferredItem.json);
    output.push({ json: merge(parts), pairedItem });
  }
  return output;
}

/**
 * Merge "All Possible Combinations": every item of input 1 merged with every item of input 2
 * (input 1 order outer). Clashing fields take input 2's value unless preferInput1 or addSuffix.
 */
export function combineAll(inputs: readonly Item[][], clash: ClashOptions): Item[] {
  const merge = mergeFunction(clash);
  const resolveClash = clash.resolveClash || "preferLast";
  const output: Item[] = [];
  (inputs[0] ?? []).forEach((first, i) => {
    (inputs[1] ?? []).forEach((second, j) => {
      const pairedItem = [link(i, 0), link(j, 1)];
      const json =
        resolveClash === "addSuffix"
          ? merge([addSuffix(first.json, "1"), addSuffix(second.json, "2")])
          : resolveClash === "preferInput1"
            ? merge([second.json, first.json])
            : merge([first.json, second.json]);
      output.push({ json, pairedItem });
    });
  });
  return output;
}
