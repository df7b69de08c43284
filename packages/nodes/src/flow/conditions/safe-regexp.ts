import { setFlagsFromString } from "node:v8";
import { NodeOperationError } from "@bos/node-sdk";

let armed = false;

/**
 * Condition operators (If, Filter, Switch: "matches regex") run a user's pattern in the host process,
 * where a catastrophic pattern such as `(a+)+$` could hold the event loop for minutes and stall every
 * execution of the process. V8 can switch a regular expression to its linear-time engine once it has
 * backtracked too much: this turns that on, process-wide, before the first user pattern is compiled.
 * Results are unchanged (same semantics, bounded time). Patterns the linear engine cannot run
 * (backreferences, lookaround) stay on the backtracking engine: those with a quantified group that
 * itself holds a quantifier (the shape of exponential backtracking, `(a+)+\1`) are refused, the others
 * are limited to subjects of MAX_BACKTRACKING_SUBJECT characters.
 */
function armLinearFallback(): void {
  if (armed) return;
  armed = true;
  setFlagsFromString("--enable-experimental-regexp-engine-on-excessive-backtracks");
}

/** Backreferences (`\1`, `\k<name>`) and lookaround (`(?=`, `(?!`, `(?<=`, `(?<!`) need the backtracking engine. */
const NEEDS_BACKTRACKING_RE = /\\[1-9]|\\k<|\(\?<?[=!]/;

/** Longest text a pattern that needs the backtracking engine is run against. */
export const MAX_BACKTRACKING_SUBJECT = 10_000;

/** `/pattern/flags` literals keep their flags; bare text is the pattern. ignoreCase adds `i`. */
export function toRegExp(pattern: string, ignoreCase: boolean): RegExp {
  armLinearFallback();
  const literal = /^\/(.*?)\/([gimusy]*)$/.exec(pattern);
  try {
    if (!literal) return new RegExp(pattern, ignoreCase ? "i" : "");
    const flags = literal[2] ?? "";
    return new RegExp(literal[1] ?? "", ignoreCase && !flags.includes("i") ? `${flags}i` : flags);
  } catch (error) {
    throw new NodeOperationError(`The regular expression ${JSON.stringify(pattern)} is not valid: ${error instanceof Error ? error.message : String(error)}`, {
      description: "Write a JavaScript regular expression, as a bare pattern (a+b) or a literal with flags (/a+b/i).",
    });
  }
}

/**
 * Whether a pattern has a quantifier applied to a group that contains a quantifier (`(a+)+`, `(a|b*)*`,
 * `(?:x{2,})+`): nested quantifiers are what makes backtracking exponential. Escapes and character
 * classes are skipped.
 */
export function hasNestedQuantifier(source: string): boolean {
  // One entry per open group: whether a quantifier occurs inside it.
  const groups: boolean[] = [];
  // Whether the group that just closed (the atom a quantifier would apply to) holds a quantifier.
  let closedGroupHolds: boolean | null = null;
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    const atomAfterGroup = closedGroupHolds;
    closedGroupHolds = null;
    if (c === "\\") {
      i++;
    } else if (c === "[") {
      for (i++; i < source.length && source[i] !== "]"; i++) if (source[i] === "\\") i++;
    } else if (c === "(") {
      groups.push(false);
    } else if (c === ")") {
      const holds = groups.pop() ?? false;
      if (holds && groups.length > 0) groups[groups.length - 1] = true;
      closedGroupHolds = holds;
    } else if (c === "*" || c === "+" || (c === "?" && source[i - 1] !== "(") || (c === "{" && /^\{\d+(,\d*)?\}/.test(source.slice(i)))) {
      // An optional group (?) runs at most once: only repeating quantifiers nest.
      if (atomAfterGroup === true && c !== "?") return true;
      if (groups.length > 0) groups[groups.length - 1] = true;
    }
  }
  return false;
}

/** A pattern checked once: its regex, and whether it needs the backtracking engine. */
interface CheckedPattern {
  regex: RegExp;
  backtrackingOnly: boolean;
}

/** Checked patterns by flag and text: a condition tests the same pattern against every item. */
const checked = new Map<string, CheckedPattern>();
const MAX_CHECKED = 500;

function checkPattern(pattern: string, ignoreCase: boolean): CheckedPattern {
  const key = `${ignoreCase ? "i" : "-"}${pattern}`;
  let entry = checked.get(key);
  if (entry) return entry;
  const regex = toRegExp(pattern, ignoreCase);
  const backtrackingOnly = NEEDS_BACKTRACKING_RE.test(regex.source);
  if (backtrackingOnly && hasNestedQuantifier(regex.source)) {
    throw new NodeOperationError(
      `The regular expression ${JSON.stringify(pattern)} nests quantifiers and uses backreferences or lookaround: it could take exponential time, so it is not run`,
      { description: "Remove the backreference or lookaround (then any pattern runs in bounded time), or the quantifier around the group, e.g. (a+)+ -> a+." },
    );
  }
  entry = { regex, backtrackingOnly };
  if (checked.size >= MAX_CHECKED) checked.delete(checked.keys().next().value as string);
  checked.set(key, entry);
  return entry;
}

/** Whether `subject` matches `pattern` (see toRegExp), in time bounded by the linear-engine fallback. */
export function matchesPattern(subject: string, pattern: string, ignoreCase: boolean): boolean {
  const { regex, backtrackingOnly } = checkPattern(pattern, ignoreCase);
  if (backtrackingOnly && subject.length > MAX_BACKTRACKING_SUBJECT) {
    throw new NodeOperationError(
      `The regular expression ${JSON.stringify(pattern)} uses backreferences or lookaround, which are only run against texts of up to ${MAX_BACKTRACKING_SUBJECT} characters (this one has ${subject.length})`,
      { description: "Remove the backreference or lookaround from the pattern, or match a shorter text (for example a slice of it)." },
    );
  }
  // A shared regex with the g or y flag keeps lastIndex between tests: every test starts at 0, as a fresh one would.
  regex.lastIndex = 0;
  return regex.test(subject);
}
