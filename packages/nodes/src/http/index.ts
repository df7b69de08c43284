import type { AnyNodeType } from "@bos/node-sdk";
import { httpRequestNode, httpRequestV3Node } from "./http-request";
import { httpRequestV1Node, httpRequestV2Node } from "./http-request-legacy";

/** HTTP Request (all versions: 1 and 2 legacy shapes, 3 and 4-4.5 current shapes). */
export const httpNodes: AnyNodeType[] = [httpRequestV1Node, httpRequestV2Node, httpRequestV3Node, httpRequestNode];

export { httpRequestNode, httpRequestV1Node, httpRequestV2Node, httpRequestV3Node };
