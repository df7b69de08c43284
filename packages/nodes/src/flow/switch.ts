import { defineNode, NodeOperationError, type ExecuteContext, type FilterValue, type Item } from "@bos/node-sdk";
import { evaluateFilter } from "./conditions/evaluate-filter";
import {
  filterConditionsParameter,
  filterVersionFor,
  ignoreCaseOption,
  lessStrictTypeValidationOption,
  looseTypeValidationParameter,
} from "./conditions/filter-parameter";
import { asNodeError } from "./as-node-error";
import { routeItem } from "./paired-item";

const FILTER_VERSIONS = [
  [3, 1],
  [3.2, 2],
  [3.3, 3],
] as const;

interface SwitchRule {
  conditions?: FilterValue;
  renameOutput?: boolean;
  outputKey?: string;
}

function rulesOf(parameters: Readonly<Record<string, unknown>>): SwitchRule[] {
  const rules = parameters.rules as { values?: unknown } | undefined;
  return Array.isArray(rules?.values) ? (rules.values as SwitchRule[]) : [];
}

function optionsOf(parameters: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const options = parameters.options;
  return options !== null && typeof options === "object" ? (options as Record<string, unknown>) : {};
}

/** Outputs: `numberOutputs` in expression mode; one per rule (+1 for an "extra" fallback) in rules mode. */
export function switchOutputCount(parameters: Readonly<Record<string, unknown>>): number {
  if (parameters.mode === "expression") return typeof parameters.numberOutputs === "number" ? parameters.numberOutputs : 4;
  return rulesOf(parameters).length + (optionsOf(parameters).fallbackOutput === "extra" ? 1 : 0);
}

/** Output names: the rule's output key, else its index; the extra fallback is "Fallback" unless renamed. */
export function switchOutputNames(parameters: Readonly<Record<string, unknown>>): string[] {
  const count = switchOutputCount(parameters);
  if (parameters.mode === "expression") return Array.from({ length: count }, (_, index) => String(index));
  const names = rulesOf(parameters).map((rule, index) => (rule.outputKey ? rule.outputKey : String(index)));
  const options = optionsOf(parameters);
  if (options.fallbackOutput === "extra") names.push(typeof options.renameFallbackOutput === "string" && options.renameFallbackOutput ? options.renameFallbackOutput : "Fallback");
  return names;
}

const rulesMode = { show: { mode: ["rules"] } } as const;
const expressionMode = { show: { mode: ["expression"] } } as const;

/**
 * Switch v3.x (`n8n-nodes-base.switch`): routes items by rules (one output per rule; first match, or
 * every match with `allMatchingOutputs`; unmatched items dropped, sent to an extra last output, or to
 * a chosen rule's output) or by an `output` index expression. With onError set to continue, an item
 * whose rules fail to evaluate becomes `{error}` on output 0, as in n8n.
 */
export const switchNode = defineNode({
  description: {
    type: "n8n-nodes-base.switch",
    versions: [3, 3.1, 3.2, 3.3, 3.4],
    displayName: "Switch",
    group: ["transform"],
    description: "Route items depending on defined expression or rules",
    defaults: { name: "Switch", color: "#506000" },
    inputs: 1,
    outputs: switchOutputCount,
    outputNames: switchOutputNames,
    sideEffects: "none",
    parameters: [
      {
        displayName: "Mode",
        name: "mode",
        type: "options",
        noDataExpression: true,
        default: "rules",
        options: [
          { name: "Rules", value: "rules", description: "Build a matching rule for each output" },
          { name: "Expression", value: "expression", description: "Write an expression to return the output index" },
        ],
      },
      {
        displayName: "Number of Outputs",
        name: "numberOutputs",
        type: "number",
        default: 4,
        description: "How many outputs to create",
        displayOptions: expressionMode,
      },
      {
        displayName: "Output Index",
        name: "output",
        type: "number",
        default: "={{}}",
        description: "The output index to send the input item to. Use an expression to calculate which input item should be routed to which output. The expression must return a number.",
        typeOptions: { minValue: 0 },
        displayOptions: expressionMode,
      },
      {
        displayName: "Routing Rules",
        name: "rules",
        placeholder: "Add Routing Rule",
        type: "fixedCollection",
        typeOptions: { multipleValues: true, sortable: true },
        default: { values: [{ conditions: filterConditionsParameter(2).default }] },
        displayOptions: rulesMode,
        options: [
          {
            name: "values",
            displayName: "Values",
            values: [
              filterConditionsParameter(2),
              { displayName: "Rename Output", name: "renameOutput", type: "boolean", default: false },
              { displayName: "Output Name", name: "outputKey", type: "string", default: "", description: "The label of output to which to send data to if rule matches", displayOptions: { show: { renameOutput: [true] } } },
            ],
          },
        ],
      },
      { ...looseTypeValidationParameter, displayOptions: { show: { mode: ["rules"] }, hide: { "@version": [3] } } },
      {
        displayName: "Options",
        name: "options",
        type: "collection",
        placeholder: "Add option",
        default: {},
        displayOptions: rulesMode,
        options: [
          {
            displayName: "Fallback Output",
            name: "fallbackOutput",
            type: "options",
            default: "none",
            description: "If no rule matches the item will be sent to this output, by default they will be ignored",
            // n8n lists the rules' outputs too (a rule index is a valid value), loaded at runtime.
            typeOptions: { loadOptionsMethod: "getFallbackOutputOptions", loadOptionsDependsOn: ["rules.values"] },
            options: [
              { name: "None (default)", value: "none", description: "Items will be ignored" },
              { name: "Extra Output", value: "extra", description: "Items will be sent to the extra, separate, output" },
            ],
          },
          ignoreCaseOption,
          lessStrictTypeValidationOption,
          { displayName: "Rename Fallback Output", name: "renameFallbackOutput", type: "string", default: "", placeholder: "e.g. Fallback" },
          {
            displayName: "Send data to all matching outputs",
            name: "allMatchingOutputs",
            type: "boolean",
            default: false,
            description: "Whether to send data to all outputs meeting conditions (and not just the first one)",
          },
        ],
      },
    ],
  },
  async execute(ctx) {
    const byExpression = ctx.getNodeParameter("mode", 0) === "expression";
    const outputCount = byExpression ? Number(ctx.getNodeParameter("numberOutputs", 0)) : switchOutputCount(ctx.node.parameters);
    const outputs: Item[][] = Array.from({ length: Number.isInteger(outputCount) && outputCount > 0 ? outputCount : 0 }, () => []);
    const items = ctx.getInputItems();
    const route = byExpression ? routeByExpression : routeByRules;
    items.forEach((item, itemIndex) => {
      try {
        for (const output of route(ctx, itemIndex, outputs.length)) {
          outputs[output]?.push(routeItem(item, itemIndex));
        }
      } catch (error) {
        if (!ctx.continueOnFail()) throw asNodeError(error, itemIndex);
        outputs[0]?.push({ json: { error: error instanceof Error ? error.message : String(error) }, pairedItem: { item: itemIndex } });
      }
    });
    return outputs;
  },
});

function routeByExpression(ctx: ExecuteContext, itemIndex: number, outputCount: number): number[] {
  const raw = ctx.getNodeParameter("output", itemIndex);
  const output = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : raw;
  if (typeof output !== "number" || !Number.isInteger(output) || output < 0 || output >= outputCount) {
    throw new NodeOperationError(`The output ${String(raw)} is not allowed. It has to be between 0 and ${outputCount - 1}!`, {
      itemIndex,
      description: "Make the 'Output Index' expression return a whole number below 'Number of Outputs'.",
    });
  }
  return [output];
}

function routeByRules(ctx: ExecuteContext, itemIndex: number, outputCount: number): number[] {
  const rules = rulesOf({ rules: ctx.getNodeParameter("rules", itemIndex) });
  const options = optionsOf({ options: ctx.getNodeParameter("options", itemIndex) });
  const settings = {
    ignoreCase: typeof options.ignoreCase === "boolean" ? options.ignoreCase : undefined,
    looseTypeValidation: ctx.getNodeParameter("looseTypeValidation", itemIndex, false) === true || options.looseTypeValidation === true,
    defaultVersion: filterVersionFor(ctx.node.typeVersion, FILTER_VERSIONS),
    zone: ctx.workflow.timezone,
  };
  const matched: number[] = [];
  for (const [ruleIndex, rule] of rules.entries()) {
    if (!evaluateFilter(rule.conditions, itemIndex, settings)) continue;
    matched.push(ruleIndex);
    if (options.allMatchingOutputs !== true) break;
  }
  if (matched.length > 0) return matched;
  const fallback = options.fallbackOutput ?? "none";
  if (fallback === "extra") return [rules.length];
  if (fallback === "none") return [];
  const fallbackIndex = Number(fallback);
  if (!Number.isInteger(fallbackIndex) || fallbackIndex < 0 || fallbackIndex >= outputCount) {
    throw new NodeOperationError(`The fallback output ${String(fallback)} does not exist`, {
      itemIndex,
      description: `Choose "none", "extra" or the index of one of the ${rules.length} rules.`,
    });
  }
  return [fallbackIndex];
}
