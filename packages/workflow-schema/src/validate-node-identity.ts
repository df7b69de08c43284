import { formatJsonPath } from "./json-path";
import type { ValidationContext } from "./validation-context";

/**
 * Node names must be present and unique (they key connections, pinData and `$('Name')`); ids must be
 * unique when present, and their absence is noted (old files). Reads the raw node list, so nodes that
 * failed the shape check are still named in the report.
 */
export function validateNodeIdentity(ctx: ValidationContext): void {
  const rawNodes = Array.isArray(ctx.doc.nodes) ? (ctx.doc.nodes as unknown[]) : [];
  const firstByName = new Map<string, number>();
  const firstById = new Map<string, number>();
  rawNodes.forEach((raw, index) => {
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return;
    const node = raw as Record<string, unknown>;
    const name = typeof node.name === "string" && node.name !== "" ? node.name : undefined;
    if (name === undefined) {
      ctx.report(
        "WF_SCHEMA_NODE_NAME_MISSING",
        formatJsonPath(["nodes", index, "name"]),
        `nodes[${index}] has no name${typeof node.type === "string" ? ` (type ${node.type})` : ""}. Give every node a unique, non-empty name.`,
      );
    } else if (firstByName.has(name)) {
      ctx.report(
        "WF_SCHEMA_NODE_NAME_DUPLICATE",
        formatJsonPath(["nodes", index, "name"]),
        `Node name "${name}" is used by nodes[${firstByName.get(name)}] and nodes[${index}]. Rename one of them; names must be unique.`,
        name,
      );
    } else {
      firstByName.set(name, index);
    }
    const id = node.id;
    if (id === undefined || id === null || id === "") {
      ctx.report(
        "WF_SCHEMA_NODE_ID_MISSING",
        formatJsonPath(["nodes", index, "id"]),
        `Node ${name === undefined ? `nodes[${index}]` : `"${name}"`} has no id. Saving it in the builder assigns one; until then diffs match it by name.`,
        name,
      );
    } else if (typeof id === "string") {
      if (firstById.has(id)) {
        ctx.report(
          "WF_SCHEMA_NODE_ID_DUPLICATE",
          formatJsonPath(["nodes", index, "id"]),
          `Node id "${id}" is used by nodes[${firstById.get(id)}] and nodes[${index}]. Give one of them a new id (a UUID).`,
          name,
        );
      } else {
        firstById.set(id, index);
      }
    }
  });
}
