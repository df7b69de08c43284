import { NodeRegistry } from "@bos/node-sdk";
import { eventNodes } from "./events";
import { controlNodes } from "./control";
import { flowNodes } from "./flow";
import { httpNodes } from "./http";
import { transformNodes } from "./transform";
import { triggerNodes } from "./triggers";
import { registerLegacyAliases } from "./legacy-aliases";

/**
 * A registry with every built-in node and the legacy aliases n8n itself understands.
 *
 * @example
 * const registry = createBuiltinRegistry();
 */
export function createBuiltinRegistry(): NodeRegistry {
  const registry = new NodeRegistry().register(...triggerNodes, ...flowNodes, ...transformNodes, ...httpNodes, ...eventNodes, ...controlNodes);
  registerLegacyAliases(registry);
  return registry;
}
