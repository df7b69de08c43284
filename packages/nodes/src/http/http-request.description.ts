import type { NodeDescription, ParameterDescription } from "@bos/workflow-schema";

/**
 * The parameters of HTTP Request v3 and v4.x, with n8n's names, shapes and defaults (n8n's
 * HttpRequestV3 serves 3, 4, 4.1-4.5 with one description). The only default that differs between
 * versions is whether redirects are followed (v3: no; v4+: yes), hence the builder.
 *
 * Everything under `options.pagination` is `resolve: "lazy"`: the engine leaves those values raw and
 * the node evaluates them per page with `$response`, `$pageCount` and `$request`.
 */

const keyValueCollection = (name: string, displayName: string, groupName: string, show: Record<string, readonly unknown[]>): ParameterDescription => ({
  name,
  displayName,
  type: "fixedCollection",
  typeOptions: { multipleValues: true },
  placeholder: `Add ${groupName}`,
  default: { parameters: [{ name: "", value: "" }] },
  displayOptions: { show },
  options: [
    {
      name: "parameters",
      displayName: groupName,
      values: [
        { name: "name", displayName: "Name", type: "string", default: "" },
        { name: "value", displayName: "Value", type: "string", default: "" },
      ],
    },
  ],
});

const specifyOptions = [
  { name: "Using Fields Below", value: "keypair" },
  { name: "Using JSON", value: "json" },
] as const;

/** Generic credential types n8n offers under `genericAuthType`. */
export const GENERIC_AUTH_TYPES = [
  "httpBasicAuth",
  "httpBearerAuth",
  "httpDigestAuth",
  "httpHeaderAuth",
  "httpQueryAuth",
  "httpCustomAuth",
  "oAuth1Api",
  "oAuth2Api",
] as const;

/** The methods HTTP Request (every version) offers. */
export const requestMethodOptions = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"].map((m) => ({ name: m, value: m }));

/** `authentication` as HTTP Request 2 and later describe it: none, a node's credential type, or a generic one. */
export const credentialAuthenticationParameter: ParameterDescription = {
  name: "authentication",
  displayName: "Authentication",
  type: "options",
  noDataExpression: true,
  default: "none",
  options: [
    { name: "None", value: "none" },
    { name: "Predefined Credential Type", value: "predefinedCredentialType" },
    { name: "Generic Credential Type", value: "genericCredentialType" },
  ],
};

const mainParameters: ParameterDescription[] = [
  {
    name: "method",
    displayName: "Method",
    type: "options",
    default: "GET",
    description: "The request method to use",
    options: requestMethodOptions,
  },
  { name: "url", displayName: "URL", type: "string", default: "", required: true, placeholder: "http://example.com/index.html", description: "The URL to make the request to" },
  credentialAuthenticationParameter,
  {
    name: "nodeCredentialType",
    displayName: "Credential Type",
    type: "string",
    noDataExpression: true,
    required: true,
    default: "",
    displayOptions: { show: { authentication: ["predefinedCredentialType"] } },
  },
  {
    name: "genericAuthType",
    displayName: "Generic Auth Type",
    type: "options",
    required: true,
    default: "",
    displayOptions: { show: { authentication: ["genericCredentialType"] } },
    options: GENERIC_AUTH_TYPES.map((t) => ({ name: t, value: t })),
  },
  { name: "provideSslCertificates", displayName: "SSL Certificates", type: "boolean", default: false },
  { name: "sendQuery", displayName: "Send Query Parameters", type: "boolean", default: false, noDataExpression: true },
  { name: "specifyQuery", displayName: "Specify Query Parameters", type: "options", default: "keypair", options: specifyOptions, displayOptions: { show: { sendQuery: [true] } } },
  keyValueCollection("queryParameters", "Query Parameters", "Query Parameter", { sendQuery: [true], specifyQuery: ["keypair"] }),
  { name: "jsonQuery", displayName: "JSON", type: "json", default: "", displayOptions: { show: { sendQuery: [true], specifyQuery: ["json"] } } },
  { name: "sendHeaders", displayName: "Send Headers", type: "boolean", default: false, noDataExpression: true },
  { name: "specifyHeaders", displayName: "Specify Headers", type: "options", default: "keypair", options: specifyOptions, displayOptions: { show: { sendHeaders: [true] } } },
  keyValueCollection("headerParameters", "Headers", "Header", { sendHeaders: [true], specifyHeaders: ["keypair"] }),
  { name: "jsonHeaders", displayName: "JSON", type: "json", default: "", displayOptions: { show: { sendHeaders: [true], specifyHeaders: ["json"] } } },
  { name: "sendBody", displayName: "Send Body", type: "boolean", default: false, noDataExpression: true },
  {
    name: "contentType",
    displayName: "Body Content Type",
    type: "options",
    default: "json",
    displayOptions: { show: { sendBody: [true] } },
    options: [
      { name: "Form Urlencoded", value: "form-urlencoded" },
      { name: "Form-Data", value: "multipart-form-data" },
      { name: "JSON", value: "json" },
      { name: "n8n Binary File", value: "binaryData" },
      { name: "Raw", value: "raw" },
    ],
  },
  { name: "specifyBody", displayName: "Specify Body", type: "options", default: "keypair", options: specifyOptions, displayOptions: { show: { sendBody: [true], contentType: ["json"] } } },
  keyValueCollection("bodyParameters", "Body Parameters", "Body Field", { sendBody: [true], contentType: ["json"], specifyBody: ["keypair"] }),
  { name: "jsonBody", displayName: "JSON", type: "json", default: "", displayOptions: { show: { sendBody: [true], contentType: ["json"], specifyBody: ["json"] } } },
  {
    name: "bodyParameters",
    displayName: "Body",
    type: "fixedCollection",
    typeOptions: { multipleValues: true },
    default: { parameters: [{ name: "", value: "" }] },
    displayOptions: { show: { sendBody: [true], contentType: ["multipart-form-data"] } },
    options: [
      {
        name: "parameters",
        displayName: "Body Field",
        values: [
          {
            name: "parameterType",
            displayName: "Type",
            type: "options",
            default: "formData",
            options: [
              { name: "n8n Binary File", value: "formBinaryData" },
              { name: "Form Data", value: "formData" },
            ],
          },
          { name: "name", displayName: "Name", type: "string", default: "" },
          { name: "value", displayName: "Value", type: "string", default: "", displayOptions: { show: { parameterType: ["formData"] } } },
          { name: "inputDataFieldName", displayName: "Input Data Field Name", type: "string", default: "", displayOptions: { show: { parameterType: ["formBinaryData"] } } },
        ],
      },
    ],
  },
  {
    name: "specifyBody",
    displayName: "Specify Body",
    type: "options",
    default: "keypair",
    displayOptions: { show: { sendBody: [true], contentType: ["form-urlencoded"] } },
    options: [
      { name: "Using Fields Below", value: "keypair" },
      { name: "Using Single Field", value: "string" },
    ],
  },
  keyValueCollection("bodyParameters", "Body Fields", "Field", { sendBody: [true], contentType: ["form-urlencoded"], specifyBody: ["keypair"] }),
  { name: "body", displayName: "Body", type: "string", default: "", placeholder: "field1=value1&field2=value2", displayOptions: { show: { sendBody: [true], specifyBody: ["string"] } } },
  { name: "inputDataFieldName", displayName: "Input Data Field Name", type: "string", default: "", displayOptions: { show: { sendBody: [true], contentType: ["binaryData"] } } },
  { name: "rawContentType", displayName: "Content Type", type: "string", default: "", placeholder: "text/html", displayOptions: { show: { sendBody: [true], contentType: ["raw"] } } },
  { name: "body", displayName: "Body", type: "string", default: "", displayOptions: { show: { sendBody: [true], contentType: ["raw"] } } },
];

const paginationParameter: ParameterDescription = {
  name: "pagination",
  displayName: "Pagination",
  type: "fixedCollection",
  typeOptions: { multipleValues: false },
  default: { pagination: {} },
  resolve: "lazy",
  options: [
    {
      name: "pagination",
      displayName: "Pagination",
      values: [
        {
          name: "paginationMode",
          displayName: "Pagination Mode",
          type: "options",
          default: "updateAParameterInEachRequest",
          noDataExpression: true,
          options: [
            { name: "Off", value: "off" },
            { name: "Update a Parameter in Each Request", value: "updateAParameterInEachRequest" },
            { name: "Response Contains Next URL", value: "responseContainsNextURL" },
          ],
        },
        {
          name: "nextURL",
          displayName: "Next URL",
          type: "string",
          default: "",
          resolve: "lazy",
          description: "Should evaluate to the URL of the next page ($response, $pageCount, $request are available)",
          displayOptions: { show: { paginationMode: ["responseContainsNextURL"] } },
        },
        {
          name: "parameters",
          displayName: "Parameters",
          type: "fixedCollection",
          typeOptions: { multipleValues: true },
          default: { parameters: [{ type: "qs", name: "", value: "" }] },
          resolve: "lazy",
          displayOptions: { show: { paginationMode: ["updateAParameterInEachRequest"] } },
          options: [
            {
              name: "parameters",
              displayName: "Parameter",
              values: [
                {
                  name: "type",
                  displayName: "Type",
                  type: "options",
                  default: "qs",
                  options: [
                    { name: "Body", value: "body" },
                    { name: "Header", value: "headers" },
                    { name: "Query", value: "qs" },
                  ],
                },
                { name: "name", displayName: "Name", type: "string", default: "" },
                { name: "value", displayName: "Value", type: "string", default: "", resolve: "lazy" },
              ],
            },
          ],
        },
        {
          name: "paginationCompleteWhen",
          displayName: "Pagination Complete When",
          type: "options",
          default: "responseIsEmpty",
          noDataExpression: true,
          displayOptions: { hide: { paginationMode: ["off"] } },
          options: [
            { name: "Response Is Empty", value: "responseIsEmpty" },
            { name: "Receive Specific Status Code(s)", value: "receiveSpecificStatusCodes" },
            { name: "Other", value: "other" },
          ],
        },
        {
          name: "statusCodesWhenComplete",
          displayName: "Status Code(s) when Complete",
          type: "string",
          default: "",
          description: "Comma-separated status codes",
          displayOptions: { show: { paginationCompleteWhen: ["receiveSpecificStatusCodes"] } },
        },
        {
          name: "completeExpression",
          displayName: "Complete Expression",
          type: "string",
          default: "",
          resolve: "lazy",
          description: "Should evaluate to true when pagination is complete",
          displayOptions: { show: { paginationCompleteWhen: ["other"] } },
        },
        { name: "limitPagesFetched", displayName: "Limit Pages Fetched", type: "boolean", default: false, noDataExpression: true, displayOptions: { hide: { paginationMode: ["off"] } } },
        { name: "maxRequests", displayName: "Max Pages", type: "number", default: 100, displayOptions: { show: { limitPagesFetched: [true] } } },
        { name: "requestInterval", displayName: "Interval Between Requests (ms)", type: "number", default: 0, typeOptions: { minValue: 0 }, displayOptions: { hide: { paginationMode: ["off"] } } },
      ],
    },
  ],
};

function optionsParameter(followRedirectsDefault: boolean): ParameterDescription {
  return {
    name: "options",
    displayName: "Options",
    type: "collection",
    placeholder: "Add option",
    default: {},
    options: [
      {
        name: "batching",
        displayName: "Batching",
        type: "fixedCollection",
        typeOptions: { multipleValues: false },
        default: { batch: {} },
        options: [
          {
            name: "batch",
            displayName: "Batching",
            values: [
              { name: "batchSize", displayName: "Items per Batch", type: "number", default: 50, typeOptions: { minValue: -1 }, description: "-1 for disabled, 0 is treated as 1" },
              { name: "batchInterval", displayName: "Batch Interval (ms)", type: "number", default: 1000, typeOptions: { minValue: 0 }, description: "Time between batches; 0 for none" },
            ],
          },
        ],
      },
      { name: "allowUnauthorizedCerts", displayName: "Ignore SSL Issues (Insecure)", type: "boolean", default: false, noDataExpression: true },
      { name: "requestUncompressedResponse", displayName: "Request Uncompressed Response", type: "boolean", default: false, noDataExpression: true },
      {
        name: "queryParameterArrays",
        displayName: "Array Format in Query Parameters",
        type: "options",
        default: "brackets",
        options: [
          { name: "No Brackets", value: "repeat", description: "e.g. foo=bar&foo=qux" },
          { name: "Brackets Only", value: "brackets", description: "e.g. foo[]=bar&foo[]=qux" },
          { name: "Brackets with Indices", value: "indices", description: "e.g. foo[0]=bar&foo[1]=qux" },
        ],
      },
      { name: "lowercaseHeaders", displayName: "Lowercase Headers", type: "boolean", default: true },
      {
        name: "redirect",
        displayName: "Redirects",
        type: "fixedCollection",
        typeOptions: { multipleValues: false },
        default: { redirect: {} },
        options: [
          {
            name: "redirect",
            displayName: "Redirect",
            values: [
              { name: "followRedirects", displayName: "Follow Redirects", type: "boolean", default: followRedirectsDefault, noDataExpression: true },
              { name: "maxRedirects", displayName: "Max Redirects", type: "number", default: 21, displayOptions: { show: { followRedirects: [true] } } },
            ],
          },
        ],
      },
      {
        name: "response",
        displayName: "Response",
        type: "fixedCollection",
        typeOptions: { multipleValues: false },
        default: { response: {} },
        options: [
          {
            name: "response",
            displayName: "Response",
            values: [
              { name: "fullResponse", displayName: "Include Response Headers and Status", type: "boolean", default: false },
              { name: "neverError", displayName: "Never Error", type: "boolean", default: false },
              {
                name: "responseFormat",
                displayName: "Response Format",
                type: "options",
                default: "autodetect",
                noDataExpression: true,
                options: [
                  { name: "Autodetect", value: "autodetect" },
                  { name: "File", value: "file" },
                  { name: "JSON", value: "json" },
                  { name: "Text", value: "text" },
                ],
              },
              { name: "outputPropertyName", displayName: "Put Output in Field", type: "string", default: "data", required: true, displayOptions: { show: { responseFormat: ["file", "text"] } } },
            ],
          },
        ],
      },
      paginationParameter,
      { name: "proxy", displayName: "Proxy", type: "string", default: "", placeholder: "e.g. http://myproxy:3128", description: "Not supported yet: a non-empty value fails the node" },
      { name: "timeout", displayName: "Timeout", type: "number", default: 10000, typeOptions: { minValue: 1 }, description: "Milliseconds before the request is aborted" },
      { name: "sendCredentialsOnCrossOriginRedirect", displayName: "Send Credentials on Cross-Origin Redirect", type: "boolean", default: false },
    ],
  };
}

/** The description of HTTP Request for the given versions. */
export function httpRequestDescription(versions: readonly number[], followRedirectsDefault: boolean): NodeDescription {
  return {
    type: "n8n-nodes-base.httpRequest",
    versions,
    displayName: "HTTP Request",
    group: ["output"],
    description: "Makes an HTTP request and returns the response data",
    defaults: { name: "HTTP Request", color: "#0004F5" },
    inputs: 1,
    outputs: 1,
    credentials: [
      ...GENERIC_AUTH_TYPES.map((name) => ({ name, required: false, displayOptions: { show: { authentication: ["genericCredentialType"], genericAuthType: [name] } } })),
    ],
    sideEffects: (parameters) => !isSafeMethod(parameters["method"]),
    parameters: [...mainParameters, optionsParameter(followRedirectsDefault)],
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** GET, HEAD and OPTIONS have no side effects; anything else (including an expression) may. */
export function isSafeMethod(method: unknown): boolean {
  return SAFE_METHODS.has(typeof method === "string" ? method : method === undefined ? "GET" : "");
}
