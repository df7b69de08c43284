import type { NodeDescription, NodeDescriptionRegistry } from "@bos/workflow-schema";
import type { AnyNodeType } from "./define-node";

/**
 * Holds node types by (type, typeVersion). Built-in nodes and custom node packages register alike.
 * Type strings are only ever map keys: nothing is loaded by name.
 *
 * @example
 * const registry = new NodeRegistry();
 * registry.register(noOpNode);
 * registry.get("n8n-nodes-base.noOp", 1)?.execute(ctx);
 */
export class NodeRegistry implements NodeDescriptionRegistry {
  private readonly byType = new Map<string, Map<number, AnyNodeType>>();
  private readonly aliases = new Map<string, { type: string; version?: number }>();

  /** Adds a node type; registering the same (type, version) twice is an error. */
  register(...nodes: AnyNodeType[]): this {
    for (const node of nodes) {
      const { type, versions } = node.description;
      let versionsOfType = this.byType.get(type);
      if (!versionsOfType) {
        versionsOfType = new Map();
        this.byType.set(type, versionsOfType);
      }
      for (const version of versions) {
        if (versionsOfType.has(version)) {
          throw new Error(`Node type ${type} version ${version} is registered twice`);
        }
        versionsOfType.set(version, node);
      }
    }
    return this;
  }

  /** Makes a legacy type run as another (for example `n8n-nodes-base.start` as the Manual Trigger). */
  alias(legacyType: string, target: { type: string; version?: number }): this {
    this.aliases.set(legacyType, target);
    return this;
  }

  /** The node type for (type, version), following aliases; undefined when unknown. */
  getNode(type: string, typeVersion: number): AnyNodeType | undefined {
    const direct = this.byType.get(type)?.get(typeVersion);
    if (direct) return direct;
    const alias = this.aliases.get(type);
    if (!alias) return undefined;
    const versions = this.byType.get(alias.type);
    if (!versions) return undefined;
    if (alias.version !== undefined) return versions.get(alias.version);
    return versions.get(typeVersion) ?? versions.get(Math.max(...versions.keys()));
  }

  get(type: string, typeVersion: number): NodeDescription | undefined {
    return this.getNode(type, typeVersion)?.description;
  }

  versionsOf(type: string): readonly number[] {
    const versions = this.byType.get(type);
    if (versions) return [...versions.keys()].sort((a, b) => a - b);
    const alias = this.aliases.get(type);
    return alias ? [alias.version ?? 1] : [];
  }

  /** Every registered node type, once each. */
  all(): AnyNodeType[] {
    const seen = new Set<AnyNodeType>();
    for (const versions of this.byType.values()) for (const node of versions.values()) seen.add(node);
    return [...seen];
  }
}
