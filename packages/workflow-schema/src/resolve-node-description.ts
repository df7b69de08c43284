import type { NodeDescription, NodeDescriptionRegistry } from "./node-description";
import { resolveLegacyNodeType, isLegacyNodeType, type LegacyNodeTarget } from "./legacy-node-types";

/**
 * How a node's type resolved against a registry.
 *
 * @example
 * if (resolution.kind === "mapped") console.log(resolution.target.type);
 */
export type NodeResolution =
  | { readonly kind: "supported"; readonly description: NodeDescription }
  | { readonly kind: "mapped"; readonly target: LegacyNodeTarget; readonly description?: NodeDescription }
  | { readonly kind: "annotation" }
  | { readonly kind: "unknownType" }
  | { readonly kind: "unknownVersion"; readonly knownVersions: readonly number[] };

/**
 * Sticky notes are canvas annotations: never executed, never connected, valid without a description.
 *
 * @example
 * node.type === STICKY_NOTE_TYPE; // a sticky note
 */
export const STICKY_NOTE_TYPE = "n8n-nodes-base.stickyNote";

/**
 * Resolves a node's (type, typeVersion) against a registry of descriptions. Legacy types
 * ({@link LEGACY_NODE_TYPES}) resolve as `mapped`, with the target's description when the registry
 * knows the target (or an alias for the legacy type itself). A sticky note the registry does not
 * describe resolves as `annotation`. Only data lookups: nothing is loaded.
 *
 * @example
 * resolveNodeDescription(registry, "n8n-nodes-base.noOp", 1, {}); // { kind: "supported", description }
 */
export function resolveNodeDescription(
  registry: NodeDescriptionRegistry,
  type: string,
  typeVersion: number,
  parameters: Readonly<Record<string, unknown>>,
): NodeResolution {
  if (isLegacyNodeType(type)) {
    const target = resolveLegacyNodeType(type, parameters);
    if (!target) return { kind: "unknownType" };
    const description =
      registry.get(type, typeVersion) ?? registry.get(target.type, target.typeVersion) ?? latestDescription(registry, target.type);
    return description ? { kind: "mapped", target, description } : { kind: "mapped", target };
  }
  const description = registry.get(type, typeVersion);
  if (description) return { kind: "supported", description };
  if (type === STICKY_NOTE_TYPE) return { kind: "annotation" };
  const knownVersions = registry.versionsOf(type);
  return knownVersions.length === 0 ? { kind: "unknownType" } : { kind: "unknownVersion", knownVersions };
}

function latestDescription(registry: NodeDescriptionRegistry, type: string): NodeDescription | undefined {
  const versions = registry.versionsOf(type);
  const latest = versions[versions.length - 1];
  return latest === undefined ? undefined : registry.get(type, latest);
}
