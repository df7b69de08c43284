import type { ParameterDescription } from "@bos/workflow-schema";

import {
  customResponseDataOption,
  httpMethodOptions,
  ignoreBotsOption,
  ipWhitelistOption,
  lastNodeResponseDataParameter,
  noResponseBodyOption,
  responseHeadersOption,
  responseModeOptions,
} from "./webhook-response-parameters";

export { HTTP_METHODS } from "./webhook-response-parameters";

const responseCodeOptions = [
  { name: "200", value: 200, description: "OK - Request has succeeded" },
  { name: "201", value: 201, description: "Created - Request has been fulfilled" },
  { name: "204", value: 204, description: "No Content - Request processed, no content returned" },
  { name: "301", value: 301, description: "Moved Permanently - Requested resource moved permanently" },
  { name: "302", value: 302, description: "Found - Requested resource moved temporarily" },
  { name: "304", value: 304, description: "Not Modified - Resource has not been modified" },
  { name: "400", value: 400, description: "Bad Request - Request could not be understood" },
  { name: "401", value: 401, description: "Unauthorized - Request requires user authentication" },
  { name: "403", value: 403, description: "Forbidden - Server understood, but refuses to fulfill" },
  { name: "404", value: 404, description: "Not Found - Server has not found a match" },
  { name: "Custom Code", value: "customCode", description: "Write any HTTP code" },
] as const;

/** Webhook v1-2.1 parameters. `responseCode` is top-level in v1/1.1 and an option from v2. */
export const webhookParameters = [
  {
    displayName: "Allow Multiple HTTP Methods",
    name: "multipleMethods",
    type: "boolean",
    default: false,
    noDataExpression: true,
    description: "Whether to allow the webhook to listen for multiple HTTP methods",
    displayOptions: { hide: { "@version": [1, 1.1] } },
  },
  {
    displayName: "HTTP Method",
    name: "httpMethod",
    type: "options",
    default: "GET",
    options: httpMethodOptions,
    description: "The HTTP method to listen to",
    displayOptions: { show: { multipleMethods: [false] } },
  },
  {
    displayName: "HTTP Methods",
    name: "httpMethod",
    type: "multiOptions",
    default: ["GET", "POST"],
    options: httpMethodOptions,
    description: "The HTTP methods to listen to",
    displayOptions: { show: { multipleMethods: [true] } },
  },
  {
    displayName: "Path",
    name: "path",
    type: "string",
    default: "",
    placeholder: "webhook",
    required: true,
    description:
      "The path to listen to, dynamic values could be specified by using ':', e.g. 'your-path/:dynamic-value'. If dynamic values are set 'webhookId' would be prepended to path.",
  },
  {
    displayName: "Authentication",
    name: "authentication",
    type: "options",
    default: "none",
    options: [
      { name: "Basic Auth", value: "basicAuth" },
      { name: "Header Auth", value: "headerAuth" },
      { name: "HMAC Signature (BusinessOS)", value: "hmacAuth" },
      { name: "JWT Auth", value: "jwtAuth" },
      { name: "None", value: "none" },
    ],
    description: "The way to authenticate",
  },
  {
    displayName: "Respond",
    name: "responseMode",
    type: "options",
    default: "onReceived",
    options: [
      ...responseModeOptions,
      { name: "Streaming", value: "streaming", description: "Returns data in real time from streaming enabled nodes" },
    ],
    description: "When and how to respond to the webhook",
  },
  {
    displayName: "Response Code",
    name: "responseCode",
    type: "number",
    typeOptions: { minValue: 100, maxValue: 599 },
    default: 200,
    description: "The HTTP Response code to return",
    displayOptions: { show: { "@version": [1, 1.1] }, hide: { responseMode: ["responseNode"] } },
  },
  lastNodeResponseDataParameter({ responseMode: ["lastNode"] }),

  {
    displayName: "Property Name",
    name: "responseBinaryPropertyName",
    type: "string",
    default: "data",
    required: true,
    description: "Name of the binary property to return",
    displayOptions: { show: { responseData: ["firstEntryBinary"] } },
  },
  {
    displayName: "Options",
    name: "options",
    type: "collection",
    placeholder: "Add option",
    default: {},
    options: [
      { displayName: "Allowed Origins (CORS)", name: "allowedOrigins", type: "string", default: "*", description: "Comma-separated list of URLs allowed for cross-origin non-preflight requests. Use * (default) to allow all origins." },
      { displayName: "Field Name for Binary Data", name: "binaryPropertyName", type: "string", default: "data", description: "The name of the output binary field to put the file in" },
      ignoreBotsOption,
      ipWhitelistOption,
      noResponseBodyOption,
      { displayName: "Raw Body", name: "rawBody", type: "boolean", default: false, description: "Whether to return the raw body" },
      customResponseDataOption,
      { displayName: "Response Content-Type", name: "responseContentType", type: "string", default: "", placeholder: "application/xml", description: "Set a custom content-type to return if another one as the \"application/json\" should be returned" },
      responseHeadersOption,
      { displayName: "Property Name", name: "responsePropertyName", type: "string", default: "data", description: "Name of the property to return the data of instead of the whole JSON" },
      {
        displayName: "Response Code",
        name: "responseCode",
        placeholder: "Add Response Code",
        type: "fixedCollection",
        default: { values: { responseCode: 200 } },
        options: [
          {
            name: "values",
            displayName: "Values",
            values: [
              { displayName: "Code", name: "responseCode", type: "options", options: responseCodeOptions, default: 200, description: "The HTTP response code to return" },
              { displayName: "Code", name: "customCode", type: "number", default: 200, placeholder: "e.g. 400", typeOptions: { minValue: 100 }, displayOptions: { show: { responseCode: ["customCode"] } } },
            ],
          },
        ],
      },
    ],
  },
] as const satisfies readonly ParameterDescription[];
