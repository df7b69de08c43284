/**
 * JSON with object keys sorted (by UTF-16 code units, the same in every JavaScript engine) and no
 * whitespace, so that two documents that differ only in key order or formatting give the same text.
 * Arrays keep their order. `undefined` properties are dropped, as JSON.stringify does; own keys only.
 *
 * @example
 * canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }); // '{"a":[2,{"c":4,"d":3}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  const record = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const v = record[key];
    if (v === undefined || typeof v === "function" || typeof v === "symbol") continue;
    parts.push(`${JSON.stringify(key)}:${canonicalJson(v)}`);
  }
  return `{${parts.join(",")}}`;
}

/**
 * Whether two JSON values are equal ignoring key order.
 *
 * @example
 * jsonEqual({ a: 1, b: 2 }, { b: 2, a: 1 }); // true
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}
