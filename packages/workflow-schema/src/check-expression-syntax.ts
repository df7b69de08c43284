/**
 * One syntax problem in an expression parameter; `offset` indexes the parameter string (with its `=`).
 *
 * @example
 * const [problem] = checkExpressionSyntax("={{ $json.a");  // problem.offset === 1
 */
export interface ExpressionSyntaxProblem {
  readonly message: string;
  readonly offset: number;
}

type Frame = "(" | "[" | "{" | "${";

const CLOSER_OF: Readonly<Record<string, Frame>> = { ")": "(", "]": "[" };
const REGEX_AFTER = new Set(["", "(", ",", "=", ":", "[", "!", "&", "|", "?", "{", "}", ";", "+", "-", "*", "%", "<", ">", "~", "^"]);
const TRAILING_OPERATORS = new Set(["+", "-", "*", "/", "%", "=", "<", ">", "&", "|", "^", ",", ".", "?", ":", "!", "~"]);

/**
 * Checks the syntax of an n8n expression parameter (a string starting with `=`, with `{{ ... }}`
 * chunks of JavaScript) without evaluating anything, so it runs in browsers under a strict CSP.
 * Returns the problems found; `[]` when the string is not an expression or looks well formed.
 *
 * What it catches: a `{{` with no closing `}}`; unbalanced or mismatched `()`, `[]`, `{}`; unterminated
 * string, template literal (including `${ }` nesting), regular-expression literal and block comment;
 * a chunk that ends with a binary operator or a dot (`{{ $json.a + }}`, `{{ $json. }}`).
 * What it does not catch: anything a real parser would need a grammar for, such as two operands in a
 * row (`{{ $json.a $json.b }}`), invalid assignments, reserved words used as names, or a regex/division
 * ambiguity after `)` (treated as division). A line comment ends at a newline or at a `}}` outside
 * brackets. Those surface when the expression runs.
 *
 * @example
 * checkExpressionSyntax("={{ $json.name }}"); // []
 * checkExpressionSyntax("={{ $json.items.map(i => i.id }}"); // [{ message: "Unexpected '}': '(' at 19 is still open", offset: 30 }]
 */
export function checkExpressionSyntax(value: string): ExpressionSyntaxProblem[] {
  if (!value.startsWith("=")) return [];
  let index = 1;
  while (index < value.length) {
    const open = value.indexOf("{{", index);
    if (open < 0) return [];
    const result = scanChunk(value, open + 2);
    if ("problem" in result) return [result.problem];
    index = result.end + 2;
  }
  return [];
}

/**
 * Scans JavaScript from `start` up to the `}}` that closes the chunk. Returns where that `}}` starts,
 * or the first problem.
 */
function scanChunk(src: string, start: number): { end: number } | { problem: ExpressionSyntaxProblem } {
  const stack: Array<{ frame: Frame; at: number }> = [];
  let previous = "";
  let i = start;
  const fail = (message: string, offset: number) => ({ problem: { message, offset } });
  // Template text (after an opening backtick or a `${ }`'s closing brace) runs to the closing backtick,
  // where scanning goes on as after an operand, or to the next `${`, which opens a frame. An
  // unterminated template is reported at `openedAt`.
  const continueTemplate = (from: number, openedAt: number) => {
    const after = scanTemplate(src, from);
    if (after.kind === "unterminated") return fail("Template literal is never closed: add the closing `", openedAt);
    if (after.kind === "interpolation") {
      stack.push({ frame: "${", at: after.index });
      i = after.index + 2;
      previous = "{";
    } else {
      i = after.index + 1;
      previous = "a";
    }
    return undefined;
  };
  while (i < src.length) {
    const ch = src[i] as string;
    const next = src[i + 1];
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    if (ch === "'" || ch === '"') {
      const end = scanString(src, i, ch);
      if (end < 0) return fail(`String starting at ${i} is never closed: add the closing ${ch}`, i);
      i = end + 1;
      previous = "a";
      continue;
    }
    if (ch === "`") {
      const problem = continueTemplate(i + 1, i);
      if (problem) return problem;
      continue;
    }
    if (ch === "/" && next === "/") {
      i = skipLineComment(src, i, stack.length === 0);
      continue;
    }
    if (ch === "/" && next === "*") {
      const end = src.indexOf("*/", i + 2);
      if (end < 0) return fail("Block comment is never closed: add */", i);
      i = end + 2;
      continue;
    }
    if (ch === "/" && REGEX_AFTER.has(previous)) {
      const end = scanRegex(src, i);
      if (end < 0) return fail("Regular expression is never closed: add the closing /", i);
      i = end + 1;
      while (i < src.length && /[a-z]/i.test(src[i] as string)) i += 1;
      previous = "a";
      continue;
    }
    if (ch === "(" || ch === "[" || ch === "{") {
      stack.push({ frame: ch, at: i });
      previous = ch;
      i += 1;
      continue;
    }
    if (ch === ")" || ch === "]") {
      const top = stack.pop();
      if (!top || top.frame !== CLOSER_OF[ch]) return fail(`Unexpected '${ch}'${top ? `: '${top.frame}' at ${top.at} is still open` : ""}`, i);
      previous = ")";
      i += 1;
      continue;
    }
    if (ch === "}") {
      if (stack.length === 0) {
        if (next === "}") {
          if (TRAILING_OPERATORS.has(previous) && !endsWithIncrement(src, i)) {
            return fail(`The expression ends with '${previous}': complete it or remove the operator`, i);
          }
          return { end: i };
        }
        return fail("Unexpected '}': no '{' is open", i);
      }
      const top = stack.pop() as { frame: Frame; at: number };
      if (top.frame === "${") {
        const problem = continueTemplate(i + 1, top.at);
        if (problem) return problem;
        continue;
      }
      if (top.frame !== "{") return fail(`Unexpected '}': '${top.frame}' at ${top.at} is still open`, i);
      previous = "}";
      i += 1;
      continue;
    }
    previous = /[A-Za-z0-9_$]/.test(ch) ? "a" : ch;
    if (previous === "a") {
      // A keyword such as `return` or `typeof` may be followed by a regex literal.
      const word = /^[A-Za-z0-9_$]+/.exec(src.slice(i))?.[0] ?? ch;
      previous = /^(return|typeof|in|of|instanceof|new|delete|void|case|do|else)$/.test(word) ? "(" : "a";
      i += word.length;
      continue;
    }
    i += 1;
  }
  const open = stack[stack.length - 1];
  if (open) {
    const what = open.frame === "${" ? "Template interpolation '${'" : `'${open.frame}'`;
    return fail(`${what} is never closed`, open.at);
  }
  return fail("Expression '{{' is never closed: add '}}'", start - 2);
}

function endsWithIncrement(src: string, closeAt: number): boolean {
  const before = src.slice(0, closeAt).trimEnd();
  return before.endsWith("++") || before.endsWith("--");
}

/** Index of the closing quote, or -1. A raw newline ends the string unterminated. */
function scanString(src: string, start: number, quote: string): number {
  for (let i = start + 1; i < src.length; i += 1) {
    const ch = src[i];
    if (ch === "\\") i += 1;
    else if (ch === quote) return i;
    else if (ch === "\n") return -1;
  }
  return -1;
}

/** From inside a template literal: where it ends (the backtick) or where the next `${` starts. */
function scanTemplate(
  src: string,
  start: number,
): { kind: "end"; index: number } | { kind: "interpolation"; index: number } | { kind: "unterminated" } {
  for (let i = start; i < src.length; i += 1) {
    const ch = src[i];
    if (ch === "\\") i += 1;
    else if (ch === "`") return { kind: "end", index: i };
    else if (ch === "$" && src[i + 1] === "{") return { kind: "interpolation", index: i };
  }
  return { kind: "unterminated" };
}

/** Index of the closing `/` of a regex literal, or -1. */
function scanRegex(src: string, start: number): number {
  let inClass = false;
  for (let i = start + 1; i < src.length; i += 1) {
    const ch = src[i];
    if (ch === "\\") i += 1;
    else if (ch === "\n") return -1;
    else if (ch === "[") inClass = true;
    else if (ch === "]") inClass = false;
    else if (ch === "/" && !inClass) return i;
  }
  return -1;
}

function skipLineComment(src: string, start: number, outsideBrackets: boolean): number {
  for (let i = start + 2; i < src.length; i += 1) {
    if (src[i] === "\n") return i + 1;
    if (outsideBrackets && src[i] === "}" && src[i + 1] === "}") return i;
  }
  return src.length;
}
