import { formatJsonPath } from "./json-path";
import type { ValidationContext } from "./validation-context";

/** Node types that register a webhook path on `path` + `httpMethod`. */
export const WEBHOOK_NODE_TYPES: ReadonlySet<string> = new Set(["n8n-nodes-base.webhook"]);

/**
 * Two enabled Webhook nodes in one workflow may not listen on the same path and method. Paths are
 * compared without leading/trailing slashes; an empty path falls back to the node's webhookId, as n8n
 * does. Paths that are expressions are skipped (their value is only known at activation).
 */
export function validateWebhooks(ctx: ValidationContext): void {
  const seen = new Map<string, string>();
  for (const { index, node } of ctx.nodes) {
    if (!WEBHOOK_NODE_TYPES.has(node.type) || node.disabled === true) continue;
    const rawPath = typeof node.parameters.path === "string" ? node.parameters.path : "";
    if (rawPath.startsWith("=")) continue;
    const path = rawPath.replace(/^\/+|\/+$/g, "") || node.webhookId || "";
    if (path === "") continue;
    for (const method of methodsOf(node.parameters)) {
      const key = `${method} ${path}`;
      const other = seen.get(key);
      if (other === undefined) {
        seen.set(key, node.name);
        continue;
      }
      ctx.report(
        "WF_SCHEMA_WEBHOOK_CLASH",
        formatJsonPath(["nodes", index, "parameters", "path"]),
        `Webhook "${node.name}" and webhook "${other}" both listen on ${method} /${path}. Change the path or HTTP method of one of them.`,
        node.name,
      );
    }
  }
}

function methodsOf(parameters: Readonly<Record<string, unknown>>): string[] {
  const raw = parameters.httpMethod;
  if (parameters.multipleMethods === true && Array.isArray(raw)) {
    return raw.filter((m): m is string => typeof m === "string").map((m) => m.toUpperCase());
  }
  if (typeof raw === "string" && !raw.startsWith("=")) return [raw.toUpperCase()];
  return ["GET"];
}
