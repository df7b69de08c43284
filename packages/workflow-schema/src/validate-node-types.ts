import { formatJsonPath } from "./json-path";
import type { ValidationContext } from "./validation-context";

/** Every node's (type, typeVersion) must be described by the registry (legacy types map). */
export function validateNodeTypes(ctx: ValidationContext): void {
  for (const { index, node, resolution } of ctx.nodes) {
    if (resolution.kind === "unknownType") {
      ctx.report(
        "WF_SCHEMA_NODE_TYPE_UNKNOWN",
        formatJsonPath(["nodes", index, "type"]),
        `Node "${node.name}" has type "${node.type}", which this instance does not provide. Install the node package that provides it, or replace the node.`,
        node.name,
      );
    } else if (resolution.kind === "unknownVersion") {
      ctx.report(
        "WF_SCHEMA_NODE_VERSION_UNSUPPORTED",
        formatJsonPath(["nodes", index, "typeVersion"]),
        `Node "${node.name}" (${node.type}) has typeVersion ${node.typeVersion}; supported versions are ${resolution.knownVersions.join(", ")}. Recreate the node at a supported version.`,
        node.name,
      );
    }
  }
}
