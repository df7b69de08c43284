/**
 * n8n expression templates: a parameter is an expression iff it is a string starting with `=`; the rest
 * is text with `{{ code }}` chunks. The scanner tracks JS strings, template literals and braces so that
 * `}}` inside `'a}}b'` or `{{ {a:{b:1}} }}` does not end a chunk.
 */

export type TemplatePart = string | { code: string };

/** A parsed expression. `lone`: one chunk and no text, so the raw value (any type) is the result. */
export interface ParsedTemplate {
  lone: boolean;
  parts: TemplatePart[];
}

export function isExpression(value: unknown): value is string {
  return typeof value === "string" && value.charCodeAt(0) === 61; // "="
}

/** Parses the text after the leading `=`. An unterminated `{{` is kept as text, as n8n does. */
export function parseTemplate(expression: string): ParsedTemplate {
  const body = expression.slice(1);
  const parts: TemplatePart[] = [];
  let text = "";
  let pos = 0;
  while (pos < body.length) {
    const open = body.indexOf("{{", pos);
    if (open === -1) break;
    const close = findChunkEnd(body, open + 2);
    if (close === -1) break;
    text += body.slice(pos, open);
    if (text !== "") parts.push(text);
    text = "";
    parts.push({ code: body.slice(open + 2, close) });
    pos = close + 2;
  }
  text += body.slice(pos);
  if (text !== "") parts.push(text);
  const first = parts[0];
  return { lone: parts.length === 1 && typeof first === "object", parts };
}

/** Index of the `}}` that closes a chunk whose code starts at `start`, or -1. */
function findChunkEnd(body: string, start: number): number {
  let depth = 0;
  // Stack of open template literals: each entry is the brace depth at which its `${` was opened.
  const templateStack: number[] = [];
  let i = start;
  while (i < body.length) {
    const ch = body[i];
    if (ch === "'" || ch === '"') {
      i = skipQuoted(body, i, ch);
      continue;
    }
    if (ch === "`") {
      const next = skipTemplateLiteral(body, i + 1);
      if (next.interpolationAt === -1) {
        i = next.end;
        continue;
      }
      templateStack.push(depth);
      depth++;
      i = next.interpolationAt;
      continue;
    }
    if (ch === "{") {
      depth++;
    } else if (ch === "}") {
      if (depth === 0) {
        if (body[i + 1] === "}") return i;
      } else {
        depth--;
        if (templateStack.length > 0 && templateStack[templateStack.length - 1] === depth) {
          templateStack.pop();
          const next = skipTemplateLiteral(body, i + 1);
          if (next.interpolationAt !== -1) {
            templateStack.push(depth);
            depth++;
            i = next.interpolationAt;
            continue;
          }
          i = next.end;
          continue;
        }
      }
    }
    i++;
  }
  return -1;
}

function skipQuoted(body: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < body.length) {
    const ch = body[i];
    if (ch === "\\") i += 2;
    else if (ch === quote || ch === "\n") return i + 1;
    else i++;
  }
  return i;
}

/** Scans template-literal text from `start`: returns where it ends, or where a `${` opens (just after it). */
function skipTemplateLiteral(body: string, start: number): { end: number; interpolationAt: number } {
  let i = start;
  while (i < body.length) {
    const ch = body[i];
    if (ch === "\\") i += 2;
    else if (ch === "`") return { end: i + 1, interpolationAt: -1 };
    else if (ch === "$" && body[i + 1] === "{") return { end: -1, interpolationAt: i + 2 };
    else i++;
  }
  return { end: i, interpolationAt: -1 };
}

/** How n8n renders a chunk's value inside text: null/undefined as '', plain objects and arrays as JSON. */
export function renderChunkValue(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "object") {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (Array.isArray(value) || proto === Object.prototype || proto === null) return JSON.stringify(value);
  }
  return String(value);
}
