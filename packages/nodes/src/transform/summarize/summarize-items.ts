import { NodeOperationError, type Item, type NodeLogger } from "@bos/node-sdk";
import { assignOwn, getField, type JsonObject } from "../shared/field-path";

export type AggregationType = "append" | "average" | "concatenate" | "count" | "countUnique" | "max" | "min" | "sum";

export interface FieldToSummarize {
  aggregation?: AggregationType;
  field: string;
  includeEmpty?: boolean;
  separateBy?: string;
  customSeparator?: string;
}

export interface SummarizeOptions {
  continueIfFieldNotFound?: boolean;
  disableDotNotation?: boolean;
  outputFormat?: "separateItems" | "singleItem";
  skipEmptySplitFields?: boolean;
}

export interface SummarizeConfig {
  fieldsToSummarize: readonly FieldToSummarize[];
  fieldsToSplitBy: readonly string[];
  options: SummarizeOptions;
  /** Summarize 1 groups by the text of the split value and fails when a field is in no item. */
  version: number;
}

/** n8n's output key prefixes, per aggregation. */
const KEY_PREFIX: Record<AggregationType, string> = {
  append: "appended_",
  average: "average_",
  concatenate: "concatenated_",
  count: "count_",
  countUnique: "unique_count_",
  max: "max_",
  min: "min_",
  sum: "sum_",
};

/** The output key of an aggregation (`sum_amount`; brackets and quotes dropped, dots and spaces as `_`). */
export function summaryKey(aggregation: AggregationType | undefined, field: string): string {
  return normalizeFieldName(`${KEY_PREFIX[aggregation ?? "count"]}${field}`);
}

function normalizeFieldName(name: string): string {
  return name.replace(/[\][\"]/g, "").replace(/[ .]/g, "_");
}

interface Row {
  json: JsonObject;
  index: number;
}

const isEmpty = (value: unknown) => value === undefined || value === null || value === "";

function aggregate(rows: readonly Row[], entry: FieldToSummarize, read: (json: JsonObject, field: string) => unknown): unknown {
  const { field } = entry;
  let values = rows.map((row) => read(row.json, field));
  const aggregation = entry.aggregation ?? "count";
  if (aggregation === "average" || aggregation === "sum") values = values.filter((value) => typeof value === "number");
  switch (aggregation) {
    case "append":
      return entry.includeEmpty ? values : values.filter((value) => !isEmpty(value));
    case "concatenate": {
      const separator = entry.separateBy === "other" ? (entry.customSeparator ?? "") : (entry.separateBy ?? ",");
      const kept = entry.includeEmpty ? values : values.filter((value) => !isEmpty(value));
      return kept
        .map((value) => (value === undefined ? "undefined" : typeof value === "object" ? JSON.stringify(value) : String(value)))
        .join(separator);
    }
    case "average":
      return (values as number[]).reduce((sum, value) => sum + value, 0) / values.length;
    case "sum":
      return (values as number[]).reduce((sum, value) => sum + value, 0);
    case "min":
    case "max": {
      let best: unknown;
      for (const value of values) {
        if (isEmpty(value)) continue;
        if (best === undefined || (aggregation === "min" ? (value as number) < (best as number) : (value as number) > (best as number))) best = value;
      }
      return best ?? null;
    }
    case "countUnique":
      return new Set(entry.includeEmpty ? values : values.filter((value) => !isEmpty(value))).size;
    default:
      return entry.includeEmpty ? values.length : values.filter((value) => !isEmpty(value)).length;
  }
}

function summarizeRows(rows: readonly Row[], config: SummarizeConfig, read: (json: JsonObject, field: string) => unknown): JsonObject {
  const json: JsonObject = {};
  for (const entry of config.fieldsToSummarize) assignOwn(json, summaryKey(entry.aggregation, entry.field), aggregate(rows, entry, read));
  return json;
}

interface Group {
  key: unknown;
  rows: Row[];
}

function groupRows(rows: readonly Row[], field: string, config: SummarizeConfig, read: (json: JsonObject, field: string) => unknown): Group[] {
  const groups = new Map<unknown, Group>();
  for (const row of rows) {
    let key = read(row.json, field);
    if (key !== null && typeof key === "object") key = JSON.stringify(key);
    if (config.version === 1) key = String(key);
    if (config.options.skipEmptySplitFields && typeof key !== "number" && !key) continue;
    let group = groups.get(key);
    if (!group) {
      group = { key, rows: [] };
      groups.set(key, group);
    }
    group.rows.push(row);
  }
  return [...groups.values()];
}

function separateItems(rows: readonly Row[], splitBy: readonly string[], config: SummarizeConfig, read: (json: JsonObject, field: string) => unknown): Item[] {
  const [field, ...rest] = splitBy;
  if (field === undefined) {
    return [{ json: summarizeRows(rows, config, read), pairedItem: rows.map((row) => ({ item: row.index })) }];
  }
  return groupRows(rows, field, config, read).flatMap((group) =>
    separateItems(group.rows, rest, config, read).map((item) => {
      if (group.key !== undefined) assignOwn(item.json, normalizeFieldName(field), group.key);
      return item;
    }),
  );
}

function singleItem(rows: readonly Row[], splitBy: readonly string[], config: SummarizeConfig, read: (json: JsonObject, field: string) => unknown): JsonObject {
  const [field, ...rest] = splitBy;
  if (field === undefined) return summarizeRows(rows, config, read);
  const json: JsonObject = {};
  for (const group of groupRows(rows, field, config, read)) assignOwn(json, String(group.key), singleItem(group.rows, rest, config, read));
  return json;
}

/**
 * Summarize: aggregations (count, sum, average, min, max, append, concatenate, countUnique) over all
 * items or per group of the split-by fields, one item per group or all groups nested in one item.
 */
export function summarizeItems(items: readonly Item[], config: SummarizeConfig, logger?: NodeLogger): Item[] {
  if (config.fieldsToSummarize.filter((entry) => entry.field !== "").length === 0) {
    throw new NodeOperationError("You need to add at least one aggregation to 'Fields to Summarize' with non empty 'Field'", {
      description: "Add an entry under 'Fields to Summarize' and name the input field it summarizes",
    });
  }
  const disableDots = config.options.disableDotNotation === true;
  const read = (json: JsonObject, field: string) => getField(json, field, disableDots);
  const rows: Row[] = items.map((item, index) => ({ json: item.json, index }));
  for (const entry of config.fieldsToSummarize) {
    if (entry.field === "" || rows.some((row) => read(row.json, entry.field) !== undefined)) continue;
    const message = `The field '${entry.field}' does not exist in any items`;
    if (config.version === 1 && !config.options.continueIfFieldNotFound) {
      throw new NodeOperationError(message, { description: "Check the field name, or enable 'Continue if Field Not Found'" });
    }
    logger?.warn(message);
  }
  if (config.options.outputFormat === "singleItem") {
    return [{ json: singleItem(rows, config.fieldsToSplitBy, config, read), pairedItem: rows.map((row) => ({ item: row.index })) }];
  }
  return separateItems(rows, config.fieldsToSplitBy, config, read);
}
