import type { ParameterDescription } from "@bos/workflow-schema";
import { responseHeadersOption } from "./webhook-response-parameters";

const onRespondWith = (values: readonly string[]) => ({ show: { respondWith: values } }) as const;

/** Respond to Webhook v1-1.5 parameters. */
export const respondToWebhookParameters = [
  {
    displayName: "Enable Response Output Branch",
    name: "enableResponseOutput",
    type: "boolean",
    default: false,
    description: "Whether to provide an additional output branch with the response sent to the webhook",
    displayOptions: { hide: { "@version": [1, 1.1, 1.2] } },
  },
  {
    displayName: "Respond With",
    name: "respondWith",
    type: "options",
    default: "firstIncomingItem",
    options: [
      { name: "All Incoming Items", value: "allIncomingItems", description: "Respond with all input JSON items" },
      { name: "Binary File", value: "binary", description: "Respond with incoming file binary data" },
      { name: "First Incoming Item", value: "firstIncomingItem", description: "Respond with the first input JSON item" },
      { name: "JSON", value: "json", description: "Respond with a custom JSON body" },
      { name: "JWT Token", value: "jwt", description: "Respond with a JWT token" },
      { name: "No Data", value: "noData", description: "Respond with an empty body" },
      { name: "Redirect", value: "redirect", description: "Respond with a redirect to a given URL" },
      { name: "Text", value: "text", description: "Respond with a simple text message body" },
    ],
    description: "The data that should be returned",
  },
  { displayName: "Redirect URL", name: "redirectURL", type: "string", default: "", required: true, placeholder: "e.g. http://www.n8n.io", description: "The URL to redirect to", displayOptions: onRespondWith(["redirect"]) },
  { displayName: "Response Body", name: "responseBody", type: "json", default: '{\n  "myField": "value"\n}', typeOptions: { rows: 4 }, description: "The HTTP response JSON data", displayOptions: onRespondWith(["json"]) },
  { displayName: "Payload Claims", name: "payload", type: "json", default: '{\n  "myField": "value"\n}', typeOptions: { rows: 4 }, description: "The payload to include in the JWT token", displayOptions: onRespondWith(["jwt"]) },
  {
    displayName: "Response Body",
    name: "responseBody",
    type: "string",
    default: "",
    typeOptions: { rows: 2 },
    placeholder: "e.g. Workflow completed",
    description: "The HTTP response text data",
    displayOptions: onRespondWith(["text"]),
  },
  {
    displayName: "Response Data Source",
    name: "responseDataSource",
    type: "options",
    default: "automatically",
    options: [
      { name: "Choose Automatically From Input", value: "automatically", description: "Use if input data will contain a single piece of binary data" },
      { name: "Specify Myself", value: "set", description: "Enter the name of the input field the binary data will be in" },
    ],
    displayOptions: onRespondWith(["binary"]),
  },
  {
    displayName: "Input Field Name",
    name: "inputFieldName",
    type: "string",
    default: "data",
    required: true,
    description: "The name of the node input field with the binary data",
    displayOptions: { show: { respondWith: ["binary"], responseDataSource: ["set"] } },
  },
  {
    displayName: "Options",
    name: "options",
    type: "collection",
    placeholder: "Add option",
    default: {},
    options: [
      { displayName: "Response Code", name: "responseCode", type: "number", typeOptions: { minValue: 100, maxValue: 599 }, default: 200, description: "The HTTP response code to return. Defaults to 200." },
      responseHeadersOption,
      {
        displayName: "Put Response in Field",
        name: "responseKey",
        type: "string",
        default: "",
        description: "The name of the response field to put all items in",
        placeholder: "e.g. data",
        displayOptions: { show: { "/respondWith": ["allIncomingItems", "firstIncomingItem"] } },
      },
    ],
  },
] as const satisfies readonly ParameterDescription[];
