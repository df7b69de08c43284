/**
 * Which other nodes' data a piece of expression or Code text can reach, found by scanning the text.
 * Only those node runs are copied into the isolate (lazily, once per execution). A reference whose
 * node name is not a literal (`$(name)`, `$node[key]`, `$item(0).$node`) makes the text `dynamic`:
 * then every executed node's data is shipped.
 */

export interface References {
  /** Node names referenced with a literal name. */
  nodes: Set<string>;
  /** True when some reference is computed at run time. */
  dynamic: boolean;
  /** True when paired-item lookups (`.item`, `.itemMatching()`, `.pairedItem()`) may be used. */
  paired: boolean;
  /**
   * True when a run index may be passed (`.all(0, 2)`, `$items('X', 0, 1)`): then every run of the
   * referenced nodes is shipped, otherwise only their last run and the runs paired items point at.
   */
  runIndexes: boolean;
}

const QUOTED = String.raw`(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|\x60((?:[^\x60\\$]|\\.)*)\x60)`;
const LITERAL_CALL = new RegExp(String.raw`\$\(\s*` + QUOTED + String.raw`\s*\)`, "g");
const LITERAL_NODE_INDEX = new RegExp(String.raw`\$node\s*\[\s*` + QUOTED + String.raw`\s*\]`, "g");
const LITERAL_NODE_DOT = /\$node\s*\.\s*([A-Za-z_$][\w$]*)/g;
const LITERAL_ITEMS = new RegExp(String.raw`\$items\s*\(\s*` + QUOTED, "g");
const ANY_CALL = /\$\s*\(/g;
const ANY_NODE = /\$node\b/g;
const ANY_ITEMS = /\$items\s*\(\s*[^\s)]/g;
const DYNAMIC_MARKERS = /\$item\s*\(|\$\s*\[/;
const RUN_INDEX_RE = /\b(?:all|first|last)\s*\(\s*[^\s),][^),]*,|\$items\s*\([^)]*,[^)]*,|\$item\s*\([^)]*,/;
const PAIRED_RE = /\.\s*(?:item\b|itemMatching\b|pairedItem\b)|\[\s*['"](?:item|itemMatching|pairedItem)['"]\s*\]/;

function unescape(text: string): string {
  return text.replace(/\\(.)/g, "$1");
}

function count(re: RegExp, text: string): number {
  re.lastIndex = 0;
  return [...text.matchAll(re)].length;
}

export function scanReferences(texts: readonly string[]): References {
  const nodes = new Set<string>();
  let dynamic = false;
  let paired = false;
  let runIndexes = false;
  for (const text of texts) {
    if (!text.includes("$")) continue;
    let literalCalls = 0;
    for (const m of text.matchAll(LITERAL_CALL)) {
      nodes.add(unescape(m[1] ?? m[2] ?? m[3] ?? ""));
      literalCalls++;
    }
    let literalNodes = 0;
    for (const m of text.matchAll(LITERAL_NODE_INDEX)) {
      nodes.add(unescape(m[1] ?? m[2] ?? m[3] ?? ""));
      literalNodes++;
    }
    for (const m of text.matchAll(LITERAL_NODE_DOT)) {
      nodes.add(m[1] ?? "");
      literalNodes++;
    }
    let literalItems = 0;
    for (const m of text.matchAll(LITERAL_ITEMS)) {
      nodes.add(unescape(m[1] ?? m[2] ?? m[3] ?? ""));
      literalItems++;
    }
    if (count(ANY_CALL, text) > literalCalls) dynamic = true;
    if (count(ANY_NODE, text) > literalNodes) dynamic = true;
    if (count(ANY_ITEMS, text) > literalItems) dynamic = true;
    if (DYNAMIC_MARKERS.test(text)) dynamic = true;
    if (PAIRED_RE.test(text)) paired = true;
    if (RUN_INDEX_RE.test(text)) runIndexes = true;
  }
  return { nodes, dynamic, paired, runIndexes };
}
