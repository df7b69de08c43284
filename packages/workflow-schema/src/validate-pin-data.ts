import { formatJsonPath } from "./json-path";
import type { ValidationContext } from "./validation-context";

/** pinData is keyed by node name; a key with no node is stale (left after a delete or rename). */
export function validatePinData(ctx: ValidationContext): void {
  const pinData = ctx.doc.pinData;
  if (pinData === null || typeof pinData !== "object" || Array.isArray(pinData)) return;
  for (const name of Object.keys(pinData)) {
    if (ctx.allNames.has(name)) continue;
    ctx.report(
      "WF_SCHEMA_PIN_DATA_NODE_UNKNOWN",
      formatJsonPath(["pinData", name]),
      `pinData holds data for "${name}", but no node has that name. Remove it, or rename it to the node it belongs to.`,
    );
  }
}
