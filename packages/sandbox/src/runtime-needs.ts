import type { RuntimeModule } from "./boot-source";

/**
 * Which optional modules of the sandbox runtime (Luxon, jmespath) a piece of expression or Code text can
 * reach. They are not booted into every context (Luxon was most of a context's boot cost); a call loads
 * them first only when its text can use them. The scan is conservative: any mention of a date variable,
 * a Luxon class or a date-only extension method name counts, even inside a string or a comment. What it
 * cannot see (a computed name such as `globalThis['Date' + 'Time']`) still works: the runtime marks the
 * call, and the call is repeated with the module loaded.
 */
const LUXON_RE =
  /\$now|\$today|DateTime|Duration|Interval|luxon|\b(?:toDateTime|format|beginningOf|endOfMonth|extract|isBetween|isInLast|isWeekend|isDst|diffTo|diffToNow|plus|minus)\b/;

const JMESPATH_RE = /\$jmes[pP]ath/;

const MAX_CACHED = 10_000;
const NONE: readonly RuntimeModule[] = [];
const cache = new Map<string, readonly RuntimeModule[]>();

/** The modules a text can reach (`$now`, `DateTime`, `.toDateTime()`, `.format()`: luxon; `$jmespath`). Cached per text. */
export function modulesOf(text: string): readonly RuntimeModule[] {
  let needs = cache.get(text);
  if (needs === undefined) {
    const found: RuntimeModule[] = [];
    if (LUXON_RE.test(text)) found.push("luxon");
    if (JMESPATH_RE.test(text)) found.push("jmespath");
    needs = found.length === 0 ? NONE : found;
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(text, needs);
  }
  return needs;
}

/** Texts that evaluate the node's own parameters (`$parameter.x`, `$item(0).$parameter`). */
export function readsParameters(text: string): boolean {
  return text.includes("$parameter") || text.includes("$item");
}
