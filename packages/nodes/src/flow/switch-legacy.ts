import { NodeOperationError, type ExecuteContext, type Item } from "@bos/node-sdk";
import { compareLegacy, legacyDateValue } from "./conditions/legacy-compare";
import { asNodeError } from "./as-node-error";
import { routeItem } from "./paired-item";

interface LegacyRule {
  operation?: string;
  value2?: unknown;
  output?: unknown;
}

type Context = ExecuteContext<Record<string, unknown>>;

function dateValue(value: unknown, itemIndex: number): unknown {
  const converted = legacyDateValue(value);
  if (typeof converted !== "number" || Number.isNaN(converted)) {
    throw new NodeOperationError(`The value "${String(value)}" is not a valid DateTime.`, { itemIndex });
  }
  return converted;
}

function outputIndex(raw: unknown, count: number, itemIndex: number): number {
  const index = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : raw;
  if (typeof index !== "number" || !Number.isInteger(index) || index < 0 || index >= count) {
    throw new NodeOperationError(`The output ${String(raw)} is not allowed. It has to be between 0 and ${count - 1}!`, { itemIndex });
  }
  return index;
}

/** Where one item goes in rules mode: the matching rule's target, the fallback, or nowhere (undefined). */
function routeByLegacyRules(ctx: Context, itemIndex: number, count: number, targetOf: (rule: LegacyRule, ruleIndex: number) => unknown): number | undefined {
  const dataType = ctx.getNodeParameter("dataType", 0, "number");
  const rulesValue = ctx.getNodeParameter("rules.rules", itemIndex, []);
  const rules = Array.isArray(rulesValue) ? (rulesValue as LegacyRule[]) : [];
  const raw1 = ctx.getNodeParameter("value1", itemIndex);
  const value1 = dataType === "dateTime" ? dateValue(raw1, itemIndex) : raw1;
  for (const [ruleIndex, rule] of rules.entries()) {
    const value2 = dataType === "dateTime" ? dateValue(rule.value2, itemIndex) : rule.value2;
    if (compareLegacy(rule.operation ?? "equal", value1, value2)) return outputIndex(targetOf(rule, ruleIndex), count, itemIndex);
  }
  const fallback = Number(ctx.getNodeParameter("fallbackOutput", itemIndex, -1));
  return fallback === -1 ? undefined : outputIndex(fallback, count, itemIndex);
}

/**
 * The routing loop of Switch v1/v2. `outputCount` and `targetOf` carry what differs: v1 has four fixed
 * outputs and rules name their output; v2 has one output per rule (or `outputsAmount`).
 */
export function runLegacySwitch(ctx: Context, outputCount: number, targetOf: (rule: LegacyRule, ruleIndex: number) => unknown): Item[][] {
  const outputs: Item[][] = Array.from({ length: outputCount }, () => []);
  ctx.getInputItems().forEach((item, itemIndex) => {
    try {
      const target =
        ctx.getNodeParameter("mode", itemIndex) === "expression"
          ? outputIndex(ctx.getNodeParameter("output", itemIndex), outputCount, itemIndex)
          : routeByLegacyRules(ctx, itemIndex, outputCount, targetOf);
      if (target !== undefined) outputs[target]?.push(routeItem(item, itemIndex));
    } catch (error) {
      if (!ctx.continueOnFail()) throw asNodeError(error, itemIndex);
      outputs[0]?.push({ json: { error: error instanceof Error ? error.message : String(error) }, pairedItem: { item: itemIndex } });
    }
  });
  return outputs;
}
