/**
 * One line of a line diff.
 *
 * @example
 * const op: LineDiffOp = { kind: "add", line: "return items;" };
 */
export interface LineDiffOp {
  readonly kind: "equal" | "add" | "remove";
  readonly line: string;
}

/** Past this many differing lines the diff gives up on alignment and replaces the whole text. */
const MAX_EDIT_DISTANCE = 4000;

/**
 * A line diff of two texts (Myers' O(ND) algorithm): the shortest list of kept, removed and added
 * lines that turns `before` into `after`. Line endings
 * (`\n`, `\r\n`) are not part of the lines. Very different texts (more than 4,000 differing lines) come
 * back as "remove everything, add everything" to bound time and memory.
 *
 * @example
 * diffLines("a\nb\nc", "a\nc\nd");
 * // [{kind:"equal",line:"a"}, {kind:"remove",line:"b"}, {kind:"equal",line:"c"}, {kind:"add",line:"d"}]
 */
export function diffLines(before: string, after: string): LineDiffOp[] {
  const a = splitLines(before);
  const b = splitLines(after);
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDIT_DISTANCE);
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d += 1) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number));
      let x = down ? (v[offset + k + 1] as number) : (v[offset + k - 1] as number) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x += 1;
        y += 1;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, a, b, d, offset);
    }
    v = next;
  }
  return [...a.map((line) => ({ kind: "remove" as const, line })), ...b.map((line) => ({ kind: "add" as const, line }))];
}

function backtrack(trace: Int32Array[], a: string[], b: string[], depth: number, offset: number): LineDiffOp[] {
  const ops: LineDiffOp[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = depth; d > 0; d -= 1) {
    const v = trace[d] as Int32Array;
    const k = x - y;
    const down = k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number));
    const prevK = down ? k + 1 : k - 1;
    const prevX = v[offset + prevK] as number;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: "equal", line: a[x - 1] as string });
      x -= 1;
      y -= 1;
    }
    if (down) ops.push({ kind: "add", line: b[y - 1] as string });
    else ops.push({ kind: "remove", line: a[x - 1] as string });
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    ops.push({ kind: "equal", line: a[x - 1] as string });
    x -= 1;
    y -= 1;
  }
  return ops.reverse();
}

function splitLines(text: string): string[] {
  return text === "" ? [] : text.split(/\r?\n/);
}

/**
 * Formats a line diff as unified-style hunks: changed lines with `-`/`+`, `context` unchanged lines
 * around each change, and `…` between hunks. Returns "" when nothing changed.
 *
 * @example
 * formatLineDiff(diffLines("a\nb", "a\nc")); // "  a\n- b\n+ c"
 */
export function formatLineDiff(ops: readonly LineDiffOp[], context = 2): string {
  const keep = new Array<boolean>(ops.length).fill(false);
  ops.forEach((op, i) => {
    if (op.kind === "equal") return;
    for (let j = Math.max(0, i - context); j <= Math.min(ops.length - 1, i + context); j += 1) keep[j] = true;
  });
  const lines: string[] = [];
  let skipped = false;
  ops.forEach((op, i) => {
    if (!keep[i]) {
      skipped = true;
      return;
    }
    if (skipped && lines.length > 0) lines.push("  …");
    skipped = false;
    lines.push(`${op.kind === "add" ? "+" : op.kind === "remove" ? "-" : " "} ${op.line}`);
  });
  return lines.join("\n");
}
