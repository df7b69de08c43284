import { defineNode, NodeOperationError, type ExecuteContext, type Item, type PairedItem } from "@bos/node-sdk";
import { combineByFields, parseFieldPairs, type FieldPair, type JoinMode, type OutputDataFrom } from "./combine-by-fields";
import { combineAll, combineByPosition } from "./combine-by-position";
import { mergeParameters } from "./merge-parameters";
import type { ClashOptions } from "./merge-objects";

/** Inputs: `numberInputs` (default 2) except when combining by fields or all combinations (always 2). */
export function mergeInputCount(parameters: Readonly<Record<string, unknown>>): number {
  if (parameters.mode === "combine" && (parameters.combineBy === undefined || parameters.combineBy === "combineByFields" || parameters.combineBy === "combineAll")) return 2;
  const count = Number(parameters.numberInputs);
  return Number.isInteger(count) && count >= 2 ? Math.min(count, 10) : 2;
}

/** n8n's rule: chooseBranch waits for inputs 1 and 2; every other mode runs once one input has data. */
export function mergeRequiredInputs(parameters: Readonly<Record<string, unknown>>): number | number[] {
  return parameters.mode === "chooseBranch" ? [0, 1] : 1;
}

type MergeContext = ExecuteContext<Record<string, unknown>>;

function inputsOf(ctx: MergeContext, count: number): Item[][] {
  return Array.from({ length: Math.max(count, ctx.inputs.length) }, (_, index) => ctx.getInputItems(index)).slice(0, count);
}

function link(itemIndex: number, input: number): PairedItem {
  return input === 0 ? { item: itemIndex } : { item: itemIndex, input };
}

function append(inputs: Item[][]): Item[] {
  return inputs.flatMap((items, input) => items.map((item, itemIndex) => ({ ...item, pairedItem: link(itemIndex, input) })));
}

function chooseBranch(ctx: MergeContext, inputs: Item[][]): Item[] {
  if (ctx.getNodeParameter("output", 0, "specifiedInput") === "empty") {
    return [{ json: {}, pairedItem: inputs.flatMap((items, input) => items.map((_, itemIndex) => link(itemIndex, input))) }];
  }
  const chosen = Number(ctx.getNodeParameter("useDataOfInput", 0, 1));
  if (!Number.isInteger(chosen) || chosen < 1 || chosen > inputs.length) {
    throw new NodeOperationError(`Input ${String(chosen)} doesn't exist`, {
      description: `The node has only ${inputs.length} inputs, so selecting input ${String(chosen)} is not possible.`,
    });
  }
  const input = chosen - 1;
  return (inputs[input] ?? []).map((item, itemIndex) => ({ ...item, pairedItem: link(itemIndex, input) }));
}

function readFieldPairs(ctx: MergeContext): FieldPair[] {
  if (ctx.getNodeParameter("advanced", 0, false) === true) {
    const values = ctx.getNodeParameter("mergeByFields.values", 0, []);
    return parseFieldPairs(Array.isArray(values) ? (values as Partial<FieldPair>[]) : []);
  }
  const text = String(ctx.getNodeParameter("fieldsToMatchString", 0, ""));
  return parseFieldPairs(text.split(",").map((field) => ({ field1: field, field2: field })));
}

function combine(ctx: MergeContext, inputs: Item[][]): Item[] {
  const options = (ctx.getNodeParameter("options", 0, {}) ?? {}) as Record<string, unknown>;
  const clashValues = (options.clashHandling as { values?: ClashOptions } | undefined)?.values ?? {};
  const combineBy = ctx.getNodeParameter("combineBy", 0, "combineByFields");
  if (combineBy === "combineByPosition") return combineByPosition(inputs, clashValues, options.includeUnpaired === true);
  if (combineBy === "combineAll") return combineAll(inputs, clashValues);
  return combineByFields(inputs, {
    fields: readFieldPairs(ctx),
    joinMode: ctx.getNodeParameter("joinMode", 0, "keepMatches") as JoinMode,
    outputDataFrom: ctx.getNodeParameter("outputDataFrom", 0, "both") as OutputDataFrom,
    clash: clashValues,
    fuzzyCompare: options.fuzzyCompare === true,
    disableDotNotation: options.disableDotNotation === true,
    multipleMatches: options.multipleMatches === "first" ? "first" : "all",
  });
}

/**
 * Merge v3.x (`n8n-nodes-base.merge`): append (2-10 inputs, in input order), combine (by matching
 * fields, by position, all combinations) or choose a branch. The engine runs it once at least one
 * input has data (both inputs for chooseBranch), passing missing inputs as `[]`. SQL mode is refused:
 * there is no SQL engine in the sandbox.
 */
export const mergeNode = defineNode({
  description: {
    type: "n8n-nodes-base.merge",
    versions: [3, 3.1, 3.2],
    displayName: "Merge",
    group: ["transform"],
    description: "Merges data of multiple streams once data from both is available",
    defaults: { name: "Merge", color: "#00bbcc" },
    inputs: mergeInputCount,
    outputs: 1,
    requiredInputs: mergeRequiredInputs,
    sideEffects: "none",
    parameters: mergeParameters,
  },
  async execute(ctx) {
    const inputs = inputsOf(ctx, mergeInputCount(ctx.node.parameters));
    const mode = ctx.getNodeParameter("mode", 0);
    switch (mode) {
      case "append":
        return [append(inputs)];
      case "chooseBranch":
        return [chooseBranch(ctx, inputs)];
      case "combine":
        return [combine(ctx, inputs)];
      case "combineBySql":
        throw new NodeOperationError("Merge in 'SQL Query' mode is not supported by this engine", {
          description: "Use 'Combine' (by matching fields, position or all combinations), or a Code node for custom joins.",
        });
      default:
        throw new NodeOperationError(`Unknown Merge mode '${String(mode)}'`, { description: "Use append, combine, combineBySql or chooseBranch." });
    }
  },
});
