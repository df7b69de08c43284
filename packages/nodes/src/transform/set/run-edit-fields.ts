import { NodeError, NodeOperationError, type ExecuteContext, type InferParameters, type Item } from "@bos/node-sdk";
import { composeSetItem, parseJsonObjectParameter, type SetInclude, type SetOptions } from "./compose-set-item";
import {
  duplicateItemParameters,
  excludeFieldsParameter,
  includeFieldsParameter,
  jsonOutputParameter,
  setModeParameter,
  setOptionsParameter,
} from "./set-parameters";

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

/** The parameters every Edit Fields 3.x version has under the same names. */
const editFieldsV3SharedParameters = [
  setModeParameter,
  ...duplicateItemParameters,
  jsonOutputParameter,
  includeFieldsParameter,
  excludeFieldsParameter,
  setOptionsParameter,
] as const;

/** What differs between Edit Fields 3.0-3.2 and 3.3+: how the include choice and the manual fields are read, and when binary stays. */
export interface EditFieldsVersionReader {
  readInclude(itemIndex: number): SetInclude;
  readManualFields(item: Item, itemIndex: number, options: SetOptions): Array<readonly [string, unknown]>;
  keepsBinary(include: SetInclude, options: SetOptions): boolean;
}

/**
 * Runs an Edit Fields 3.x node: raw mode sets the fields of `jsonOutput`, manual mode those the
 * version's reader returns; then each item is composed with the include choice and options.
 */
export function executeEditFieldsV3(
  ctx: ExecuteContext<InferParameters<typeof editFieldsV3SharedParameters>>,
  reader: EditFieldsVersionReader,
): Item[] {
  const mode = ctx.getNodeParameter("mode", 0);
  const duplicates = ctx.getNodeParameter("duplicateItem", 0) && ctx.execution.mode === "manual" ? Math.max(0, Number(ctx.getNodeParameter("duplicateCount", 0)) || 0) : 0;
  return runEditFields(ctx.getInputItems(), ctx.continueOnFail(), mode === "raw" ? "raw" : "manual", (item, itemIndex) => {
    const options = ctx.getNodeParameter("options", itemIndex) as SetOptions;
    const include = reader.readInclude(itemIndex);
    const fields =
      mode === "raw"
        ? Object.entries(parseJsonObjectParameter(ctx.getNodeParameter("jsonOutput", itemIndex), itemIndex))
        : reader.readManualFields(item, itemIndex, options);
    return composeSetItem(item, itemIndex, fields, {
      include,
      includeFields: include === "selected" ? ctx.getNodeParameter("includeFields", itemIndex) : undefined,
      excludeFields: include === "except" ? ctx.getNodeParameter("excludeFields", itemIndex) : undefined,
      dotNotation: options.dotNotation !== false,
      keepBinary: reader.keepsBinary(include, options),
    });
  }, duplicates);
}
