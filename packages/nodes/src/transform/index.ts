import type { AnyNodeType } from "@bos/node-sdk";
import { codeNode } from "./code/code";
import { functionNode } from "./code/function";
import { functionItemNode } from "./code/function-item";
import { setNode } from "./set/set";
import { setV1Node } from "./set/set-v1";
import { setV3FieldsNode } from "./set/set-v3-fields";

/** Data nodes: Set, Code, Aggregate, Split Out, Sort, Limit, Remove Duplicates, Summarize, Date & Time, Crypto. */
export const transformNodes: AnyNodeType[] = [
  setNode,
  setV3FieldsNode,
  setV1Node,
  codeNode,
  functionNode,
  functionItemNode,
];
