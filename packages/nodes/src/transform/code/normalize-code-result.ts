import { CodeExecutionError, type Item, type PairedItem, type UserCodeError } from "@bos/node-sdk";

/**
 * Turns what user code returned (plain data copied out of the sandbox) into items, with the checks
 * and messages of n8n's Code node: arrays of `{json}` items or of bare objects, a single object, and
 * `{json, binary, pairedItem}` shapes.
 */

const ITEM_KEYS = new Set(["json", "binary", "pairedItem", "error", "metadata", "index"]);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function validationError(message: string, description: string, itemIndex?: number): CodeExecutionError {
  return new CodeExecutionError(message, { description, itemIndex });
}

function checkTopLevelKeys(item: Record<string, unknown>, itemIndex: number): void {
  let reserved: string | undefined;
  const unknown: string[] = [];
  for (const key of Object.keys(item)) {
    if (ITEM_KEYS.has(key)) reserved ??= key;
    else unknown.push(key);
  }
  if (unknown.length === 0) return;
  if (reserved !== undefined) {
    throw validationError(
      "Invalid output format",
      `An output item contains the reserved key '${reserved}'. To get around this, please wrap each item in an object, under a key called 'json'.`,
      itemIndex,
    );
  }
  throw validationError(`Unknown top-level item key: ${unknown[0]}`, "Access the properties of an item under `.json`, e.g. `item.json`", itemIndex);
}

/** n8n's normalizeItems: wraps bare objects in `{json}`, splits `binary` off bare objects. */
export function normalizeItems(value: Record<string, unknown> | Array<Record<string, unknown>>): Array<Record<string, unknown>> {
  const list = Array.isArray(value) ? value : [value.json ? value : { json: value }];
  if (!Array.isArray(value)) return list;
  if (list.every((entry) => "json" in entry)) return list;
  if (list.some((entry) => "json" in entry)) throw validationError("Inconsistent item format", "Either every returned item has a 'json' key or none has");
  if (list.every((entry) => "binary" in entry)) {
    return list.map((entry) => {
      const { binary, ...json } = entry;
      return { json, binary };
    });
  }
  if (list.some((entry) => "binary" in entry)) throw validationError("Inconsistent item format", "Either every returned item has a 'binary' key or none has");
  return list.map((entry) => ({ json: entry }));
}

function checkItem(item: Record<string, unknown>, itemIndex: number): void {
  if (!isPlainObject(item.json)) {
    throw validationError("A 'json' property isn't an object", "In the returned data, every key named 'json' must point to an object.", itemIndex);
  }
  if (item.binary !== undefined && !isPlainObject(item.binary)) {
    throw validationError("A 'binary' property isn't an object", "In the returned data, every key named 'binary' must point to an object.", itemIndex);
  }
}

function isPairedItemEntry(value: unknown): value is PairedItem | number {
  if (typeof value === "number") return Number.isInteger(value) && value >= 0;
  return isPlainObject(value) && typeof value.item === "number" && (value.input === undefined || typeof value.input === "number");
}

/** The item as the node outputs it: json, binary and a well-formed pairedItem, nothing else. */
function toItem(entry: Record<string, unknown>): Item {
  const item: Item = { json: entry.json as Record<string, unknown> };
  if (entry.binary !== undefined) item.binary = entry.binary as Item["binary"];
  const paired = entry.pairedItem;
  if (isPairedItemEntry(paired) || (Array.isArray(paired) && paired.length > 0 && paired.every(isPairedItemEntry))) {
    item.pairedItem = paired as Item["pairedItem"];
  }
  return item;
}

/** Run once for all items: the whole return value. */
export function normalizeAllItemsResult(value: unknown): Item[] {
  const notItems = () =>
    validationError("Code doesn't return items properly", "Please return an array of objects, one for each item you would like to output.");
  if (value === null || typeof value !== "object") throw notItems();
  if (Array.isArray(value)) {
    if (!value.every(isPlainObject)) throw notItems();
    if (value.some((entry) => Object.keys(entry).some((key) => ITEM_KEYS.has(key)))) value.forEach(checkTopLevelKeys);
  }
  const items = normalizeItems(value as Record<string, unknown> | Array<Record<string, unknown>>);
  items.forEach(checkItem);
  return items.map(toItem);
}

/** Run once for each item: one item's return value (undefined when the code returned nothing). */
export function normalizeEachItemResult(value: unknown, itemIndex: number): Item | undefined {
  if (!value) return undefined;
  if (typeof value !== "object") {
    throw validationError(
      "Code doesn't return an object",
      `Please return an object representing the output item. ('${String(value)}' was returned instead.)`,
      itemIndex,
    );
  }
  if (Array.isArray(value)) {
    const first = value.length > 0 ? `An array of ${typeof value[0]}s was returned.` : "An empty array was returned.";
    throw validationError(
      "Code doesn't return a single object",
      `${first} If you need to output multiple items, please use the 'Run Once for All Items' mode instead.`,
      itemIndex,
    );
  }
  const [entry] = normalizeItems([value as Record<string, unknown>]);
  if (!entry) return undefined;
  checkItem(entry, itemIndex);
  checkTopLevelKeys(entry, itemIndex);
  const item = toItem(entry);
  return { json: item.json, ...(item.binary ? { binary: item.binary } : {}), pairedItem: { item: itemIndex } };
}

/** n8n's text for a user code error: the message, then ` [line N]` (per item: ` [line N, for item i]`). */
export function formatUserCodeError(error: Pick<UserCodeError, "message" | "lineNumber">, itemIndex?: number): string {
  const message = error.message || "Unknown error";
  if (error.lineNumber === undefined || /\[line \d+(, for item \d+)?\]$/.test(message)) return message;
  return itemIndex === undefined ? `${message} [line ${error.lineNumber}]` : `${message} [line ${error.lineNumber}, for item ${itemIndex}]`;
}

/** The sandbox's codes for the limits it enforces, by the error name it reports per item. */
const LIMIT_CODES: Record<string, string> = {
  Timeout: "WF_SANDBOX_TIMEOUT",
  MemoryLimit: "WF_SANDBOX_MEMORY_LIMIT",
  OutputLimit: "WF_SANDBOX_OUTPUT_LIMIT",
};

/** A failed user code run as the error the node throws (the error class, e.g. TypeError, as description). */
export function userCodeFailure(error: UserCodeError, itemIndex?: number): CodeExecutionError {
  return new CodeExecutionError(formatUserCodeError(error, itemIndex), {
    itemIndex,
    lineNumber: error.lineNumber,
    description: error.name && error.name !== "Error" ? error.name : undefined,
    code: LIMIT_CODES[error.name],
  });
}
