import { NodeOperationError, type Item, type PairedItem } from "@bos/node-sdk";
import { addSuffix, deepEqual, fuzzyEqual, mergeFunction, readPath, type ClashOptions } from "./merge-objects";

export type JoinMode = "keepMatches" | "keepNonMatches" | "keepEverything" | "enrichInput1" | "enrichInput2";
export type OutputDataFrom = "both" | "input1" | "input2";

export interface FieldPair {
  field1: string;
  field2: string;
}

export interface CombineByFieldsOptions {
  fields: FieldPair[];
  joinMode: JoinMode;
  outputDataFrom: OutputDataFrom;
  clash: ClashOptions;
  fuzzyCompare: boolean;
  disableDotNotation: boolean;
  multipleMatches: "all" | "first";
}

/** An input item with its position, so outputs can be linked back (`pairedItem`). */
interface Indexed {
  item: Item;
  link: PairedItem;
}

interface Matched {
  entry: Indexed;
  matches: Indexed[];
}

/** Parses "Fields to Match" (`"id, name"`) into pairs, refusing blanks the way n8n does. */
export function parseFieldPairs(pairs: readonly Partial<FieldPair>[]): FieldPair[] {
  const result = pairs.map((pair) => ({ field1: String(pair.field1 ?? "").trim(), field2: String(pair.field2 ?? "").trim() }));
  if (result.length === 0 || (result.length === 1 && result[0]?.field1 === "" && result[0]?.field2 === "")) {
    throw new NodeOperationError('You need to define at least one pair of fields in "Fields to Match" to match on', {
      description: "Name the field(s) whose values must be equal, e.g. id",
    });
  }
  result.forEach((pair, index) => {
    if (pair.field1 === "" || pair.field2 === "") {
      throw new NodeOperationError(`You need to define both fields in "Fields to Match" for pair ${index + 1}, field 1 = '${pair.field1}', field 2 = '${pair.field2}'`);
    }
  });
  return result;
}

function indexed(items: readonly Item[], input: number): Indexed[] {
  return items.map((item, index) => ({ item, link: input === 0 ? { item: index } : { item: index, input } }));
}

function findMatches(input1: Indexed[], input2: Indexed[], options: CombineByFieldsOptions) {
  const equal = options.fuzzyCompare ? fuzzyEqual : deepEqual;
  const dotNotation = !options.disableDotNotation;
  const splitMatches = options.outputDataFrom === "both" || options.joinMode === "enrichInput1" || options.joinMode === "enrichInput2";
  const matched: Matched[] = [];
  const unmatched1: Indexed[] = [];
  const matchedInInput2 = new Set<number>();
  for (const entry of input1) {
    const lookup = options.fields.map((pair) => ({ field: pair.field2, value: readPath(entry.item.json, pair.field1, dotNotation) }));
    if (lookup.some((entryField) => entryField.value === undefined)) {
      unmatched1.push(entry);
      continue;
    }
    const isMatch = (candidate: Indexed) => lookup.every(({ field, value }) => equal(value, readPath(candidate.item.json, field, dotNotation)));
    const found: number[] = [];
    for (const [index, candidate] of input2.entries()) {
      if (!isMatch(candidate)) continue;
      found.push(index);
      if (options.multipleMatches === "first") break;
    }
    if (found.length === 0) {
      unmatched1.push(entry);
      continue;
    }
    found.forEach((index) => matchedInInput2.add(index));
    const matches = found.map((index) => input2[index] as Indexed);
    if (splitMatches) for (const match of matches) matched.push({ entry, matches: [match] });
    else matched.push({ entry, matches });
  }
  const matched2 = input2.filter((_, index) => matchedInInput2.has(index));
  const unmatched2 = input2.filter((_, index) => !matchedInInput2.has(index));
  return { matched, matched2, unmatched1, unmatched2 };
}

function mergeMatched(matched: Matched[], clash: ClashOptions, joinMode: JoinMode): Item[] {
  const merge = mergeFunction(clash);
  const resolveClash = clash.resolveClash || (joinMode === "enrichInput2" ? "preferInput1" : "preferLast");
  return matched.map(({ entry, matches }) => {
    if (resolveClash === "addSuffix") {
      return {
        json: merge([addSuffix(entry.item.json, "1"), ...matches.map((m) => addSuffix(m.item.json, "2"))]),
        pairedItem: [entry.link, ...matches.map((m) => m.link)],
      };
    }
    if (resolveClash === "preferInput1") {
      return { json: merge([...matches.map((m) => m.item.json), entry.item.json]), pairedItem: [...matches.map((m) => m.link), entry.link] };
    }
    return { json: merge([entry.item.json, ...matches.map((m) => m.item.json)]), pairedItem: [entry.link, ...matches.map((m) => m.link)] };
  });
}

function pass(entries: Indexed[], suffix?: string, source?: string): Item[] {
  return entries.map(({ item, link }) => {
    let json = suffix ? addSuffix(item.json, suffix) : item.json;
    if (source) json = { ...json, _source: source };
    return { ...item, json, pairedItem: link };
  });
}

/**
 * Merge "Combine by Matching Fields": joins input 1 and input 2 on equal field values. Matches keep
 * input 1's order (then input 2's for several matches); unmatched input 1 items follow the matches,
 * then (keepEverything) unmatched input 2 items. Clashing fields take input 2's value by default
 * (input 1's for enrichInput2).
 */
export function combineByFields(inputs: readonly Item[][], options: CombineByFieldsOptions): Item[] {
  const input1 = indexed(inputs[0] ?? [], 0);
  const input2 = indexed(inputs[1] ?? [], 1);
  const { joinMode, outputDataFrom } = options;
  if (input1.length === 0 || input2.length === 0) {
    if (joinMode === "keepMatches") return [];
    if (joinMode === "keepNonMatches" && outputDataFrom === "input1" && input1.length === 0) return [];
    if (joinMode === "keepNonMatches" && outputDataFrom === "input2" && input2.length === 0) return [];
    if (joinMode === "enrichInput1" && input1.length === 0) return [];
    if (joinMode === "enrichInput2" && input2.length === 0) return [];
    return [...pass(input1), ...pass(input2)];
  }
  const matches = findMatches(input1, input2, options);
  const suffixed = options.clash.resolveClash === "addSuffix";
  switch (joinMode) {
    case "keepMatches":
    case "keepEverything": {
      const output =
        outputDataFrom === "input1"
          ? pass(matches.matched.map((m) => m.entry))
          : outputDataFrom === "input2"
            ? pass(matches.matched2)
            : mergeMatched(matches.matched, options.clash, joinMode);
      if (joinMode === "keepMatches") return output;
      return [...output, ...pass(matches.unmatched1, suffixed ? "1" : undefined), ...pass(matches.unmatched2, suffixed ? "2" : undefined)];
    }
    case "keepNonMatches":
      if (outputDataFrom === "input1") return pass(matches.unmatched1);
      if (outputDataFrom === "input2") return pass(matches.unmatched2);
      return [...pass(matches.unmatched1, undefined, "input1"), ...pass(matches.unmatched2, undefined, "input2")];
    case "enrichInput1":
      return [...mergeMatched(matches.matched, options.clash, joinMode), ...pass(matches.unmatched1, suffixed ? "1" : undefined)];
    case "enrichInput2":
      return [...mergeMatched(matches.matched, options.clash, joinMode), ...pass(matches.unmatched2, suffixed ? "2" : undefined)];
  }
}
