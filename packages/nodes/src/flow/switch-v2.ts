import { defineNode } from "@bos/node-sdk";
import { legacySwitchParameters } from "./switch-legacy-parameters";
import { runLegacySwitch } from "./switch-legacy";

function rulesOf(parameters: Readonly<Record<string, unknown>>): Array<{ outputKey?: unknown }> {
  const rules = (parameters.rules as { rules?: unknown } | undefined)?.rules;
  return Array.isArray(rules) ? (rules as Array<{ outputKey?: unknown }>) : [];
}

/** v2 outputs: `outputsAmount` (default 4) in expression mode, one per rule in rules mode. */
export function switchV2OutputCount(parameters: Readonly<Record<string, unknown>>): number {
  if (parameters.mode === "expression") return typeof parameters.outputsAmount === "number" ? parameters.outputsAmount : 4;
  return rulesOf(parameters).length;
}

/**
 * Switch v2 (legacy): as v1, but each rule has its own output (named by its `outputKey`) and
 * expression mode has `outputsAmount` outputs.
 */
export const switchV2Node = defineNode({
  description: {
    type: "n8n-nodes-base.switch",
    versions: [2],
    displayName: "Switch",
    group: ["transform"],
    description: "Route items depending on defined expression or rules",
    defaults: { name: "Switch", color: "#506000" },
    inputs: 1,
    outputs: switchV2OutputCount,
    outputNames: (parameters) =>
      parameters.mode === "expression" ? Array.from({ length: switchV2OutputCount(parameters) }, (_, i) => String(i)) : rulesOf(parameters).map((rule, i) => String(rule.outputKey || i)),
    sideEffects: "none",
    hidden: true,
    parameters: legacySwitchParameters(2),
  },
  async execute(ctx) {
    const byExpression = ctx.getNodeParameter("mode", 0) === "expression";
    const count = byExpression ? Number(ctx.getNodeParameter("outputsAmount", 0, 4)) : switchV2OutputCount(ctx.node.parameters);
    return runLegacySwitch(ctx, Number.isInteger(count) && count > 0 ? count : 0, (_rule, ruleIndex) => ruleIndex);
  },
});
