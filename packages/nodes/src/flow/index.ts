import type { AnyNodeType } from "@bos/node-sdk";
import { filterNode } from "./filter";
import { filterV1Node } from "./filter-v1";
import { ifNode } from "./if";
import { ifV1Node } from "./if-v1";
import { mergeNode } from "./merge/merge";
import { noOpNode } from "./no-op";
import { stopAndErrorNode } from "./stop-and-error";
import { switchNode } from "./switch";

/** Flow-control nodes: If, Switch, Filter, Merge, Loop Over Items, Wait, NoOp, Stop and Error, Execute Workflow. */
export const flowNodes: AnyNodeType[] = [ifV1Node, ifNode, switchNode, filterV1Node, filterNode, mergeNode, noOpNode, stopAndErrorNode];
