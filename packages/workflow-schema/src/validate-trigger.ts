import type { TriggerKind } from "./node-description";
import type { ValidationContext } from "./validation-context";

/** Trigger kinds that start production executions; a manual trigger only starts test runs. */
const PRODUCTION_TRIGGERS: ReadonlySet<TriggerKind> = new Set(["webhook", "schedule", "event", "executeWorkflow", "error"]);

/**
 * Publishing needs at least one enabled node that can start a production execution: a trigger whose
 * kind is not `manual`. A node whose type the registry does not describe counts when its type name
 * ends in `Trigger` (community triggers), so an unknown type is reported once, as unknown.
 */
export function validateTrigger(ctx: ValidationContext): void {
  if (ctx.purpose !== "publish") return;
  const hasTrigger = ctx.nodes.some(({ node, resolution }) => {
    if (node.disabled === true) return false;
    if (resolution.kind === "supported" || resolution.kind === "mapped") {
      const kind = resolution.description?.trigger;
      if (kind !== undefined) return PRODUCTION_TRIGGERS.has(kind);
      if (resolution.kind === "mapped") return resolution.target.type !== "n8n-nodes-base.manualTrigger" && /trigger$/i.test(resolution.target.type);
      return false;
    }
    return resolution.kind !== "annotation" && /trigger$/i.test(node.type) && !/manualTrigger$/.test(node.type);
  });
  if (!hasTrigger) {
    ctx.report(
      "WF_SCHEMA_NO_TRIGGER",
      "nodes",
      "The workflow has no enabled trigger that starts production executions (a Manual Trigger only starts test runs). Add a Webhook, Schedule or other trigger node, or enable one.",
    );
  }
}
