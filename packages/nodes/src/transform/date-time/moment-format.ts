/**
 * Date & Time 1 stored moment.js format strings (`YYYY-MM-DD`, `Do MMMM`, `[at] HH:mm`). Luxon, which
 * this engine uses, spells its tokens differently; this translates a moment format into an equivalent
 * Luxon format, token by token. Literal text (moment's `[...]`, Luxon's `'...'`) is carried over.
 */

/** moment token -> Luxon token, longest tokens first. `Do` is handled separately (Luxon has no ordinals). */
const TOKENS: ReadonlyArray<readonly [string, string]> = [
  ["YYYY", "yyyy"],
  ["YY", "yy"],
  ["Y", "y"],
  ["MMMM", "MMMM"],
  ["MMM", "MMM"],
  ["MM", "MM"],
  ["M", "M"],
  ["DDDD", "ooo"],
  ["DDD", "o"],
  ["DD", "dd"],
  ["D", "d"],
  ["dddd", "cccc"],
  ["ddd", "ccc"],
  ["E", "E"],
  ["HH", "HH"],
  ["H", "H"],
  ["hh", "hh"],
  ["h", "h"],
  ["kk", "HH"],
  ["k", "H"],
  ["mm", "mm"],
  ["m", "m"],
  ["ss", "ss"],
  ["s", "s"],
  ["SSS", "SSS"],
  ["SS", "SS"],
  ["S", "S"],
  ["A", "a"],
  ["a", "a"],
  ["X", "X"],
  ["x", "x"],
  ["ZZ", "ZZZ"],
  ["Z", "ZZ"],
  ["Q", "q"],
  ["WW", "WW"],
  ["W", "W"],
  ["GGGG", "kkkk"],
  ["gggg", "kkkk"],
];

export type LuxonFormatPart = { kind: "format"; format: string } | { kind: "ordinalDay" };

/** Literal text for Luxon: letters would be read as tokens, so text with letters is quoted. */
function quoteLiteral(text: string): string {
  if (text === "") return "";
  if (!/[A-Za-z]/.test(text)) return text.replace(/'/g, "''");
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * Splits a moment format into Luxon format pieces; `Do` (day of month with an English ordinal suffix)
 * becomes its own piece because Luxon cannot express it.
 */
export function momentToLuxonParts(momentFormat: string): LuxonFormatPart[] {
  const parts: LuxonFormatPart[] = [];
  let current = "";
  let literal = "";
  const flushLiteral = () => {
    current += quoteLiteral(literal);
    literal = "";
  };
  let i = 0;
  while (i < momentFormat.length) {
    const rest = momentFormat.slice(i);
    if (rest.startsWith("[")) {
      const close = momentFormat.indexOf("]", i + 1);
      if (close !== -1) {
        literal += momentFormat.slice(i + 1, close);
        i = close + 1;
        continue;
      }
    }
    if (rest.startsWith("Do")) {
      flushLiteral();
      if (current) parts.push({ kind: "format", format: current });
      parts.push({ kind: "ordinalDay" });
      current = "";
      i += 2;
      continue;
    }
    const token = TOKENS.find(([moment]) => rest.startsWith(moment));
    if (token) {
      flushLiteral();
      current += token[1];
      i += token[0].length;
      continue;
    }
    literal += momentFormat[i];
    i += 1;
  }
  flushLiteral();
  if (current) parts.push({ kind: "format", format: current });
  return parts;
}

/** A moment format as one Luxon format (for parsing; `Do` reads as a plain day number plus suffix text is not supported). */
export function momentToLuxon(momentFormat: string): string {
  return momentToLuxonParts(momentFormat)
    .map((part) => (part.kind === "format" ? part.format : "d"))
    .join("");
}

/** English ordinal of a day of the month: 1st, 2nd, 3rd, 4th, 11th, 22nd. */
export function ordinal(day: number): string {
  const tens = day % 100;
  if (tens >= 11 && tens <= 13) return `${day}th`;
  switch (day % 10) {
    case 1:
      return `${day}st`;
    case 2:
      return `${day}nd`;
    case 3:
      return `${day}rd`;
    default:
      return `${day}th`;
  }
}
