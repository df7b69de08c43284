import type { AnyNodeType } from "@bos/node-sdk";

/** HTTP Request (all versions). */
export const httpNodes: AnyNodeType[] = [];
