import { NodeOperationError, type FilterCondition, type NodeErrorOptions } from "@bos/node-sdk";
import type { ConditionValueType } from "./coerce-value";
import type { ConditionPosition } from "./evaluate-condition";

/**
 * A condition's value has the wrong type (strict validation) or cannot be converted (loose). The
 * message is n8n's, word for word, so users searching for it find the same answers.
 */
export class ConditionTypeError extends NodeOperationError {
  constructor(details: { message: string; description: string }, options: NodeErrorOptions = {}) {
    super(details.message, { ...options, description: details.description });
  }
}

const STRICT_HINT = "Try changing the type of comparison. Alternatively you can enable 'Convert types where required'.";
const LOOSE_HINT = "Try changing the type of the comparison.";

function withArticle(noun: string): string {
  return `${"aeiou".includes(noun.charAt(0)) ? "an" : "a"} ${noun}`;
}

const CONVERSION_FUNCTIONS: Readonly<Record<string, string>> = { string: ".toString()", number: ".toNumber()", boolean: ".toBoolean()" };

/** Builds n8n's message and description for a failed conversion of one or both sides. */
export function describeTypeMismatch(input: {
  condition: FilterCondition;
  type: ConditionValueType;
  rightType: ConditionValueType;
  strict: boolean;
  leftOk: boolean;
  rightOk: boolean;
  position: ConditionPosition;
}): { message: string; description: string } {
  const { condition, type, rightType, strict, leftOk, rightOk, position } = input;
  const suffix = `[condition ${position.conditionIndex}, item ${position.itemIndex}]`;
  const leftKind = typeof condition.leftValue;
  const rightKind = typeof condition.rightValue;
  if (!leftOk && !rightOk && leftKind === rightKind) {
    return {
      message: `Comparison type expects ${withArticle(type)} but both fields are ${withArticle(leftKind)}`,
      description: strict ? STRICT_HINT : LOOSE_HINT,
    };
  }
  const [expected, kind, value, side] = !leftOk
    ? [type, leftKind, condition.leftValue, "first" as const]
    : [rightType, rightKind, condition.rightValue, "second" as const];
  const message = strict
    ? `Wrong type: '${String(value)}' is ${withArticle(kind)} but was expecting ${withArticle(expected)} ${suffix}`
    : `Conversion error: the ${kind} '${String(value)}' can't be converted to ${withArticle(expected)} ${suffix}`;
  const conversion = CONVERSION_FUNCTIONS[expected];
  const description =
    strict && conversion
      ? `Try either: 1. enabling 'Convert types where required', or 2. converting the ${side} field to ${withArticle(expected)} by adding ${conversion}`
      : strict
        ? STRICT_HINT
        : LOOSE_HINT;
  return { message, description };
}
