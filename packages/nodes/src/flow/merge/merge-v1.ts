import { defineNode, NodeOperationError, type Item, type PairedItem } from "@bos/node-sdk";
import { readPath } from "./merge-objects";

function link(itemIndex: number, input: number): PairedItem {
  return input === 0 ? { item: itemIndex } : { item: itemIndex, input };
}

function linked(items: Item[], input: number): Item[] {
  return items.map((item, itemIndex) => ({ ...item, pairedItem: link(itemIndex, input) }));
}

function keyOf(item: Item, path: string): string | undefined {
  const value = readPath(item.json, path);
  return value === undefined || value === null ? undefined : typeof value === "object" ? JSON.stringify(value) : String(value);
}

function requireKeys(propertyName1: string, propertyName2: string): void {
  if (propertyName1 === "" || propertyName2 === "") {
    throw new NodeOperationError("Both 'Property Input 1' and 'Property Input 2' must be set for this Merge mode", {
      description: "Name the fields whose values identify matching items, e.g. id.",
    });
  }
}

function mergeByIndex(input1: Item[], input2: Item[], join: string): Item[] {
  const count = join === "inner" ? Math.min(input1.length, input2.length) : join === "outer" ? Math.max(input1.length, input2.length) : input1.length;
  const output: Item[] = [];
  for (let i = 0; i < count; i++) {
    const first = input1[i];
    const second = input2[i];
    if (first && second) output.push({ json: { ...first.json, ...second.json }, pairedItem: [link(i, 0), link(i, 1)] });
    else if (first) output.push({ ...first, pairedItem: link(i, 0) });
    else if (second) output.push({ ...second, pairedItem: link(i, 1) });
  }
  return output;
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

function mergeByKey(input1: Item[], input2: Item[], propertyName1: string, propertyName2: string, overwrite: string): Item[] {
  const byKey = new Map<string, { item: Item; index: number }>();
  input2.forEach((item, index) => {
    const key = keyOf(item, propertyName2);
    if (key !== undefined) byKey.set(key, { item, index });
  });
  return input1.map((item, index) => {
    const key = keyOf(item, propertyName1);
    const match = key === undefined ? undefined : byKey.get(key);
    if (!match) return { ...item, pairedItem: link(index, 0) };
    const json = { ...item.json };
    for (const [field, value] of Object.entries(match.item.json)) {
      if (overwrite === "always" || (overwrite === "undefined" && json[field] === undefined) || (overwrite === "blank" && isBlank(json[field]))) json[field] = value;
    }
    return { ...item, json, pairedItem: [link(index, 0), link(match.index, 1)] };
  });
}

/**
 * Merge v1 (legacy): append, keepKeyMatches / removeKeyMatches (input 1 items whose `propertyName1`
 * value does / does not occur as `propertyName2` in input 2), mergeByIndex (`join` inner, left,
 * outer), mergeByKey (`overwrite` always / undefined / blank), multiplex, passThrough (`output`
 * input1 / input2) and wait (one empty item once both inputs arrived).
 */
export const mergeV1Node = defineNode({
  description: {
    type: "n8n-nodes-base.merge",
    versions: [1],
    displayName: "Merge",
    group: ["transform"],
    description: "Merges data of multiple streams once data from both is available",
    defaults: { name: "Merge", color: "#00bbcc" },
    inputs: 2,
    outputs: 1,
    sideEffects: "none",
    hidden: true,
    parameters: [
      {
        displayName: "Mode",
        name: "mode",
        type: "options",
        default: "append",
        options: [
          { name: "Append", value: "append", description: "Combines data of both inputs. The output will contain items of input 1 and input 2." },
          { name: "Keep Key Matches", value: "keepKeyMatches", description: "Keeps data of input 1 if it does find a match with data of input 2" },
          { name: "Merge By Index", value: "mergeByIndex", description: "Merges inputs based on the index of the items" },
          { name: "Merge By Key", value: "mergeByKey", description: "Merges inputs based on a key property" },
          { name: "Multiplex", value: "multiplex", description: "Merges each value of one input with each value of the other input" },
          { name: "Pass-Through", value: "passThrough", description: "Passes through data of one input. The output will contain only items of the defined input." },
          { name: "Remove Key Matches", value: "removeKeyMatches", description: "Keeps data of input 1 if it does NOT find match with data of input 2" },
          { name: "Wait", value: "wait", description: "Waits till data of both inputs is available and will then output a single empty item" },
        ],
        description: "How data of branches should be merged",
      },
      {
        displayName: "Join",
        name: "join",
        type: "options",
        default: "left",
        options: [
          { name: "Inner Join", value: "inner", description: "Merges as many items as both inputs contain" },
          { name: "Left Join", value: "left", description: "Merges as many items as first input contains" },
          { name: "Outer Join", value: "outer", description: "Merges as many items as input contains most" },
        ],
        description: "How many items the output will contain if inputs contain different amount of items",
        displayOptions: { show: { mode: ["mergeByIndex"] } },
      },
      {
        displayName: "Property Input 1",
        name: "propertyName1",
        type: "string",
        default: "",
        required: true,
        description: "Name of property which decides which items to merge of input 1",
        displayOptions: { show: { mode: ["keepKeyMatches", "mergeByKey", "removeKeyMatches"] } },
      },
      {
        displayName: "Property Input 2",
        name: "propertyName2",
        type: "string",
        default: "",
        required: true,
        description: "Name of property which decides which items to merge of input 2",
        displayOptions: { show: { mode: ["keepKeyMatches", "mergeByKey", "removeKeyMatches"] } },
      },
      {
        displayName: "Output Data",
        name: "output",
        type: "options",
        default: "input1",
        options: [
          { name: "Input 1", value: "input1" },
          { name: "Input 2", value: "input2" },
        ],
        description: "Defines of which input the data should be used as output of node",
        displayOptions: { show: { mode: ["passThrough"] } },
      },
      {
        displayName: "Overwrite",
        name: "overwrite",
        type: "options",
        default: "always",
        options: [
          { name: "Always", value: "always", description: "Always overwrites everything" },
          { name: "If Blank", value: "blank", description: "Overwrites only values of \"null\", \"undefined\" or empty string" },
          { name: "If Missing", value: "undefined", description: "Only adds values which do not exist yet" },
        ],
        description: "Select when to overwrite the values from Input1 with values from Input 2",
        displayOptions: { show: { mode: ["mergeByKey"] } },
      },
    ],
  },
  async execute(ctx) {
    const input1 = ctx.getInputItems(0);
    const input2 = ctx.getInputItems(1);
    const mode = ctx.getNodeParameter("mode", 0);
    const propertyName1 = String(ctx.getNodeParameter("propertyName1", 0) ?? "");
    const propertyName2 = String(ctx.getNodeParameter("propertyName2", 0) ?? "");
    switch (mode) {
      case "append":
        return [[...linked(input1, 0), ...linked(input2, 1)]];
      case "keepKeyMatches":
      case "removeKeyMatches": {
        requireKeys(propertyName1, propertyName2);
        const keys = new Set(input2.map((item) => keyOf(item, propertyName2)).filter((key) => key !== undefined));
        const keep = mode === "keepKeyMatches";
        return [linked(input1, 0).filter((item) => keys.has(keyOf(item, propertyName1) ?? "\u0000none") === keep)];
      }
      case "mergeByIndex":
        return [mergeByIndex(input1, input2, ctx.getNodeParameter("join", 0))];
      case "mergeByKey":
        requireKeys(propertyName1, propertyName2);
        return [mergeByKey(input1, input2, propertyName1, propertyName2, ctx.getNodeParameter("overwrite", 0))];
      case "multiplex":
        return [input1.flatMap((a, i) => input2.map((b, j) => ({ json: { ...a.json, ...b.json }, pairedItem: [link(i, 0), link(j, 1)] })))];
      case "passThrough":
        return [ctx.getNodeParameter("output", 0) === "input2" ? linked(input2, 1) : linked(input1, 0)];
      case "wait":
        return [[{ json: {}, pairedItem: [...input1.map((_, i) => link(i, 0)), ...input2.map((_, i) => link(i, 1))] }]];
      default:
        throw new NodeOperationError(`Unknown Merge mode '${String(mode)}'`, { description: "Use one of the Merge v1 modes." });
    }
  },
});
