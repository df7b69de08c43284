import type { Connections, WorkflowDocument, WorkflowNode } from "@bos/workflow-schema";
import { ApiError } from "./api-error";
import type { ApiErrorBody, WorkflowDetail, WorkflowListPage, WorkflowStatus, WorkflowSummary } from "./api-types";

// Response bodies are untrusted JSON: each is checked here, once, at the boundary, so components work
// with the typed shapes only. The builder deliberately does not bundle zod (workflow-schema's runtime
// dependency): these checks cover just what the screens read, and tolerate what n8n files tolerate
// (missing parameters, `null` connection entries).

type Json = Record<string, unknown>;

const STATUSES: readonly WorkflowStatus[] = ["draft", "pending", "active", "archived"];

function bad(path: string, expected: string): never {
  throw new ApiError(0, "WF_BUILDER_BAD_RESPONSE", `Unexpected API response: ${path} should be ${expected}`);
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function readObject(value: unknown, path: string): Json {
  return isObject(value) ? value : bad(path, "an object");
}

function readString(obj: Json, key: string, path: string): string {
  const value = obj[key];
  return typeof value === "string" ? value : bad(`${path}.${key}`, "a string");
}

function readNullableString(obj: Json, key: string, path: string): string | null {
  const value = obj[key];
  if (value === null || value === undefined) return null;
  return typeof value === "string" ? value : bad(`${path}.${key}`, "a string or null");
}

function readStatus(obj: Json, path: string): WorkflowStatus {
  const value = obj.status;
  return STATUSES.find((s) => s === value) ?? bad(`${path}.status`, `one of ${STATUSES.join("|")}`);
}

/** Tags may arrive as names or as `{ id, name }` objects (n8n's shape); the builder shows names. */
function readTags(value: unknown, path: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return bad(path, "an array");
  return value.map((tag, i) => {
    if (typeof tag === "string") return tag;
    return readString(readObject(tag, `${path}[${i}]`), "name", `${path}[${i}]`);
  });
}

function parseSummary(value: unknown, path: string): WorkflowSummary {
  const obj = readObject(value, path);
  return {
    id: readString(obj, "id", path),
    name: readString(obj, "name", path),
    status: readStatus(obj, path),
    tags: readTags(obj.tags, `${path}.tags`),
    updatedAt: readString(obj, "updatedAt", path),
    activeVersionId: readNullableString(obj, "activeVersionId", path),
    draftVersionId: readNullableString(obj, "draftVersionId", path),
  };
}

/** Checks a `GET /workflows` body. */
export function parseWorkflowListPage(body: unknown): WorkflowListPage {
  const obj = readObject(body, "body");
  if (!Array.isArray(obj.data)) return bad("body.data", "an array");
  return {
    data: obj.data.map((row, i) => parseSummary(row, `body.data[${i}]`)),
    nextCursor: readNullableString(obj, "nextCursor", "body"),
  };
}

function parseNode(value: unknown, path: string): WorkflowNode {
  const obj = readObject(value, path);
  const position = obj.position;
  const validPosition =
    Array.isArray(position) && position.length === 2 && position.every((n) => typeof n === "number");
  if (!validPosition) bad(`${path}.position`, "[x, y] numbers");
  return {
    ...obj,
    name: readString(obj, "name", path),
    type: readString(obj, "type", path),
    typeVersion: typeof obj.typeVersion === "number" ? obj.typeVersion : 1,
    position: [position[0] as number, position[1] as number],
    parameters: isObject(obj.parameters) ? obj.parameters : {},
  };
}

function parseConnections(value: unknown, path: string): Connections {
  if (value === undefined || value === null) return {};
  // Only the outer shape is checked; to-flow-elements skips malformed targets one by one.
  const obj = readObject(value, path);
  for (const [source, byType] of Object.entries(obj)) {
    readObject(byType, `${path}[${JSON.stringify(source)}]`);
  }
  return obj as Connections;
}

/** Checks the parts of an n8n workflow document the canvas reads; everything else is kept as-is. */
export function parseDefinition(value: unknown, path: string): WorkflowDocument {
  const obj = readObject(value, path);
  if (!Array.isArray(obj.nodes)) return bad(`${path}.nodes`, "an array");
  return {
    ...obj,
    name: typeof obj.name === "string" ? obj.name : "",
    nodes: obj.nodes.map((node, i) => parseNode(node, `${path}.nodes[${i}]`)),
    connections: parseConnections(obj.connections, `${path}.connections`),
  };
}

/** Checks a `GET /workflows/:id` body. */
export function parseWorkflowDetail(body: unknown): WorkflowDetail {
  const obj = readObject(body, "body");
  return {
    id: readString(obj, "id", "body"),
    name: readString(obj, "name", "body"),
    status: readStatus(obj, "body"),
    draftVersionId: readNullableString(obj, "draftVersionId", "body"),
    activeVersionId: readNullableString(obj, "activeVersionId", "body"),
    definition: obj.definition === null || obj.definition === undefined ? null : parseDefinition(obj.definition, "body.definition"),
  };
}

/** The API's `{ code, message }` error body, when that is what came back. */
export function parseErrorBody(body: unknown): ApiErrorBody | null {
  if (!isObject(body)) return null;
  const { code, message } = body;
  return typeof code === "string" && typeof message === "string" ? { code, message } : null;
}
