import type { AnyNodeType } from "@bos/node-sdk";
import { executeWorkflowNode } from "./execute-workflow";
import { filterNode } from "./filter";
import { filterV1Node } from "./filter-v1";
import { ifNode } from "./if";
import { ifV1Node } from "./if-v1";
import { loopOverItemsNode } from "./loop/loop-over-items";
import { splitInBatchesV1Node } from "./loop/split-in-batches-v1";
import { splitInBatchesV2Node } from "./loop/split-in-batches-v2";
import { mergeNode } from "./merge/merge";
import { mergeV1Node } from "./merge/merge-v1";
import { mergeV2Node } from "./merge/merge-v2";
import { noOpNode } from "./no-op";
import { stopAndErrorNode } from "./stop-and-error";
import { switchNode } from "./switch";
import { switchV1Node } from "./switch-v1";
import { switchV2Node } from "./switch-v2";
import { waitNode, waitV1Node } from "./wait";

/** Flow-control nodes: If, Switch, Filter, Merge, Loop Over Items, Wait, NoOp, Stop and Error, Execute Workflow. */
export const flowNodes: AnyNodeType[] = [ifV1Node, ifNode, switchV1Node, switchV2Node, switchNode, filterV1Node, filterNode, mergeV1Node, mergeV2Node, mergeNode, splitInBatchesV1Node, splitInBatchesV2Node, loopOverItemsNode, noOpNode, stopAndErrorNode, waitV1Node, waitNode, executeWorkflowNode];
