import type { ExecutionMode, Item } from "@bos/node-sdk";

/** n8n honours pinned data in manual and test runs only, never in production; dry runs honour it too. */
export function pinDataHonoured(mode: ExecutionMode): boolean {
  return mode === "manual" || mode === "test" || mode === "dry-run";
}

/**
 * Pinned items as n8n stores them: `{json: {...}}` items or, in older files, bare objects. Both
 * become items; nodes without pins are left out.
 */
export function normalizePinData(pinData: Record<string, unknown[] | null | undefined>): Record<string, Item[]> | undefined {
  const result: Record<string, Item[]> = {};
  let any = false;
  for (const [node, items] of Object.entries(pinData)) {
    if (!Array.isArray(items)) continue;
    result[node] = items.map((raw) => {
      const value = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>) : { value: raw };
      if (value.json !== null && typeof value.json === "object" && !Array.isArray(value.json)) return value as unknown as Item;
      return { json: value };
    });
    any = true;
  }
  return any ? result : undefined;
}
