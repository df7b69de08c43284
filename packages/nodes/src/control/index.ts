import type { AnyNodeType } from "@bos/node-sdk";
import { conditionNode } from "./condition";
import { joinNode } from "./join";
import { loopNode } from "./loop";
import { parallelNode } from "./parallel";
import { tryCatchNode, tryEndNode } from "./try-catch";
import { waitNode } from "./wait";

/** The design's control-flow nodes (our `bos.` types): Condition, Parallel, Join, Loop, Wait, Try/Catch, Try End. */
export const controlNodes: AnyNodeType[] = [conditionNode, parallelNode, joinNode, loopNode, waitNode, tryCatchNode, tryEndNode];
