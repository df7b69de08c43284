import type { AnyNodeType } from "@bos/node-sdk";

/** Flow-control nodes: If, Switch, Filter, Merge, Loop Over Items, Wait, NoOp, Stop and Error, Execute Workflow. */
export const flowNodes: AnyNodeType[] = [];
