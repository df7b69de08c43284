import type { AnyNodeType } from "@bos/node-sdk";

/** Trigger nodes (filled by the nodes-flow work). */
export const triggerNodes: AnyNodeType[] = [];
