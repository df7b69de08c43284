import { CodeExecutionError, NodeError, type ExecuteContext, type Item } from "@bos/node-sdk";
import { formatUserCodeError, normalizeAllItemsResult, normalizeEachItemResult, userCodeFailure } from "./normalize-code-result";

type CodeContext = Pick<ExecuteContext, "runCode" | "continueOnFail" | "getInputItems">;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A whole-run failure with n8n's ` [line N]` suffix on the message. */
function withLineNumber(error: unknown): unknown {
  if (error instanceof CodeExecutionError && error.lineNumber !== undefined) {
    const message = formatUserCodeError({ message: error.message, lineNumber: error.lineNumber });
    if (message !== error.message) {
      return new CodeExecutionError(message, { lineNumber: error.lineNumber, description: error.description, itemIndex: error.itemIndex, code: error.code, cause: error });
    }
  }
  return error;
}

/**
 * Runs code once over all input items and normalises its return value. With onError set to continue,
 * any failure (the code's or its output's) becomes the single item `{error}`.
 */
export async function runCodeForAllItems(ctx: CodeContext, code: string, normalize: (value: unknown) => Item[] = normalizeAllItemsResult): Promise<Item[]> {
  try {
    const result = await ctx.runCode({ code, mode: "runOnceForAllItems" });
    if (result.mode !== "runOnceForAllItems") throw new CodeExecutionError("The sandbox answered a run-once-for-all-items call with per-item results");
    return normalize(result.value);
  } catch (error) {
    const failure = withLineNumber(error);
    if (!ctx.continueOnFail()) throw failure;
    return [{ json: { error: messageOf(failure) } }];
  }
}

/**
 * Runs code once per input item (one sandbox call for all of them) and normalises each result. With
 * onError set to continue, an item whose code threw becomes `{error}` in place; an output that fails
 * validation turns the whole output into one `{error}` item, as in n8n.
 */
export async function runCodeForEachItem(
  ctx: CodeContext,
  code: string,
  normalize: (value: unknown, itemIndex: number) => Item | undefined = normalizeEachItemResult,
): Promise<Item[]> {
  const continueOnFail = ctx.continueOnFail();
  try {
    const result = await ctx.runCode({ code, mode: "runOnceForEachItem", continueOnFail });
    if (result.mode !== "runOnceForEachItem") throw new CodeExecutionError("The sandbox answered a run-once-for-each-item call with a single result");
    const output: Item[] = [];
    result.results.forEach((entry, itemIndex) => {
      if ("error" in entry) {
        if (!continueOnFail) throw userCodeFailure(entry.error, itemIndex);
        output.push({ json: { error: formatUserCodeError(entry.error) }, pairedItem: { item: itemIndex } });
        return;
      }
      const item = normalize(entry.value, itemIndex);
      if (item) output.push(item);
    });
    return output;
  } catch (error) {
    const failure = withLineNumber(error);
    if (!continueOnFail) throw failure instanceof NodeError ? failure : new CodeExecutionError(messageOf(failure), { cause: failure });
    return [{ json: { error: messageOf(failure) } }];
  }
}
