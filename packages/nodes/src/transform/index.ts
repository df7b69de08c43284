import type { AnyNodeType } from "@bos/node-sdk";

/** Data nodes: Set, Code, Aggregate, Split Out, Sort, Limit, Remove Duplicates, Summarize, Date & Time, Crypto. */
export const transformNodes: AnyNodeType[] = [];
