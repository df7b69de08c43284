import { CodeExecutionError, NodeOperationError, type ExecuteContext, type Item } from "@bos/node-sdk";
import { isDeepEqual } from "../shared/deep-equal";
import { getField, hasOwn } from "../shared/field-path";
import { lodashLessThan } from "../shared/lodash-compare";
import { runCodeForAllItems } from "../code/run-user-code";

export interface SortField {
  fieldName: string;
  order?: "ascending" | "descending";
}

/** The item as a sorted output: same data, linked to its place in the input. */
function linked(item: Item, index: number): Item {
  return { ...item, pairedItem: { item: index } };
}

/**
 * Sort's "simple" type: by one or more fields, each ascending or descending, comparing as n8n does
 * (strings case-insensitively, equal values by deep equality, order by lodash `lt`, so values of
 * mixed types fall where lodash puts them). Stable: equal items keep their input order.
 */
export function sortItemsByFields(items: readonly Item[], fields: readonly SortField[], disableDotNotation = false): Item[] {
  if (fields.length === 0) throw new NodeOperationError("No sorting specified. Please add a field to sort by");
  for (const { fieldName } of fields) {
    const found = items.some((item) => (disableDotNotation ? hasOwn(item.json, fieldName) : getField(item.json, fieldName) !== undefined));
    if (found) continue;
    throw new NodeOperationError(`Couldn't find the field '${fieldName}' in the input data`, {
      description:
        disableDotNotation && fieldName.includes(".")
          ? "If you're trying to use a nested field, make sure you turn off 'disable dot notation' in the node options"
          : "Check the field name against the input items",
    });
  }
  const directions = fields.map((field) => ({ name: field.fieldName, dir: field.order === "descending" ? -1 : 1 }));
  const valueOf = (item: Item, name: string) => {
    const value = getField(item.json, name, disableDotNotation);
    return typeof value === "string" ? value.toLowerCase() : value;
  };
  return items
    .map(linked)
    .sort((a, b) => {
      for (const { name, dir } of directions) {
        const left = valueOf(a, name);
        const right = valueOf(b, name);
        if (isDeepEqual(left, right)) continue;
        return lodashLessThan(left, right) ? -dir : dir;
      }
      return 0;
    });
}

/** Sort's "random" type: a uniform shuffle. */
export function shuffleItems(items: readonly Item[]): Item[] {
  const shuffled = items.map(linked);
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j] as Item, shuffled[i] as Item];
  }
  return shuffled;
}

/**
 * Sort's "code" type: the comparator body (using `a` and `b`, the items) runs in the sandbox, which
 * sorts the input positions and returns them; the items themselves never leave the host. `fieldName`
 * is declared because n8n's default comparator assigns it without declaring it.
 */
export async function sortItemsByCode(ctx: Pick<ExecuteContext, "runCode" | "continueOnFail" | "getInputItems">, items: readonly Item[], code: string): Promise<Item[]> {
  if (!/\breturn\b/.test(code)) {
    throw new NodeOperationError("Sort code doesn't return. Please add a 'return' statement to your code", {
      description: "The code compares two items a and b and must return a negative number, zero or a positive number",
    });
  }
  const wrapped = `var __items = $input.all(); var fieldName; return __items.map((_, i) => i).sort((__ia, __ib) => { const a = __items[__ia]; const b = __items[__ib]; ${code}\n});`;
  let order: unknown;
  const strict = { runCode: ctx.runCode.bind(ctx), getInputItems: ctx.getInputItems.bind(ctx), continueOnFail: () => false };
  await runCodeForAllItems(strict, wrapped, (value) => {
    order = value;
    return [];
  });
  if (!Array.isArray(order) || order.length !== items.length || !isPermutation(order, items.length)) {
    throw new CodeExecutionError("The sort code did not produce an ordering of the input items", {
      description: "Return a number from the comparator (negative: a first, positive: b first, 0: keep order)",
    });
  }
  return order.map((index: number) => linked(items[index] as Item, index));
}

function isPermutation(order: unknown[], length: number): order is number[] {
  const seen = new Set<number>();
  for (const entry of order) {
    if (typeof entry !== "number" || !Number.isInteger(entry) || entry < 0 || entry >= length || seen.has(entry)) return false;
    seen.add(entry);
  }
  return true;
}
