import { NodeOperationError, type BinaryData, type Item, type NodeLogger } from "@bos/node-sdk";
import { assignOwn, getField, readOwn, shallowCopy, unsetField, type JsonObject } from "../shared/field-path";

export type SplitOutInclude = "noOtherFields" | "allOtherFields" | "selectedOtherFields";

export interface SplitOutConfig {
  /** Fields to split out (a `$json.` prefix is dropped; `$binary` splits the binary properties). */
  fieldsToSplitOut: readonly string[];
  include: SplitOutInclude;
  fieldsToInclude: readonly string[];
  /** One name per field to split out, or none. */
  destinationFields: readonly string[];
  disableDotNotation?: boolean;
  includeBinary?: boolean;
}

/** Parses Split Out's comma-separated field lists as n8n does. */
export function splitOutFieldList(value: unknown): string[] {
  return String(value ?? "")
    .split(",")
    .map((field) => field.trim().replace(/^\$json\./, ""));
}

/**
 * Split Out for one input item: one output item per element of the field (several fields are zipped
 * by position); objects spread into the item when nothing else is kept and no destination is named.
 */
export function splitOutItem(input: Item, itemIndex: number, config: SplitOutConfig, logger?: NodeLogger): Item[] {
  const { fieldsToSplitOut, destinationFields, include } = config;
  const disableDots = config.disableDotNotation === true;
  if (destinationFields.length > 0 && destinationFields.length !== fieldsToSplitOut.length) {
    throw new NodeOperationError("If multiple fields to split out are given, the same number of destination fields must be given", {
      itemIndex,
      description: "Give one destination field name per field to split out, separated by commas",
    });
  }
  const source: JsonObject = { ...input.json };
  const multiSplit = fieldsToSplitOut.length > 1;
  const split: Item[] = [];
  fieldsToSplitOut.forEach((field, entryIndex) => {
    const destination = destinationFields[entryIndex] ?? "";
    let elements: unknown[];
    if (field === "$binary") {
      elements = Object.keys(input.binary ?? {}).map((key) => [key, readOwn(input.binary, key)]);
    } else {
      const value = getField(source, field, disableDots);
      if (value === undefined) logger?.debug(`Split Out: the field '${field}' is missing from item ${itemIndex}`);
      if (value === undefined) elements = [];
      else if (value === null || typeof value !== "object") elements = [value];
      else elements = Array.isArray(value) ? value : Object.values(value);
    }
    elements.forEach((element, elementIndex) => {
      const entry = (split[elementIndex] ??= { json: {}, pairedItem: { item: itemIndex } });
      if (field === "$binary") {
        const [key, binary] = element as [string, BinaryData];
        entry.binary = { ...(entry.binary ?? {}) };
        assignOwn(entry.binary, key, binary);
        return;
      }
      const fieldName = destination || field;
      if (element !== null && typeof element === "object" && include === "noOtherFields" && destination === "" && !multiSplit) {
        for (const key of Object.keys(element)) assignOwn(entry.json, key, (element as JsonObject)[key]);
      } else {
        assignOwn(entry.json, fieldName, element);
      }
    });
  });
  return split.map((entry) => {
    let item = entry;
    if (include === "allOtherFields") {
      const rest = shallowCopy(source);
      for (const field of fieldsToSplitOut) unsetField(rest, field, disableDots, true);
      item = { ...entry, json: { ...rest, ...entry.json } };
    } else if (include === "selectedOtherFields") {
      if (config.fieldsToInclude.length === 0) {
        throw new NodeOperationError("No fields specified", { itemIndex, description: "Please add a field to include" });
      }
      for (const field of config.fieldsToInclude) assignOwn(entry.json, field, getField(source, field, disableDots));
    }
    if (config.includeBinary && input.binary && !item.binary) item = { ...item, binary: input.binary };
    return item;
  });
}
