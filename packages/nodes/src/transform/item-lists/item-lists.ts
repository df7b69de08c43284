import { defineNode, NodeOperationError, type ExecuteContext, type NodeResult } from "@bos/node-sdk";
import type { NodeDescription } from "@bos/workflow-schema";
import { aggregateAllItemData, aggregateIndividualFields, type FieldToAggregate } from "../aggregate/aggregate-items";
import { limitItems } from "../limit/limit";
import { removeDuplicateItems, type CompareMode } from "../remove-duplicates/remove-duplicate-items";
import { parseFieldList } from "../shared/field-path";
import { shuffleItems, sortItemsByCode, sortItemsByFields, type SortField } from "../sort/sort-items";
import { splitOutFieldList, splitOutItem, type SplitOutInclude } from "../split-out/split-out-items";
import { summarizeItems, type FieldToSummarize, type SummarizeOptions } from "../summarize/summarize-items";
import { itemListsParameters } from "./item-lists-parameters";

interface ItemListsOptions extends SummarizeOptions {
  disableDotNotation?: boolean;
  destinationFieldName?: string;
  includeBinary?: boolean;
  mergeLists?: boolean;
  includeBinaries?: boolean;
  keepOnlyUnique?: boolean;
  keepMissing?: boolean;
  removeOtherFields?: boolean;
}

/**
 * Item Lists (legacy): each operation runs the same implementation as its standalone node
 * (Aggregate, Limit, Remove Duplicates, Sort, Split Out, Summarize in its version 1 behaviour).
 */
async function runItemLists<P extends object>(ctx: ExecuteContext<P>, aggregateOperation: string): Promise<NodeResult> {
  const items = ctx.getInputItems();
  const param = (name: string, itemIndex = 0): unknown => ctx.getNodeParameter(name, itemIndex);
  const operation = String(param("operation"));
  const options = (param("options") ?? {}) as ItemListsOptions;
  switch (operation) {
    case aggregateOperation: {
      if (param("aggregate") === "aggregateAllItemData") {
        const include = param("include");
        return [
          [
            aggregateAllItemData(items, {
              destinationFieldName: String(param("destinationFieldName")),
              fieldsToInclude: include === "specifiedFields" ? parseFieldList(param("fieldsToInclude")) : [],
              fieldsToExclude: include === "allFieldsExcept" ? parseFieldList(param("fieldsToExclude")) : [],
              includeBinaries: options.includeBinaries,
              keepOnlyUnique: options.keepOnlyUnique,
            }),
          ],
        ];
      }
      const fields = ((param("fieldsToAggregate") as { fieldToAggregate?: FieldToAggregate[] }).fieldToAggregate ?? []) as FieldToAggregate[];
      return [[aggregateIndividualFields(items, { fields, ...options }, ctx.logger)]];
    }
    case "limit":
      return [limitItems(items, Number(param("maxItems")), param("keep") === "lastItems" ? "lastItems" : "firstItems")];
    case "removeDuplicates": {
      const compare = param("compare") as CompareMode;
      return [
        removeDuplicateItems(items, {
          compare,
          fieldsToExclude: compare === "allFieldsExcept" ? parseFieldList(param("fieldsToExclude")) : [],
          fieldsToCompare: compare === "selectedFields" ? parseFieldList(param("fieldsToCompare")) : [],
          disableDotNotation: options.disableDotNotation,
          removeOtherFields: options.removeOtherFields,
          version: ctx.node.typeVersion,
        }),
      ];
    }
    case "sort": {
      const type = param("type");
      if (type === "random") return [shuffleItems(items)];
      if (type === "code") return [await sortItemsByCode(ctx, items, String(param("code")))];
      const fields = ((param("sortFieldsUi") as { sortField?: SortField[] }).sortField ?? []) as SortField[];
      return [sortItemsByFields(items, fields, options.disableDotNotation === true)];
    }
    case "splitOutItems":
      return [
        items.flatMap((item, itemIndex) => {
          const itemOptions = (param("options", itemIndex) ?? {}) as ItemListsOptions;
          const include = param("include", itemIndex) as SplitOutInclude;
          return splitOutItem(item, itemIndex, {
            fieldsToSplitOut: splitOutFieldList(param("fieldToSplitOut", itemIndex)),
            include,
            fieldsToInclude: include === "selectedOtherFields" ? parseFieldList(param("fieldsToInclude", itemIndex)) : [],
            destinationFields: parseFieldList(itemOptions.destinationFieldName),
            disableDotNotation: itemOptions.disableDotNotation,
            includeBinary: itemOptions.includeBinary,
          });
        }),
      ];
    case "summarize":
      return [
        summarizeItems(
          items,
          {
            fieldsToSummarize: ((param("fieldsToSummarize") as { values?: FieldToSummarize[] }).values ?? []) as FieldToSummarize[],
            fieldsToSplitBy: parseFieldList(param("fieldsToSplitBy")),
            options,
            version: 1,
          },
          ctx.logger,
        ),
      ];
    default:
      throw new NodeOperationError(`The Item Lists operation '${operation}' is not supported`, {
        description: `Use one of: ${aggregateOperation}, limit, removeDuplicates, sort, splitOutItems, summarize`,
      });
  }
}

const baseDescription = {
  type: "n8n-nodes-base.itemLists",
  displayName: "Item Lists",
  group: ["input"],
  description: "Helper for working with lists of items and transforming arrays",
  defaults: { name: "Item Lists" },
  inputs: 1,
  outputs: 1,
  hidden: true,
  sideEffects: "none",
} as const satisfies Omit<NodeDescription, "versions" | "parameters">;

/** Item Lists 1 to 2.2: `aggregateItems`, field lists as `{fields: [{fieldName}]}`. */
export const itemListsV1Node = defineNode({
  description: { ...baseDescription, versions: [1, 2, 2.1, 2.2], parameters: itemListsParameters({ aggregateOperation: "aggregateItems", fieldLists: "fixedCollection" }) },
  execute: (ctx) => runItemLists(ctx, "aggregateItems"),
});

/** Item Lists 3 and 3.1: `concatenateItems`, field lists as comma-separated text. */
export const itemListsNode = defineNode({
  description: { ...baseDescription, versions: [3, 3.1], parameters: itemListsParameters({ aggregateOperation: "concatenateItems", fieldLists: "string" }) },
  execute: (ctx) => runItemLists(ctx, "concatenateItems"),
});
