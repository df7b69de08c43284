import { NodeOperationError, type BinaryData, type Item } from "@bos/node-sdk";
import { assignOwn, getField, parseFieldList, setField, shallowCopy, unsetField, type JsonObject } from "../shared/field-path";
import { convertFieldValue, parseJsonLoosely } from "../shared/type-conversion";

/** Which input fields Edit Fields keeps besides the ones it sets. */
export type SetInclude = "none" | "all" | "selected" | "except";

/** Edit Fields 3.x options, as stored (absent keys take n8n's behaviour for an absent option). */
export interface SetOptions {
  dotNotation?: boolean;
  ignoreConversionErrors?: boolean;
  includeBinary?: boolean;
  stripBinary?: boolean;
}

export interface ComposeSetItemOptions {
  include: SetInclude;
  /** Comma-separated (or list) fields for `selected` / `except`. */
  includeFields?: unknown;
  excludeFields?: unknown;
  dotNotation: boolean;
  keepBinary: boolean;
}

/**
 * Builds one output item of Edit Fields 3.x: the kept input fields (per `include`), then the new
 * fields written over them (dot paths create nested objects unless dot notation is off). Unchanged
 * values are shared with the input item, never copied; nothing in the input item is modified.
 */
export function composeSetItem(
  inputItem: Item,
  itemIndex: number,
  newFields: ReadonlyArray<readonly [string, unknown]>,
  options: ComposeSetItemOptions,
): Item {
  const disableDots = !options.dotNotation;
  let json: JsonObject = {};
  switch (options.include) {
    case "all":
      json = shallowCopy(inputItem.json);
      break;
    case "selected":
      for (const key of parseFieldList(options.includeFields)) {
        const value = getField(inputItem.json, key, disableDots);
        if (value === undefined) continue;
        const target = !disableDots && key.includes(".") ? (key.split(".").pop() as string) : key;
        setField(json, target, value, disableDots, true);
      }
      break;
    case "except":
      json = shallowCopy(inputItem.json);
      for (const key of parseFieldList(options.excludeFields)) unsetField(json, key, disableDots, true);
      break;
    case "none":
      break;
    default:
      throw new NodeOperationError(`The include option "${String(options.include)}" is not known`, {
        itemIndex,
        description: "Use one of: none, all, selected, except",
      });
  }
  const item: Item = { json, pairedItem: { item: itemIndex } };
  if (options.keepBinary && inputItem.binary !== undefined) item.binary = { ...inputItem.binary };
  for (const [name, value] of newFields) {
    if (value instanceof SetBinaryValue) {
      item.binary = { ...(item.binary ?? {}) };
      assignOwn(item.binary, name, value.data);
      continue;
    }
    setField(json, name, value, disableDots, true);
  }
  return item;
}

/** A field of type `binary`: goes to the item's binary data, not its json. */
export class SetBinaryValue {
  constructor(readonly data: BinaryData) {}
}

const CONVERSION_HINT = (name: string) =>
  `To fix the error try to change the type for the field "${name}" or activate the option "Ignore Type Conversion Errors" to apply a less strict type validation`;

/**
 * One assignment's value converted to its declared type, as Edit Fields 3.x does. `version` matters
 * for null values: from 3.2 a null or missing value stays null; 3.1 rejects it for strings; 3.0 turns
 * it into the text "null".
 */
export function convertAssignment(
  name: string,
  type: string,
  value: unknown,
  context: { itemIndex: number; ignoreConversionErrors: boolean; version: number; inputItem: Item },
): unknown {
  // A value already of its declared type converts to itself (the common case; no result objects).
  if (type === "string" && typeof value === "string") return value;
  if (type === "number" && typeof value === "number" && !Number.isNaN(value)) return value;
  const { itemIndex, ignoreConversionErrors, version } = context;
  if (version >= 3.2 && (value === undefined || value === null)) return null;
  let current = value;
  if (type === "binary") return binaryAssignment(name, value, context.inputItem, itemIndex);
  if (type === "string") {
    if (version > 3 && (value === undefined || value === null)) {
      if (ignoreConversionErrors) return null;
      throw new NodeOperationError(`'${name}' expects a string but we got '${String(value)}' [item ${itemIndex}]`, {
        itemIndex,
        description: CONVERSION_HINT(name),
      });
    }
    current = typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
  }
  const result = convertFieldValue(name, current, type);
  if (!result.valid) {
    if (ignoreConversionErrors) return current ?? null;
    throw new NodeOperationError(`${result.errorMessage} [item ${itemIndex}]`, { itemIndex, description: CONVERSION_HINT(name) });
  }
  return result.value ?? null;
}

function binaryAssignment(name: string, value: unknown, inputItem: Item, itemIndex: number): SetBinaryValue {
  if (typeof value === "string" && inputItem.binary && Object.prototype.hasOwnProperty.call(inputItem.binary, value)) {
    return new SetBinaryValue(inputItem.binary[value] as BinaryData);
  }
  if (value !== null && typeof value === "object" && typeof (value as BinaryData).data === "string" && typeof (value as BinaryData).mimeType === "string") {
    return new SetBinaryValue(value as BinaryData);
  }
  throw new NodeOperationError(`'${name}' expects binary data but we got ${typeof value === "string" ? `'${value}'` : typeof value} [item ${itemIndex}]`, {
    itemIndex,
    description: "Give the name of a binary property of the input item, or an expression such as {{ $binary.data }}",
  });
}

/**
 * Parses Edit Fields' JSON (the raw mode's `jsonOutput`, or an object field): a JSON object, given as
 * text or already as an object. Text that is not strict JSON gets n8n's repairs (single quotes, bare
 * keys, trailing commas) before it is rejected.
 */
export function parseJsonObjectParameter(value: unknown, itemIndex: number, entryName?: string): JsonObject {
  const location = entryName ? `entry "${entryName}" inside 'Fields to Set'` : "'JSON Output'";
  let parsed: unknown = value;
  if (typeof value === "string") {
    parsed = parseJsonLoosely(value, true);
    if (parsed === undefined) {
      const repaired = value.replace(/'/g, '"').replace(/([{,]\s*)([A-Za-z_$][\w$]*)\s*:/g, '$1"$2":').replace(/,\s*([\]}])/g, "$1");
      parsed = parseJsonLoosely(repaired, false);
    }
    if (parsed === undefined) {
      throw new NodeOperationError(`The ${location} in item ${itemIndex} contains invalid JSON`, {
        itemIndex,
        description: `Check the JSON syntax (quoted keys, commas, brackets). The text was: ${value.length > 500 ? `${value.slice(0, 500)}...` : value}`,
      });
    }
  }
  if (parsed === undefined || parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new NodeOperationError(`The ${location} in item ${itemIndex} does not contain a valid JSON object`, {
      itemIndex,
      description: "The JSON must be an object such as { \"field\": \"value\" }, not a list or a single value",
    });
  }
  return parsed as JsonObject;
}
