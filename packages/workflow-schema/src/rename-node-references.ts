const QUOTED_REFERENCE = /(\$\(\s*|\$node\[\s*|\$items\(\s*)(['"`])((?:\\.|(?!\2)[^\\])*)\2/g;
const DOT_REFERENCE = /\$node\.([A-Za-z_$][\w$]*)/g;

/**
 * Rewrites references to renamed nodes inside an expression or code string: `$('Name')`,
 * `$("Name")`, `` $(`Name`) ``, `$node["Name"]`, `$node.Name` and `$items("Name")`. All renames apply
 * in one pass, so swaps (A→B and B→A together) work. Names in other places are left alone.
 *
 * @example
 * renameNodeReferences("={{ $('Fetch').item.json.id }}", new Map([["Fetch", "Get order"]]));
 * // "={{ $('Get order').item.json.id }}"
 */
export function renameNodeReferences(text: string, renames: ReadonlyMap<string, string>): string {
  if (renames.size === 0 || !text.includes("$")) return text;
  return text
    .replace(QUOTED_REFERENCE, (whole, opener: string, quote: string, name: string) => {
      const renamed = renames.get(unescape(name));
      return renamed === undefined ? whole : `${opener}${quote}${escape(renamed, quote)}${quote}`;
    })
    .replace(DOT_REFERENCE, (whole, name: string) => {
      const renamed = renames.get(name);
      if (renamed === undefined) return whole;
      return /^[A-Za-z_$][\w$]*$/.test(renamed) ? `$node.${renamed}` : `$node[${JSON.stringify(renamed)}]`;
    });
}

function unescape(name: string): string {
  return name.replace(/\\(.)/g, "$1");
}

function escape(name: string, quote: string): string {
  return name.replace(/\\/g, "\\\\").split(quote).join(`\\${quote}`);
}

/**
 * Applies {@link renameNodeReferences} to every string in a JSON value (parameters), returning a copy.
 *
 * @example
 * renameReferencesDeep({ url: "={{ $('A').item.json.u }}" }, new Map([["A", "B"]]));
 */
export function renameReferencesDeep(value: unknown, renames: ReadonlyMap<string, string>): unknown {
  if (renames.size === 0) return value;
  if (typeof value === "string") return renameNodeReferences(value, renames);
  if (Array.isArray(value)) return value.map((v) => renameReferencesDeep(v, renames));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      Object.defineProperty(out, key, {
        value: renameReferencesDeep((value as Record<string, unknown>)[key], renames),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}
