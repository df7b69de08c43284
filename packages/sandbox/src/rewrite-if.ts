/**
 * n8n compiles `$if(condition, a, b)` in expressions to `(condition ? a : b)`, so only the chosen branch
 * runs (`$if($json.user, $json.user.name, 'anon')` must not fail on a missing user). This does the same
 * textually: calls are found outside strings and comments, and their top-level arguments split on commas.
 * Calls with other than three arguments are left alone (then `$if` is the plain helper function).
 */
export function rewriteIf(code: string): string {
  if (!code.includes("$if")) return code;
  let out = "";
  let i = 0;
  while (i < code.length) {
    const skipped = skipLiteral(code, i);
    if (skipped > i) {
      out += code.slice(i, skipped);
      i = skipped;
      continue;
    }
    if (code.startsWith("$if", i) && !isIdentifierChar(code[i - 1]) && !isIdentifierChar(code[i + 3]) && !isMemberAccess(code, i)) {
      let open = i + 3;
      while (open < code.length && /\s/.test(code[open] ?? "")) open++;
      if (code[open] === "(") {
        const call = splitArguments(code, open);
        if (call && call.args.length === 3) {
          const [condition, whenTrue, whenFalse] = call.args.map((arg) => rewriteIf(arg));
          out += `((${condition}) ? (${whenTrue}) : (${whenFalse}))`;
          i = call.end;
          continue;
        }
      }
    }
    out += code[i];
    i++;
  }
  return out;
}

/** True when the name at `i` follows a `.` (a property, not the global helper). */
function isMemberAccess(code: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && /\s/.test(code[j] ?? "")) j--;
  return code[j] === ".";
}

function isIdentifierChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\w$]/.test(ch);
}

/** The end of a string, template literal or comment starting at `i`, or `i` when there is none. */
function skipLiteral(code: string, i: number): number {
  const ch = code[i];
  if (ch === "'" || ch === '"' || ch === "`") {
    let j = i + 1;
    while (j < code.length && code[j] !== ch) j += code[j] === "\\" ? 2 : 1;
    return Math.min(j + 1, code.length);
  }
  if (ch === "/" && code[i + 1] === "/") {
    const end = code.indexOf("\n", i);
    return end === -1 ? code.length : end;
  }
  if (ch === "/" && code[i + 1] === "*") {
    const end = code.indexOf("*/", i + 2);
    return end === -1 ? code.length : end + 2;
  }
  return i;
}

/** Splits the arguments of the call whose `(` is at `open`; null when the parentheses do not close. */
function splitArguments(code: string, open: number): { args: string[]; end: number } | null {
  const args: string[] = [];
  let depth = 0;
  let start = open + 1;
  let i = open + 1;
  while (i < code.length) {
    const skipped = skipLiteral(code, i);
    if (skipped > i) {
      i = skipped;
      continue;
    }
    const ch = code[i];
    if (ch === "(" || ch === "[" || ch === "{") depth++;
    else if (ch === ")" || ch === "]" || ch === "}") {
      if (depth === 0) {
        if (ch !== ")") return null;
        args.push(code.slice(start, i));
        return { args: args.filter((arg, index) => index < args.length - 1 || arg.trim() !== ""), end: i + 1 };
      }
      depth--;
    } else if (ch === "," && depth === 0) {
      args.push(code.slice(start, i));
      start = i + 1;
    }
    i++;
  }
  return null;
}
