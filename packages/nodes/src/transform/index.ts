import type { AnyNodeType } from "@bos/node-sdk";
import { aggregateNode } from "./aggregate/aggregate";
import { codeNode } from "./code/code";
import { functionNode } from "./code/function";
import { functionItemNode } from "./code/function-item";
import { cryptoNode } from "./crypto/crypto";
import { dateTimeNode } from "./date-time/date-time";
import { dateTimeV1Node } from "./date-time/date-time-v1";
import { itemListsNode, itemListsV1Node } from "./item-lists/item-lists";
import { limitNode } from "./limit/limit";
import { removeDuplicatesNode } from "./remove-duplicates/remove-duplicates";
import { removeDuplicatesV1Node } from "./remove-duplicates/remove-duplicates-v1";
import { setNode } from "./set/set";
import { setV1Node } from "./set/set-v1";
import { setV3FieldsNode } from "./set/set-v3-fields";
import { sortNode } from "./sort/sort";
import { splitOutNode } from "./split-out/split-out";
import { summarizeNode } from "./summarize/summarize";

/**
 * Data nodes: Edit Fields (Set), Code (and legacy Function / Function Item), Aggregate, Split Out, Sort,
 * Limit, Remove Duplicates, Summarize, Date & Time, Crypto, and the legacy Item Lists.
 */
export const transformNodes: AnyNodeType[] = [
  setNode,
  setV3FieldsNode,
  setV1Node,
  codeNode,
  functionNode,
  functionItemNode,
  aggregateNode,
  splitOutNode,
  sortNode,
  limitNode,
  removeDuplicatesV1Node,
  removeDuplicatesNode,
  summarizeNode,
  dateTimeNode,
  dateTimeV1Node,
  cryptoNode,
  itemListsV1Node,
  itemListsNode,
];
