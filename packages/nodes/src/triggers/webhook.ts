import { defineNode, NodeOperationError, type Item } from "@bos/node-sdk";
import { HTTP_METHODS, webhookParameters } from "./webhook-parameters";
import { triggerItems } from "./trigger-input";

function methodsOf(parameters: Readonly<Record<string, unknown>>): string[] {
  const methods = parameters.httpMethod;
  if (Array.isArray(methods)) return methods.map(String);
  return ["GET", "POST"];
}

/** One output, or one per listened method when `multipleMethods` is on. */
export function webhookOutputCount(parameters: Readonly<Record<string, unknown>>): number {
  return parameters.multipleMethods === true ? Math.max(1, methodsOf(parameters).length) : 1;
}

/** Output names: the methods, in the order listed, when `multipleMethods` is on. */
export function webhookOutputNames(parameters: Readonly<Record<string, unknown>>): string[] {
  return parameters.multipleMethods === true ? methodsOf(parameters) : [];
}

/**
 * Webhook (`n8n-nodes-base.webhook` v1, 1.1, 2, 2.1). The trigger gateway serves the URL and starts
 * the execution with the request as the trigger input: one item
 * `{json: {headers, params, query, body, webhookUrl, executionMode}, binary?}`, which this node emits.
 * With `multipleMethods`, the gateway adds `json.method` (the request's HTTP method): the node
 * routes the item to that method's output and removes the key, so the item matches n8n's.
 */
export const webhookNode = defineNode({
  description: {
    type: "n8n-nodes-base.webhook",
    versions: [1, 1.1, 2, 2.1],
    displayName: "Webhook",
    group: ["trigger"],
    description: "Starts the workflow when a webhook is called",
    defaults: { name: "Webhook", color: "#885577" },
    inputs: 0,
    outputs: webhookOutputCount,
    outputNames: webhookOutputNames,
    trigger: "webhook",
    sideEffects: "none",
    credentials: [
      { name: "httpBasicAuth", required: true, displayOptions: { show: { authentication: ["basicAuth"] } } },
      { name: "httpHeaderAuth", required: true, displayOptions: { show: { authentication: ["headerAuth"] } } },
      { name: "jwtAuth", required: true, displayOptions: { show: { authentication: ["jwtAuth"] } } },
      { name: "webhookHmac", required: true, displayOptions: { show: { authentication: ["hmacAuth"] } } },
    ],
    parameters: webhookParameters,
  },
  async execute(ctx) {
    const items = triggerItems(ctx);
    if (ctx.getNodeParameter("multipleMethods", 0) !== true) return [items];
    const methods = methodsOf(ctx.node.parameters);
    const outputs: Item[][] = methods.map(() => []);
    for (const item of items) {
      const { method, ...json } = item.json;
      const index = methods.indexOf(String(method ?? "").toUpperCase());
      if (index === -1) {
        throw new NodeOperationError(`The webhook received a ${String(method ?? "request without a method")}, but listens only to ${methods.join(", ")}`, {
          description: `The trigger input must carry json.method, one of ${HTTP_METHODS.join(", ")}, when 'Allow Multiple HTTP Methods' is on.`,
        });
      }
      outputs[index]?.push({ ...item, json });
    }
    return outputs;
  },
});
