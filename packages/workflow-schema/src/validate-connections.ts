import { hasOwn } from "./clone-json";
import { CONNECTION_TYPES } from "./connection-types";
import { formatJsonPath, type JsonPathSegment } from "./json-path";
import type { NodeDescription } from "./node-description";
import { countMainInputs, countMainOutputs } from "./port-counts";
import type { CheckedNode, ValidationContext } from "./validation-context";

function descriptionOf(checked: CheckedNode | undefined): NodeDescription | undefined {
  if (!checked) return undefined;
  const r = checked.resolution;
  return r.kind === "supported" || r.kind === "mapped" ? r.description : undefined;
}

/**
 * Connections must start and end at nodes of the workflow, use known connection types, and use
 * output and input indexes the nodes have (counted from their descriptions and raw parameters).
 * Shapes are checked here too: zod skips record keys such as `__proto__`, so connections are walked
 * by hand over own keys.
 */
export function validateConnections(ctx: ValidationContext): void {
  const connections = ctx.doc.connections;
  if (connections === null || typeof connections !== "object" || Array.isArray(connections)) return;
  for (const source of Object.keys(connections)) {
    const byType = (connections as Record<string, unknown>)[source];
    const base: JsonPathSegment[] = ["connections", source];
    if (!ctx.allNames.has(source)) {
      ctx.report(
        "WF_SCHEMA_CONNECTION_SOURCE_UNKNOWN",
        formatJsonPath(base),
        `Connections start at "${source}", but no node has that name. Remove these connections or rename the node they belong to.`,
      );
    }
    if (byType === null || typeof byType !== "object" || Array.isArray(byType)) {
      shape(ctx, base, `must be an object keyed by connection type, e.g. { "main": [[...]] }`);
      continue;
    }
    for (const type of Object.keys(byType)) {
      checkType(ctx, source, type, (byType as Record<string, unknown>)[type], [...base, type]);
    }
  }
}

function checkType(ctx: ValidationContext, source: string, type: string, outputs: unknown, path: JsonPathSegment[]): void {
  if (!CONNECTION_TYPES.has(type)) {
    ctx.report(
      "WF_SCHEMA_CONNECTION_TYPE_UNKNOWN",
      formatJsonPath(path),
      `Connection type "${type}" from "${source}" is unknown. Use "main" (or an n8n ai_* type).`,
      ctx.allNames.has(source) ? source : undefined,
    );
  }
  if (!Array.isArray(outputs)) {
    shape(ctx, path, "must be an array with one entry per output");
    return;
  }
  const sourceNode = ctx.nodesByName.get(source);
  const sourceDescription = descriptionOf(sourceNode);
  const outputCount = sourceNode && sourceDescription && type === "main" ? countMainOutputs(sourceNode.node, sourceDescription) : undefined;
  outputs.forEach((targets, outputIndex) => {
    const here = [...path, outputIndex];
    if (targets === null) return;
    if (!Array.isArray(targets)) {
      shape(ctx, here, "must be an array of connection targets (or [] for an unconnected output)");
      return;
    }
    if (outputCount !== undefined && outputIndex >= outputCount && targets.length > 0) {
      ctx.report(
        "WF_SCHEMA_CONNECTION_OUTPUT_INDEX",
        formatJsonPath(here),
        `Node "${source}" has ${outputCount} output${outputCount === 1 ? "" : "s"}, but a connection leaves output ${outputIndex}. Reconnect it from an existing output.`,
        source,
      );
    }
    targets.forEach((target, j) => checkTarget(ctx, source, type, target, [...here, j]));
  });
}

function checkTarget(ctx: ValidationContext, source: string, sourceType: string, target: unknown, path: JsonPathSegment[]): void {
  if (target === null || typeof target !== "object" || Array.isArray(target)) {
    shape(ctx, path, 'must be an object { "node": name, "type": "main", "index": input }');
    return;
  }
  const t = target as Record<string, unknown>;
  const name = hasOwn(t, "node") ? t.node : undefined;
  const index = hasOwn(t, "index") ? t.index : undefined;
  const type = hasOwn(t, "type") ? t.type : sourceType;
  if (typeof name !== "string") return shape(ctx, [...path, "node"], "must be the target node's name");
  if (typeof index !== "number" || !Number.isInteger(index) || index < 0) {
    return shape(ctx, [...path, "index"], "must be the target's input index (an integer from 0)");
  }
  if (typeof type !== "string") return shape(ctx, [...path, "type"], 'must be a connection type such as "main"');
  if (!ctx.allNames.has(name)) {
    ctx.report(
      "WF_SCHEMA_CONNECTION_TARGET_UNKNOWN",
      formatJsonPath([...path, "node"]),
      `A connection from "${source}" goes to "${name}", but no node has that name. Remove the connection or point it at an existing node.`,
      ctx.allNames.has(source) ? source : undefined,
    );
    return;
  }
  if (type !== sourceType && !CONNECTION_TYPES.has(type)) {
    ctx.report(
      "WF_SCHEMA_CONNECTION_TYPE_UNKNOWN",
      formatJsonPath([...path, "type"]),
      `Connection type "${type}" into "${name}" is unknown. Use "main" (or an n8n ai_* type).`,
      name,
    );
  }
  const targetNode = ctx.nodesByName.get(name);
  const description = descriptionOf(targetNode);
  if (!targetNode || !description || type !== "main") return;
  const inputs = countMainInputs(targetNode.node, description);
  if (inputs !== undefined && index >= inputs) {
    ctx.report(
      "WF_SCHEMA_CONNECTION_INPUT_INDEX",
      formatJsonPath([...path, "index"]),
      `Node "${name}" has ${inputs} input${inputs === 1 ? "" : "s"}, but the connection from "${source}" enters input ${index}. Connect it to an existing input${inputs === 0 ? " (a trigger takes no input: remove the connection)" : ""}.`,
      name,
    );
  }
}

function shape(ctx: ValidationContext, path: readonly JsonPathSegment[], what: string): void {
  ctx.report("WF_SCHEMA_FIELD_TYPE", formatJsonPath(path), `${formatJsonPath(path)} ${what}.`);
}
