import type { AnyNodeType } from "@bos/node-sdk";
import { eventTriggerNode } from "./event-trigger";
import { publishEventNode } from "./publish-event";

/** Event bus nodes: Event Trigger (starts on a platform event) and Publish Event (puts items on the bus). */
export const eventNodes: AnyNodeType[] = [eventTriggerNode, publishEventNode];
