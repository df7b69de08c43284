/** n8n's "Array Format in Query Parameters". */
export type QueryArrayFormat = "brackets" | "indices" | "repeat";

/**
 * Flattens a query object the way n8n (the `qs` library) writes it: arrays by the chosen format,
 * nested objects as `key[sub]`, null as an empty value, undefined left out.
 *
 * @example
 * formatQuery({ tag: ["a", "b"], f: { x: 1 } }, "brackets"); // { "tag[]": ["a", "b"], "f[x]": "1" }
 */
export function formatQuery(query: Readonly<Record<string, unknown>>, arrayFormat: QueryArrayFormat): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const add = (key: string, value: string) => {
    const existing = out[key];
    if (existing === undefined) out[key] = value;
    else out[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  };
  const walk = (key: string, value: unknown): void => {
    if (value === undefined) return;
    if (value === null) return add(key, "");
    if (Array.isArray(value)) {
      value.forEach((element, index) => {
        const elementKey = arrayFormat === "repeat" ? key : arrayFormat === "brackets" ? `${key}[]` : `${key}[${index}]`;
        if (element !== null && typeof element === "object") walk(`${key}[${index}]`, element);
        else walk(elementKey, element);
      });
      return;
    }
    if (typeof value === "object") {
      for (const [sub, subValue] of Object.entries(value)) walk(`${key}[${sub}]`, subValue);
      return;
    }
    add(key, String(value));
  };
  for (const [key, value] of Object.entries(query)) walk(key, value);
  return out;
}
