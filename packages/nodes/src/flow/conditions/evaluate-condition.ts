import type { FilterCondition } from "@bos/node-sdk";
import type { DateTime } from "luxon";
import { coerceConditionValue, type ConditionValueType } from "./coerce-value";
import { ConditionTypeError, describeTypeMismatch } from "./condition-errors";
import { matchesPattern } from "./safe-regexp";

/** How a whole filter is evaluated: n8n's filter options after the node's own settings are applied. */
export interface ConditionOptions {
  caseSensitive: boolean;
  /** strict: a value of the wrong type is an error; loose: values are converted. */
  typeValidation: "strict" | "loose";
  /** The filter options' `version` (1-3): changes boolean and empty-number coercion. */
  version: number;
  /** IANA zone for dates written without an offset (the workflow's time zone). */
  zone?: string;
}

/** Where a condition sits, for error messages (`[condition 0, item 2]`). */
export interface ConditionPosition {
  conditionIndex: number;
  itemIndex: number;
}

const VALUE_TYPES: ReadonlySet<string> = new Set(["string", "number", "boolean", "dateTime", "array", "object", "any"]);

function asValueType(type: string | undefined, fallback: ConditionValueType): ConditionValueType {
  return type !== undefined && VALUE_TYPES.has(type) ? (type as ConditionValueType) : fallback;
}

/**
 * Evaluates one condition (`{leftValue, rightValue, operator: {type, operation}}`) whose expressions
 * the engine has already resolved. Throws ConditionTypeError when a value does not have (strict) or
 * cannot be converted to (loose) the operator's type. Unknown operations are false, as in n8n.
 */
export function evaluateCondition(condition: FilterCondition, options: ConditionOptions, position: ConditionPosition): boolean {
  const strict = options.typeValidation === "strict";
  const type = asValueType(condition.operator.type, "any");
  const rightType = asValueType(condition.operator.rightType, type);
  const singleValue = condition.operator.singleValue === true;
  const left = coerceConditionValue(condition.leftValue, type, strict, options.version, options.zone);
  const right = coerceConditionValue(condition.rightValue, rightType, strict, options.version, options.zone);
  if (!left.ok || (!right.ok && !singleValue)) {
    throw new ConditionTypeError(describeTypeMismatch({ condition, type, rightType, strict, leftOk: left.ok, rightOk: right.ok || singleValue, position }), {
      itemIndex: position.itemIndex,
    });
  }
  const operation = condition.operator.operation;
  const leftValue = left.value;
  const rightValue = right.ok ? right.value : undefined;
  const exists = leftValue !== undefined && leftValue !== null && !(typeof leftValue === "number" && Number.isNaN(leftValue));
  if (operation === "exists") return exists;
  if (operation === "notExists") return !exists;
  const ignoreCase = !options.caseSensitive;
  switch (type) {
    case "string":
      return compareStrings(operation, leftValue, rightValue, ignoreCase);
    case "number":
      return compareNumbers(operation, leftValue as number, rightValue as number, exists);
    case "dateTime":
      return compareDates(operation, leftValue as DateTime | null | undefined, rightValue as DateTime | null | undefined, exists);
    case "boolean":
      return compareBooleans(operation, leftValue as boolean, rightValue as boolean, exists);
    case "array":
      return compareArrays(operation, (leftValue ?? []) as unknown[], rightValue, ignoreCase);
    case "object":
      if (operation === "empty") return !leftValue || Object.keys(leftValue as object).length === 0;
      if (operation === "notEmpty") return !!leftValue && Object.keys(leftValue as object).length !== 0;
      return false;
    case "any":
      return false;
  }
}

function compareStrings(operation: string, leftValue: unknown, rightValue: unknown, ignoreCase: boolean): boolean {
  const isRegex = operation === "regex" || operation === "notRegex";
  const fold = (value: unknown): string => {
    const text = typeof value === "string" ? value : ((value ?? "") as string);
    return ignoreCase && !isRegex && typeof text === "string" ? text.toLocaleLowerCase() : text;
  };
  const left = fold(leftValue);
  const right = fold(rightValue);
  switch (operation) {
    case "empty":
      return left.length === 0;
    case "notEmpty":
      return left.length !== 0;
    case "equals":
      return left === right;
    case "notEquals":
      return left !== right;
    case "contains":
      return left.includes(right);
    case "notContains":
      return !left.includes(right);
    case "startsWith":
      return left.startsWith(right);
    case "notStartsWith":
      return !left.startsWith(right);
    case "endsWith":
      return left.endsWith(right);
    case "notEndsWith":
      return !left.endsWith(right);
    case "regex":
      return matchesPattern(left, right, ignoreCase);
    case "notRegex":
      return !matchesPattern(left, right, ignoreCase);
    default:
      return false;
  }
}

function compareNumbers(operation: string, left: number, right: number, exists: boolean): boolean {
  switch (operation) {
    case "empty":
      return !exists;
    case "notEmpty":
      return exists;
    case "equals":
      return left === right;
    case "notEquals":
      return left !== right;
    case "gt":
      return left > right;
    case "lt":
      return left < right;
    case "gte":
      return left >= right;
    case "lte":
      return left <= right;
    default:
      return false;
  }
}

function compareDates(operation: string, left: DateTime | null | undefined, right: DateTime | null | undefined, exists: boolean): boolean {
  if (operation === "empty") return !exists;
  if (operation === "notEmpty") return exists;
  if (!left || !right) return false;
  const l = left.toMillis();
  const r = right.toMillis();
  switch (operation) {
    case "equals":
      return l === r;
    case "notEquals":
      return l !== r;
    case "after":
      return l > r;
    case "before":
      return l < r;
    case "afterOrEquals":
      return l >= r;
    case "beforeOrEquals":
      return l <= r;
    default:
      return false;
  }
}

function compareBooleans(operation: string, left: boolean, right: boolean, exists: boolean): boolean {
  switch (operation) {
    case "empty":
      return !exists;
    case "notEmpty":
      return exists;
    case "true":
      return left === true;
    case "false":
      return !left;
    case "equals":
      return left === right;
    case "notEquals":
      return left !== right;
    default:
      return false;
  }
}

function arrayContains(array: readonly unknown[], value: unknown, ignoreCase: boolean): boolean {
  if (ignoreCase && typeof value === "string") {
    const wanted = value.toLocaleLowerCase();
    return array.some((entry) => typeof entry === "string" && entry.toLocaleLowerCase() === wanted);
  }
  return array.includes(value);
}

function compareArrays(operation: string, left: readonly unknown[], right: unknown, ignoreCase: boolean): boolean {
  const length = right as number;
  switch (operation) {
    case "contains":
      return arrayContains(left, right, ignoreCase);
    case "notContains":
      return !arrayContains(left, right, ignoreCase);
    case "lengthEquals":
      return left.length === length;
    case "lengthNotEquals":
      return left.length !== length;
    case "lengthGt":
      return left.length > length;
    case "lengthLt":
      return left.length < length;
    case "lengthGte":
      return left.length >= length;
    case "lengthLte":
      return left.length <= length;
    case "empty":
      return left.length === 0;
    case "notEmpty":
      return left.length !== 0;
    default:
      return false;
  }
}
