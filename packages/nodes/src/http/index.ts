import type { AnyNodeType } from "@bos/node-sdk";
import { httpRequestNode, httpRequestV3Node } from "./http-request";

/** HTTP Request (all versions). */
export const httpNodes: AnyNodeType[] = [httpRequestV3Node, httpRequestNode];

export { httpRequestNode, httpRequestV3Node };
