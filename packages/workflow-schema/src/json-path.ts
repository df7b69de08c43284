/**
 * One step of a JSON path: an object key or an array index.
 *
 * @example
 * const path: JsonPathSegment[] = ["nodes", 3, "parameters"];
 */
export type JsonPathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Formats a JSON path the way a person reads it: keys joined by dots, indexes in brackets, and keys
 * that are not identifiers quoted in brackets. The empty path is the document itself: `""`.
 *
 * @example
 * formatJsonPath(["nodes", 3, "parameters", "rules", "values", 0]); // "nodes[3].parameters.rules.values[0]"
 * formatJsonPath(["connections", "My If", "main", 1]); // 'connections["My If"].main[1]'
 */
export function formatJsonPath(segments: readonly JsonPathSegment[]): string {
  let out = "";
  for (const segment of segments) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
