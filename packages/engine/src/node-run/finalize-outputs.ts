import type { Item, NodeOutputs, NodeResult, PairedItem, WaitSpec } from "@bos/node-sdk";
import type { TaskMetadata } from "../types";
import { InvalidNodeOutputError } from "../errors";

/** A node's result, checked: outputs, or a suspension with the outputs it emits once resumed. */
export type CheckedNodeResult = { kind: "outputs"; outputs: NodeOutputs; metadata?: TaskMetadata } | { kind: "wait"; wait: WaitSpec; outputs: NodeOutputs };

function checkOutputs(node: string, outputs: unknown): NodeOutputs {
  if (!Array.isArray(outputs)) throw new InvalidNodeOutputError(node, "expected an array of outputs");
  outputs.forEach((items, o) => {
    if (items === null || items === undefined) {
      outputs[o] = [];
      return;
    }
    if (!Array.isArray(items)) throw new InvalidNodeOutputError(node, `output ${o} is not an array of items`);
    for (let i = 0; i < items.length; i++) {
      const item = items[i] as Item | undefined;
      if (item === null || typeof item !== "object" || item.json === null || typeof item.json !== "object" || Array.isArray(item.json)) {
        throw new InvalidNodeOutputError(node, `item ${i} of output ${o} has no "json" object`);
      }
    }
  });
  return outputs as NodeOutputs;
}

/** Normalises what `execute` returned (bare outputs, `{kind:"outputs"}` or `{kind:"wait"}`). */
export function checkNodeResult(node: string, result: NodeResult): CheckedNodeResult {
  if (Array.isArray(result)) return { kind: "outputs", outputs: checkOutputs(node, result) };
  if (result && typeof result === "object") {
    if (result.kind === "outputs") {
      const outputs = checkOutputs(node, result.outputs);
      return result.metadata ? { kind: "outputs", outputs, metadata: result.metadata } : { kind: "outputs", outputs };
    }
    if (result.kind === "wait") return { kind: "wait", wait: result.wait, outputs: checkOutputs(node, result.outputs ?? []) };
  }
  throw new InvalidNodeOutputError(node, "expected item arrays or { kind: \"wait\" }");
}

/**
 * Fills in missing `pairedItem`s as n8n does when the node has one input: with one input item every
 * output item pairs with it; for a node with one output, as many output items as input items pair
 * item i with input i, and one output item from N input items pairs with all of them. Items are
 * copied, never changed in place.
 */
export function autoFillPairedItems(outputs: NodeOutputs, inputs: readonly Item[][]): NodeOutputs {
  if (inputs.length !== 1) return outputs;
  const inputCount = (inputs[0] as Item[]).length;
  if (inputCount === 0) return outputs;
  return outputs.map((items) => {
    if (!items.some((item) => item.pairedItem === undefined)) return items;
    let pair: ((index: number) => PairedItem | PairedItem[]) | undefined;
    if (inputCount === 1) pair = () => ({ item: 0 });
    else if (outputs.length === 1 && items.length === inputCount) pair = (index) => ({ item: index });
    else if (outputs.length === 1 && items.length === 1) pair = () => Array.from({ length: inputCount }, (_, item) => ({ item }));
    if (!pair) return items;
    const fill = pair;
    return items.map((item, index) => (item.pairedItem === undefined ? { ...item, pairedItem: fill(index) } : item));
  });
}

function firstPair(pairedItem: Item["pairedItem"]): PairedItem | undefined {
  if (pairedItem === undefined) return undefined;
  if (typeof pairedItem === "number") return { item: pairedItem };
  if (Array.isArray(pairedItem)) return pairedItem[0];
  return pairedItem;
}

const ERROR_ONLY_KEYS = new Set(["error", "message", "details"]);

/** An item the node emitted for a failure: `item.error`, or json with `error` and only error/message/details. */
export function isErrorItem(item: Item): boolean {
  if (item.error !== undefined) return true;
  const json = item.json;
  if (!Object.prototype.hasOwnProperty.call(json, "error")) return false;
  for (const key of Object.keys(json)) if (!ERROR_ONLY_KEYS.has(key)) return false;
  return true;
}

/**
 * `onError: continueErrorOutput` (FORMAT §6.4): error items move from the regular outputs to the extra
 * output after them, their json merged over the paired input item's json.
 */
export function routeErrorItems(outputs: NodeOutputs, regularOutputs: number, inputs: readonly Item[][]): NodeOutputs {
  const result: NodeOutputs = [];
  const errors: Item[] = [];
  for (let o = 0; o < regularOutputs; o++) {
    const items = outputs[o] ?? [];
    if (!items.some(isErrorItem)) {
      result.push(items);
      continue;
    }
    const kept: Item[] = [];
    for (const item of items) {
      if (!isErrorItem(item)) {
        kept.push(item);
        continue;
      }
      const pair = firstPair(item.pairedItem);
      const paired = pair ? inputs[pair.input ?? 0]?.[pair.item] : undefined;
      errors.push(paired ? { ...item, json: { ...paired.json, ...item.json } } : item);
    }
    result.push(kept);
  }
  const existing = outputs[regularOutputs] ?? [];
  result.push(errors.length === 0 ? existing : [...existing, ...errors]);
  for (let o = regularOutputs + 1; o < outputs.length; o++) result.push(outputs[o] as Item[]);
  return result;
}

/** `alwaysOutputData`: an empty output 0 becomes one empty item paired with every input item. */
export function applyAlwaysOutputData(outputs: NodeOutputs, connectionInput: readonly Item[]): NodeOutputs {
  if ((outputs[0]?.length ?? 0) > 0) return outputs;
  const result = outputs.length === 0 ? [[]] : outputs.slice();
  result[0] = [{ json: {}, pairedItem: connectionInput.map((_, item) => ({ item })) }];
  return result;
}
