import { defineNode, NodeOperationError, type ExecuteContext, type Item, type PairedItem } from "@bos/node-sdk";
import type { ParameterDescription } from "@bos/workflow-schema";
import { combineByFields, parseFieldPairs, type FieldPair, type JoinMode, type OutputDataFrom } from "./combine-by-fields";
import { mergeParameters } from "./merge-parameters";
import { addSuffix, mergeFunction, readPath, type ClashOptions } from "./merge-objects";

type Context = ExecuteContext<Record<string, unknown>>;

function link(itemIndex: number, input: number): PairedItem {
  return input === 0 ? { item: itemIndex } : { item: itemIndex, input };
}

function linked(items: Item[], input: number): Item[] {
  return items.map((item, itemIndex) => ({ ...item, pairedItem: link(itemIndex, input) }));
}

/** v2.0 only: every field to match must occur in at least one item of its (non-empty) input. */
function checkFieldsPresent(items: Item[], fields: string[], dotNotation: boolean, label: string): void {
  if (items.length === 0) return;
  for (const field of fields) {
    if (!items.some((item) => readPath(item.json, field, dotNotation) !== undefined)) {
      throw new NodeOperationError(`Field '${field}' is not present in any of items in '${label}'`, { description: "Check the field name, or use Merge 2.1+ which matches missing fields as non-matches." });
    }
  }
}

function mergeByPosition(input1: Item[], input2: Item[], clash: ClashOptions, includeUnpaired: boolean): Item[] {
  if (input1.length === 0 || input2.length === 0) return [...linked(input1, 0), ...linked(input2, 1)];
  const merge = mergeFunction(clash);
  const preferFirst = clash.resolveClash === "preferInput1";
  const suffix = clash.resolveClash === "addSuffix";
  const count = includeUnpaired ? Math.max(input1.length, input2.length) : Math.min(input1.length, input2.length);
  const output: Item[] = [];
  for (let i = 0; i < count; i++) {
    const first = input1[i];
    const second = input2[i];
    if (!first || !second) {
      const [only, input] = first ? [first, 0] : [second as Item, 1];
      output.push({ ...only, json: suffix ? addSuffix(only.json, String(input + 1)) : only.json, pairedItem: link(i, input) });
      continue;
    }
    const a = suffix ? addSuffix(first.json, "1") : first.json;
    const b = suffix ? addSuffix(second.json, "2") : second.json;
    output.push({ json: preferFirst ? merge([b, a]) : merge([a, b]), pairedItem: [link(i, 0), link(i, 1)] });
  }
  return output;
}

/** Multiplex: every pairing; with preferInput1 n8n swaps the inputs, so input 2 becomes the outer loop. */
function multiplex(input1: Item[], input2: Item[], clash: ClashOptions): Item[] {
  const merge = mergeFunction(clash);
  const suffix = clash.resolveClash === "addSuffix";
  const [outer, inner, outerInput] = clash.resolveClash === "preferInput1" ? [input2, input1, 1] : [input1, input2, 0];
  const output: Item[] = [];
  outer.forEach((a, i) => {
    inner.forEach((b, j) => {
      const aJson = suffix ? addSuffix(a.json, String(outerInput + 1)) : a.json;
      const bJson = suffix ? addSuffix(b.json, String(2 - outerInput)) : b.json;
      output.push({ json: merge([aJson, bJson]), pairedItem: [link(i, outerInput), link(j, 1 - outerInput)] });
    });
  });
  return output;
}

function chooseBranch(ctx: Context, input1: Item[], input2: Item[]): Item[] {
  const output = ctx.getNodeParameter("output", 0, "input1");
  if (output === "input2") return linked(input2, 1);
  if (output === "empty") return [{ json: {}, pairedItem: [...input1.map((_, i) => link(i, 0)), ...input2.map((_, i) => link(i, 1))] }];
  return linked(input1, 0);
}

function combine(ctx: Context, input1: Item[], input2: Item[]): Item[] {
  const options = (ctx.getNodeParameter("options", 0, {}) ?? {}) as Record<string, unknown>;
  const clash = (options.clashHandling as { values?: ClashOptions } | undefined)?.values ?? {};
  const combinationMode = ctx.getNodeParameter("combinationMode", 0, "mergeByFields");
  if (combinationMode === "multiplex") return multiplex(input1, input2, clash);
  if (combinationMode === "mergeByPosition") return mergeByPosition(input1, input2, clash, options.includeUnpaired === true);
  const values = ctx.getNodeParameter("mergeByFields.values", 0, []);
  const fields = parseFieldPairs(Array.isArray(values) ? (values as Partial<FieldPair>[]) : []);
  if (ctx.node.typeVersion < 2.1) {
    const dotNotation = options.disableDotNotation !== true;
    checkFieldsPresent(input1, fields.map((pair) => pair.field1), dotNotation, "Input 1");
    checkFieldsPresent(input2, fields.map((pair) => pair.field2), dotNotation, "Input 2");
  }
  return combineByFields([input1, input2], {
    fields,
    joinMode: ctx.getNodeParameter("joinMode", 0, "keepMatches") as JoinMode,
    outputDataFrom: ctx.getNodeParameter("outputDataFrom", 0, "both") as OutputDataFrom,
    clash,
    fuzzyCompare: options.fuzzyCompare === true,
    disableDotNotation: options.disableDotNotation === true,
    multipleMatches: options.multipleMatches === "first" ? "first" : "all",
  });
}

const v3Options = mergeParameters.find((parameter) => parameter.name === "options") as ParameterDescription;

const mergeV2Parameters: ParameterDescription[] = [
  {
    displayName: "Mode",
    name: "mode",
    type: "options",
    default: "append",
    options: [
      { name: "Append", value: "append", description: "All items of input 1, then all items of input 2" },
      { name: "Combine", value: "combine", description: "Merge matching items together" },
      { name: "Choose Branch", value: "chooseBranch", description: "Output input data, without modifying it" },
    ],
    description: "How data of branches should be merged",
  },
  {
    displayName: "Combination Mode",
    name: "combinationMode",
    type: "options",
    default: "mergeByFields",
    options: [
      { name: "Merge By Fields", value: "mergeByFields", description: "Combine items with the same field values" },
      { name: "Merge By Position", value: "mergeByPosition", description: "Combine items based on their order" },
      { name: "Multiplex", value: "multiplex", description: "All possible item combinations (cross join)" },
    ],
    displayOptions: { show: { mode: ["combine"] } },
  },
  ...mergeParameters.filter((parameter) => ["mergeByFields", "joinMode", "outputDataFrom"].includes(parameter.name)).map((parameter) => ({
    ...parameter,
    displayOptions: { show: { mode: ["combine"], combinationMode: ["mergeByFields"] } },
  })),
  { displayName: "Output Type", name: "chooseBranchMode", type: "options", default: "waitForBoth", options: [{ name: "Wait for Both Inputs to Arrive", value: "waitForBoth" }], displayOptions: { show: { mode: ["chooseBranch"] } } },
  {
    displayName: "Output",
    name: "output",
    type: "options",
    default: "input1",
    options: [
      { name: "Input 1 Data", value: "input1" },
      { name: "Input 2 Data", value: "input2" },
      { name: "A Single, Empty Item", value: "empty" },
    ],
    displayOptions: { show: { mode: ["chooseBranch"], chooseBranchMode: ["waitForBoth"] } },
  },
  { ...v3Options, displayOptions: { show: { mode: ["combine"] } } },
];

/**
 * Merge v2 / v2.1 (legacy): two inputs; append, combine (`combinationMode` mergeByFields,
 * mergeByPosition, multiplex) or chooseBranch (`output` input1 / input2 / empty). v2.0 also requires
 * every field to match to occur in its input. Runs once one input has data (both for chooseBranch).
 */
export const mergeV2Node = defineNode({
  description: {
    type: "n8n-nodes-base.merge",
    versions: [2, 2.1],
    displayName: "Merge",
    group: ["transform"],
    description: "Merges data of multiple streams once data from both is available",
    defaults: { name: "Merge", color: "#00bbcc" },
    inputs: 2,
    outputs: 1,
    requiredInputs: (parameters) => (parameters.mode === "chooseBranch" ? [0, 1] : 1),
    sideEffects: "none",
    hidden: true,
    parameters: mergeV2Parameters,
  },
  async execute(ctx) {
    const input1 = ctx.getInputItems(0);
    const input2 = ctx.getInputItems(1);
    const mode = ctx.getNodeParameter("mode", 0);
    if (mode === "append") return [[...linked(input1, 0), ...linked(input2, 1)]];
    if (mode === "chooseBranch") return [chooseBranch(ctx, input1, input2)];
    if (mode === "combine") return [combine(ctx, input1, input2)];
    throw new NodeOperationError(`Unknown Merge mode '${String(mode)}'`, { description: "Use append, combine or chooseBranch." });
  },
});
