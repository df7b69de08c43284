import type { ParameterDescription } from "@bos/workflow-schema";

/**
 * Parameter fragments that Webhook, Wait (resume on webhook) and Respond to Webhook describe alike in
 * n8n: the HTTP methods, when and what to respond, and the webhook options they have in common.
 */

export const HTTP_METHODS = ["DELETE", "GET", "HEAD", "PATCH", "POST", "PUT"] as const;
export const httpMethodOptions = HTTP_METHODS.map((method) => ({ name: method, value: method }));

/** The `responseMode` choices Webhook and Wait share (Webhook adds "Streaming"). */
export const responseModeOptions = [
  { name: "Immediately", value: "onReceived", description: "As soon as this node executes" },
  { name: "When Last Node Finishes", value: "lastNode", description: "Returns data of the last-executed node" },
  { name: "Using 'Respond to Webhook' Node", value: "responseNode", description: "Response defined in that node" },
] as const;

/** The `responseData` parameter used when responding after the last node; shown per node. */
export function lastNodeResponseDataParameter<const S extends Record<string, readonly unknown[]>>(show: S) {
  return {
    displayName: "Response Data",
    name: "responseData",
    type: "options",
    default: "firstEntryJson",
    options: [
      { name: "All Entries", value: "allEntries", description: "Returns all the entries of the last node. Always returns an array." },
      { name: "First Entry JSON", value: "firstEntryJson", description: "Returns the JSON data of the first entry of the last node. Always returns a JSON object." },
      { name: "First Entry Binary", value: "firstEntryBinary", description: "Returns the binary data of the first entry of the last node. Always returns a binary file." },
      { name: "No Response Body", value: "noData", description: "Returns without a body" },
    ],
    description: "What data should be returned. If it should return all items as an array or only the first item as object.",
    displayOptions: { show },
  } as const satisfies ParameterDescription;
}

/** The `responseHeaders` option of Webhook and Respond to Webhook. */
export const responseHeadersOption = {
  displayName: "Response Headers",
  name: "responseHeaders",
  placeholder: "Add Response Header",
  description: "Add headers to the webhook response",
  type: "fixedCollection",
  typeOptions: { multipleValues: true },
  default: {},
  options: [
    {
      name: "entries",
      displayName: "Entries",
      values: [
        { displayName: "Name", name: "name", type: "string", default: "", description: "Name of the header" },
        { displayName: "Value", name: "value", type: "string", default: "", description: "Value of the header" },
      ],
    },
  ],
} as const satisfies ParameterDescription;

/** Options that Webhook and Wait (on webhook) share, with n8n's texts. */
export const ignoreBotsOption = { displayName: "Ignore Bots", name: "ignoreBots", type: "boolean", default: false, description: "Whether to ignore requests from bots like link previewers and web crawlers" } as const satisfies ParameterDescription;
export const ipWhitelistOption = { displayName: "IP(s) Whitelist", name: "ipWhitelist", type: "string", default: "", placeholder: "e.g. 127.0.0.1", description: "Comma-separated list of allowed IP addresses. Leave empty to allow all IPs." } as const satisfies ParameterDescription;
export const noResponseBodyOption = { displayName: "No Response Body", name: "noResponseBody", type: "boolean", default: false, description: "Whether to send any body in the response" } as const satisfies ParameterDescription;
export const customResponseDataOption = { displayName: "Response Data", name: "responseData", type: "string", default: "", placeholder: "success", description: "Custom response data to send" } as const satisfies ParameterDescription;
