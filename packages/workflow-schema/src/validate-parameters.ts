import { hasOwn } from "./clone-json";
import { isParameterShown } from "./display-options";
import { formatJsonPath, type JsonPathSegment } from "./json-path";
import type { FixedCollectionGroup, ParameterDescription, ParameterOption } from "./node-description";
import type { ValidationContext } from "./validation-context";

type Params = Readonly<Record<string, unknown>>;

interface Walk {
  readonly ctx: ValidationContext;
  readonly nodeName: string;
  readonly typeVersion: number;
  readonly root: Params;
}

/**
 * Checks each node's parameters against its description: required parameters that are shown must
 * have a value, values must have the parameter's type, and option values must be among the choices.
 * Only parameters shown for the node's current values are checked (displayOptions); expressions
 * (`=...`) are accepted for any type (their syntax is a separate rule). Legacy and unknown types are
 * skipped: their parameters do not follow the description the registry has.
 */
export function validateParameters(ctx: ValidationContext): void {
  for (const { index, node, resolution } of ctx.nodes) {
    if (resolution.kind !== "supported") continue;
    const root = withDefaults(resolution.description.parameters, node.parameters);
    const walk: Walk = { ctx, nodeName: node.name, typeVersion: node.typeVersion, root };
    checkList(walk, resolution.description.parameters, node.parameters, ["nodes", index, "parameters"], true);
  }
}

function checkList(
  walk: Walk,
  descriptions: readonly ParameterDescription[],
  values: Params,
  path: readonly JsonPathSegment[],
  checkRequired: boolean,
): void {
  const done = new Set<string>();
  const effective = withDefaults(descriptions, values);
  for (const candidate of descriptions) {
    if (done.has(candidate.name)) continue;
    // Several descriptions may share a name (one per display variant): the first one shown wins.
    const parameter = descriptions.find(
      (p) => p.name === candidate.name && isParameterShown(p, effective, walk.typeVersion, walk.root),
    );
    if (!parameter) continue;
    done.add(parameter.name);
    if (parameter.type === "notice") continue;
    const present = hasOwn(values, parameter.name) && values[parameter.name] !== undefined && values[parameter.name] !== null;
    const value = present ? values[parameter.name] : undefined;
    const here = [...path, parameter.name];
    if (!present || value === "") {
      if (checkRequired && parameter.required && isEmptyDefault(parameter.default)) {
        walk.ctx.report(
          "WF_SCHEMA_PARAM_REQUIRED",
          formatJsonPath(here),
          `Node "${walk.nodeName}": parameter "${parameter.displayName}" (${parameter.name}) is required. Set a value for it.`,
          walk.nodeName,
        );
      }
      continue;
    }
    checkValue(walk, parameter, value, here);
  }
}

/**
 * The values with description defaults filled in for absent names: n8n exports omit default values,
 * and displayOptions are decided on the values the node actually runs with.
 */
function withDefaults(descriptions: readonly ParameterDescription[], values: Params): Params {
  const out: Record<string, unknown> = {};
  for (const p of descriptions) {
    if (!hasOwn(out, p.name) && p.default !== undefined) Object.defineProperty(out, p.name, { value: p.default, enumerable: true, writable: true, configurable: true });
  }
  for (const key of Object.keys(values)) {
    Object.defineProperty(out, key, { value: values[key], enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function isEmptyDefault(value: unknown): boolean {
  return value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);
}

function isExpression(value: unknown): boolean {
  return typeof value === "string" && value.startsWith("=");
}

function isPlainObject(value: unknown): value is Params {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function checkValue(walk: Walk, parameter: ParameterDescription, value: unknown, path: readonly JsonPathSegment[]): void {
  if (isExpression(value) && parameter.type !== "fixedCollection" && parameter.type !== "collection") return;
  if (parameter.typeOptions?.multipleValues && parameter.type !== "fixedCollection") {
    if (!Array.isArray(value)) return wrongType(walk, parameter, path, "a list of values");
    value.forEach((element, i) => checkSingle(walk, parameter, element, [...path, i]));
    return;
  }
  checkSingle(walk, parameter, value, path);
}

function checkSingle(walk: Walk, parameter: ParameterDescription, value: unknown, path: readonly JsonPathSegment[]): void {
  if (isExpression(value)) return;
  switch (parameter.type) {
    case "string":
    case "color":
    case "dateTime":
    case "code":
      if (typeof value !== "string") wrongType(walk, parameter, path, "a string");
      return;
    case "number":
      if (typeof value !== "number") wrongType(walk, parameter, path, "a number");
      return;
    case "boolean":
      if (typeof value !== "boolean") wrongType(walk, parameter, path, "true or false");
      return;
    case "options":
      checkOption(walk, parameter, value, path);
      return;
    case "multiOptions":
      if (!Array.isArray(value)) return wrongType(walk, parameter, path, "a list of option values");
      value.forEach((element, i) => checkOption(walk, parameter, element, [...path, i]));
      return;
    case "collection":
      if (!isPlainObject(value)) return wrongType(walk, parameter, path, "an object");
      checkList(walk, (parameter.options ?? []) as readonly ParameterDescription[], value, path, false);
      return;
    case "fixedCollection":
      if (!isPlainObject(value)) return wrongType(walk, parameter, path, "an object");
      checkFixedCollection(walk, parameter, value, path);
      return;
    case "filter":
    case "assignmentCollection":
    case "resourceMapper":
      if (!isPlainObject(value)) wrongType(walk, parameter, path, "an object");
      return;
    case "resourceLocator":
    case "workflowSelector":
      if (!isPlainObject(value) && typeof value !== "string") wrongType(walk, parameter, path, "an object or a string");
      return;
    case "json":
    case "hidden":
    case "notice":
      return;
    default: {
      const unknownType: never = parameter.type;
      void unknownType;
    }
  }
}

function checkFixedCollection(walk: Walk, parameter: ParameterDescription, value: Params, path: readonly JsonPathSegment[]): void {
  const multiple = parameter.typeOptions?.multipleValues === true;
  for (const group of (parameter.options ?? []) as readonly FixedCollectionGroup[]) {
    if (!hasOwn(value, group.name) || value[group.name] === undefined || value[group.name] === null) continue;
    const groupValue = value[group.name];
    const here = [...path, group.name];
    const entries: Array<{ entry: unknown; at: readonly JsonPathSegment[] }> = [];
    if (Array.isArray(groupValue)) groupValue.forEach((entry, i) => entries.push({ entry, at: [...here, i] }));
    else if (!multiple && isPlainObject(groupValue)) entries.push({ entry: groupValue, at: here });
    else {
      wrongType(walk, { ...parameter, displayName: `${parameter.displayName} › ${group.displayName}` }, here, multiple ? "a list of entries" : "an object");
      continue;
    }
    for (const { entry, at } of entries) {
      if (!isPlainObject(entry)) {
        wrongType(walk, { ...parameter, displayName: `${parameter.displayName} › ${group.displayName}` }, at, "an object");
        continue;
      }
      checkList(walk, group.values, entry, at, true);
    }
  }
}

function checkOption(walk: Walk, parameter: ParameterDescription, value: unknown, path: readonly JsonPathSegment[]): void {
  if (isExpression(value)) return;
  const choices = (parameter.options ?? []) as readonly ParameterOption[];
  // Options loaded at runtime (loadOptionsMethod) have no fixed list to check against.
  if (choices.length === 0 || parameter.typeOptions?.loadOptionsMethod !== undefined) return;
  if (choices.some((choice) => choice.value === value)) return;
  const allowed = choices.map((choice) => JSON.stringify(choice.value)).join(", ");
  walk.ctx.report(
    "WF_SCHEMA_PARAM_OPTION",
    formatJsonPath(path),
    `Node "${walk.nodeName}": ${JSON.stringify(value)} is not a valid value for "${parameter.displayName}". Use one of ${allowed}.`,
    walk.nodeName,
  );
}

function wrongType(
  walk: Walk,
  parameter: Pick<ParameterDescription, "displayName">,
  path: readonly JsonPathSegment[],
  expected: string,
): void {
  walk.ctx.report(
    "WF_SCHEMA_PARAM_TYPE",
    formatJsonPath(path),
    `Node "${walk.nodeName}": "${parameter.displayName}" at ${formatJsonPath(path)} must be ${expected}. Change the value or use an expression.`,
    walk.nodeName,
  );
}
