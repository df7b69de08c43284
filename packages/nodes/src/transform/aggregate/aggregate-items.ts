import { NodeOperationError, type BinaryData, type Item, type NodeLogger, type PairedItem } from "@bos/node-sdk";
import { assignOwn, getField, readOwn, setField, type JsonObject } from "../shared/field-path";

/** One "field to aggregate" entry. */
export interface FieldToAggregate {
  fieldToAggregate: string;
  renameField?: boolean;
  outputFieldName?: string;
}

export interface BinaryOptions {
  includeBinaries?: boolean;
  keepOnlyUnique?: boolean;
}

export interface IndividualFieldsConfig extends BinaryOptions {
  fields: readonly FieldToAggregate[];
  disableDotNotation?: boolean;
  mergeLists?: boolean;
  keepMissing?: boolean;
}

export interface AllItemDataConfig extends BinaryOptions {
  destinationFieldName: string;
  fieldsToInclude?: readonly string[];
  fieldsToExclude?: readonly string[];
}

function allPaired(count: number): PairedItem[] {
  return Array.from({ length: count }, (_, item) => ({ item }));
}

/**
 * Aggregate's "individual fields": one item holding, per field, the list of its values across the
 * input items. A dotted field is named after its last segment unless renamed; missing and null values
 * are skipped unless `keepMissing`; list values are flattened with `mergeLists`.
 */
export function aggregateIndividualFields(items: readonly Item[], config: IndividualFieldsConfig, logger?: NodeLogger): Item {
  if (config.fields.length === 0) {
    throw new NodeOperationError("No fields specified", { description: "Please add a field to aggregate" });
  }
  const disableDots = config.disableDotNotation === true;
  const values = new Map<string, unknown[]>();
  const outputFields: string[] = [];
  const found = new Map<string, boolean>();
  for (const { fieldToAggregate, outputFieldName, renameField } of config.fields) {
    const field = renameField ? (outputFieldName ?? "") : fieldToAggregate;
    if (outputFields.includes(field)) {
      throw new NodeOperationError(`The '${field}' output field is used more than once`, { description: "Please make sure each output field name is unique" });
    }
    outputFields.push(field);
    if (fieldToAggregate === "") continue;
    const outputName = outputFieldName || (!disableDots && fieldToAggregate.includes(".") ? (fieldToAggregate.split(".").pop() as string) : fieldToAggregate);
    const collected: unknown[] = [];
    values.set(outputName, collected);
    for (const item of items) {
      let value = getField(item.json, fieldToAggregate, disableDots);
      if (value !== undefined) found.set(fieldToAggregate, true);
      if (!config.keepMissing) {
        if (Array.isArray(value)) value = value.filter((entry) => entry !== null);
        else if (value === null || value === undefined) continue;
      }
      if (Array.isArray(value) && config.mergeLists) collected.push(...value);
      else collected.push(value);
    }
    if (!found.get(fieldToAggregate)) logger?.warn(`The field '${fieldToAggregate}' wasn't found in any input item`);
  }
  const json: JsonObject = {};
  for (const [key, list] of values) setField(json, key, list, disableDots);
  return withBinaries({ json, pairedItem: allPaired(items.length) }, items, config);
}

/**
 * Aggregate's "all item data": one item with every input item's json in a list under
 * `destinationFieldName`, optionally only some top-level fields (items left empty are dropped).
 */
export function aggregateAllItemData(items: readonly Item[], config: AllItemDataConfig): Item {
  const include = config.fieldsToInclude ?? [];
  const exclude = config.fieldsToExclude ?? [];
  let rows: JsonObject[] = items.map((item) => item.json);
  let pairedItem = allPaired(items.length);
  if (include.length > 0 || exclude.length > 0) {
    rows = [];
    pairedItem = [];
    items.forEach((item, index) => {
      const row: JsonObject = {};
      for (const key of Object.keys(item.json)) {
        if (exclude.includes(key)) continue;
        if (include.length > 0 && !include.includes(key)) continue;
        assignOwn(row, key, item.json[key]);
      }
      if (Object.keys(row).length === 0) return;
      rows.push(row);
      pairedItem.push({ item: index });
    });
  }
  const json: JsonObject = {};
  assignOwn(json, config.destinationFieldName, rows);
  return withBinaries({ json, pairedItem }, items, config);
}

/**
 * Adds every input binary (or only distinct ones, by mime type, file type, size and extension) to the
 * aggregated item under its own key; a key already taken gets `_1`, `_2`... appended.
 */
function withBinaries(item: Item, items: readonly Item[], options: BinaryOptions): Item {
  if (!options.includeBinaries) return item;
  const binary: Record<string, BinaryData> = {};
  const seen = new Set<string>();
  for (const input of items) {
    for (const key of Object.keys(input.binary ?? {})) {
      const data = readOwn(input.binary, key) as BinaryData;
      if (options.keepOnlyUnique) {
        const signature = JSON.stringify([data.mimeType, data.fileType, data.fileSize, data.fileExtension]);
        if (seen.has(signature)) continue;
        seen.add(signature);
      }
      let name = key;
      for (let suffix = 1; Object.prototype.hasOwnProperty.call(binary, name); suffix++) name = `${key}_${suffix}`;
      assignOwn(binary, name, data);
    }
  }
  return Object.keys(binary).length === 0 ? item : { ...item, binary };
}
