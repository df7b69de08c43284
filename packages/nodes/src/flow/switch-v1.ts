import { defineNode } from "@bos/node-sdk";
import { legacySwitchParameters } from "./switch-legacy-parameters";
import { runLegacySwitch } from "./switch-legacy";

/**
 * Switch v1 (legacy): four fixed outputs. Rules mode compares `value1` with each rule's `value2`
 * (by `dataType`) and sends the item to the first matching rule's `output`, else to
 * `fallbackOutput` (-1: dropped); expression mode sends it to `output`.
 */
export const switchV1Node = defineNode({
  description: {
    type: "n8n-nodes-base.switch",
    versions: [1],
    displayName: "Switch",
    group: ["transform"],
    description: "Route items depending on defined expression or rules",
    defaults: { name: "Switch", color: "#506000" },
    inputs: 1,
    outputs: 4,
    outputNames: ["0", "1", "2", "3"],
    sideEffects: "none",
    hidden: true,
    parameters: legacySwitchParameters(1),
  },
  async execute(ctx) {
    return runLegacySwitch(ctx, 4, (rule) => rule.output ?? 0);
  },
});
