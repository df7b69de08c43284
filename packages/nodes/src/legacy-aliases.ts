import type { NodeRegistry } from "@bos/node-sdk";

/**
 * Legacy node types that run as their current equivalents (the stored document keeps the old type).
 * Filled in as the target nodes land; aliases to unregistered types are harmless (lookups fail).
 */
export function registerLegacyAliases(registry: NodeRegistry): void {
  void registry;
  // Pre-1.0 start node: runs as the Manual Trigger (FORMAT §3.4).
  registry.alias("n8n-nodes-base.start", { type: "n8n-nodes-base.manualTrigger", version: 1 });
}
