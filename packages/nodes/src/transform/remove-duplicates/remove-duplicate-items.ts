import { NodeOperationError, type Item } from "@bos/node-sdk";
import { stableKey } from "../shared/deep-equal";
import { getField, setField, type JsonObject } from "../shared/field-path";

export type CompareMode = "allFields" | "allFieldsExcept" | "selectedFields";

export interface RemoveDuplicatesConfig {
  compare: CompareMode;
  fieldsToExclude?: readonly string[];
  fieldsToCompare?: readonly string[];
  disableDotNotation?: boolean;
  removeOtherFields?: boolean;
  /** The node's typeVersion: from 1.1 on, null values pass the "same type" check. */
  version: number;
}

/** The leaf paths of a json value, lodash-style (`a.b`, `tags.0`); empty objects and lists have none. */
export function flattenKeys(value: unknown, prefix: string[] = [], out: string[] = []): string[] {
  if (value === null || typeof value !== "object") {
    out.push(prefix.join("."));
    return out;
  }
  for (const key of Object.keys(value)) flattenKeys((value as JsonObject)[key], [...prefix, key], out);
  return out;
}

function keysOf(json: JsonObject, disableDotNotation: boolean): string[] {
  return disableDotNotation ? Object.keys(json) : [...new Set(flattenKeys(json))];
}

/** The fields that decide whether two items are duplicates. */
export function compareKeys(items: readonly Item[], config: RemoveDuplicatesConfig): string[] {
  const disableDots = config.disableDotNotation === true;
  const first = items[0]?.json ?? {};
  if (config.compare === "allFieldsExcept") {
    const excluded = config.fieldsToExclude ?? [];
    if (excluded.length === 0) throw new NodeOperationError("No fields specified. Please add a field to exclude from comparison");
    return keysOf(first, disableDots).filter((key) => !excluded.includes(key));
  }
  if (config.compare === "selectedFields") {
    const selected = config.fieldsToCompare ?? [];
    if (selected.length === 0) throw new NodeOperationError("No fields specified. Please add a field to compare on");
    return selected.map((key) => key.trim());
  }
  const keys = new Set<string>();
  for (const item of items) for (const key of keysOf(item.json, disableDots)) keys.add(key);
  return [...keys];
}

/** n8n's checks on the compared fields: named, present in every item, of one type. */
function validateKeys(items: readonly Item[], keys: readonly string[], config: RemoveDuplicatesConfig): void {
  const disableDots = config.disableDotNotation === true;
  for (const key of keys) {
    if (key === "") throw new NodeOperationError("Name of field to compare is blank");
    let type: string | undefined;
    let typeAt = -1;
    items.forEach((item, index) => {
      const value = getField(item.json, key, disableDots);
      if (value === null && config.version > 1) return;
      if (value === undefined) {
        throw new NodeOperationError(`'${key}' field is missing from some input items`, {
          itemIndex: index,
          description:
            disableDots && key.includes(".")
              ? "If you're trying to use a nested field, make sure you turn off 'disable dot notation' in the node options"
              : `Item ${index} has no '${key}'; compare on fields every item has`,
        });
      }
      if (type !== undefined && type !== typeof value) {
        throw new NodeOperationError(`'${key}' isn't always the same type`, {
          itemIndex: index,
          description:
            "The type of this field varies between items" + (config.version > 1 ? `, in item [${typeAt}] it's a ${type} and in item [${index}] it's a ${typeof value} ` : ""),
        });
      }
      type = typeof value;
      typeAt = index;
    });
  }
}

/**
 * Remove Duplicates over the input items: keeps the first item of each group of items whose compared
 * fields are deeply equal, in input order, each linked to its input position.
 */
export function removeDuplicateItems(items: readonly Item[], config: RemoveDuplicatesConfig): Item[] {
  if (items.length === 0) return [];
  const disableDots = config.disableDotNotation === true;
  const keys = compareKeys(items, config);
  validateKeys(items, keys, config);
  const seen = new Set<string>();
  const kept: Item[] = [];
  items.forEach((item, index) => {
    const signature = stableKey(keys.map((key) => getField(item.json, key, disableDots)));
    if (seen.has(signature)) return;
    seen.add(signature);
    if (!config.removeOtherFields) {
      kept.push({ ...item, pairedItem: { item: index } });
      return;
    }
    const json: JsonObject = {};
    for (const key of keys) {
      const value = getField(item.json, key, disableDots);
      if (value !== undefined) setField(json, key, value, disableDots);
    }
    kept.push({ json, pairedItem: { item: index } });
  });
  return kept;
}
