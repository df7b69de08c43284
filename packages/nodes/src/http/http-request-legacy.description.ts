import type { NodeDescription, ParameterDescription } from "@bos/workflow-schema";
import { credentialAuthenticationParameter, GENERIC_AUTH_TYPES, isSafeMethod, requestMethodOptions } from "./http-request.description";

/**
 * HTTP Request v1 and v2: n8n's legacy parameter shapes (`requestMethod`, `jsonParameters`,
 * `*ParametersUi` / `*ParametersJson`, top-level `responseFormat` json|string|file, flat `options`).
 * v1 names its credentials in `authentication` (basicAuth, headerAuth...); v2 has v3's
 * none / predefinedCredentialType / genericCredentialType.
 */

const bodyMethods = ["PATCH", "POST", "PUT"] as const;

const uiCollection = (name: string, displayName: string, show: Record<string, readonly unknown[]>): ParameterDescription => ({
  name,
  displayName,
  type: "fixedCollection",
  typeOptions: { multipleValues: true },
  placeholder: "Add Parameter",
  default: {},
  displayOptions: { show },
  options: [
    {
      name: "parameter",
      displayName: "Parameter",
      values: [
        { name: "name", displayName: "Name", type: "string", default: "" },
        { name: "value", displayName: "Value", type: "string", default: "" },
      ],
    },
  ],
});

/** v1's `authentication` values and the credential type each one uses. */
export const V1_AUTHENTICATION: Readonly<Record<string, string | undefined>> = {
  none: undefined,
  basicAuth: "httpBasicAuth",
  digestAuth: "httpDigestAuth",
  headerAuth: "httpHeaderAuth",
  queryAuth: "httpQueryAuth",
  oAuth1: "oAuth1Api",
  oAuth2: "oAuth2Api",
};

const v1Authentication: ParameterDescription = {
  name: "authentication",
  displayName: "Authentication",
  type: "options",
  default: "none",
  options: [
    { name: "Basic Auth", value: "basicAuth" },
    { name: "Digest Auth", value: "digestAuth" },
    { name: "Header Auth", value: "headerAuth" },
    { name: "None", value: "none" },
    { name: "OAuth1", value: "oAuth1" },
    { name: "OAuth2", value: "oAuth2" },
    { name: "Query Auth", value: "queryAuth" },
  ],
};

const v2Authentication: ParameterDescription[] = [
  credentialAuthenticationParameter,
  { name: "nodeCredentialType", displayName: "Credential Type", type: "string", default: "", displayOptions: { show: { authentication: ["predefinedCredentialType"] } } },
  {
    name: "genericAuthType",
    displayName: "Generic Auth Type",
    type: "options",
    default: "",
    displayOptions: { show: { authentication: ["genericCredentialType"] } },
    options: GENERIC_AUTH_TYPES.map((t) => ({ name: t, value: t })),
  },
];

const sharedParameters: ParameterDescription[] = [
  {
    name: "requestMethod",
    displayName: "Request Method",
    type: "options",
    default: "GET",
    options: requestMethodOptions,
  },
  { name: "url", displayName: "URL", type: "string", default: "", required: true },
  { name: "allowUnauthorizedCerts", displayName: "Ignore SSL Issues (Insecure)", type: "boolean", default: false },
  {
    name: "responseFormat",
    displayName: "Response Format",
    type: "options",
    default: "json",
    options: [
      { name: "File", value: "file" },
      { name: "JSON", value: "json" },
      { name: "String", value: "string" },
    ],
  },
  { name: "dataPropertyName", displayName: "Property Name", type: "string", default: "data", displayOptions: { show: { responseFormat: ["string", "file"] } } },
  { name: "jsonParameters", displayName: "JSON/RAW Parameters", type: "boolean", default: false },
  {
    name: "options",
    displayName: "Options",
    type: "collection",
    default: {},
    options: [
      { name: "batchInterval", displayName: "Batch Interval", type: "number", default: 1000, typeOptions: { minValue: 0 } },
      { name: "batchSize", displayName: "Batch Size", type: "number", default: 50, typeOptions: { minValue: -1 } },
      {
        name: "bodyContentType",
        displayName: "Body Content Type",
        type: "options",
        default: "json",
        options: [
          { name: "JSON", value: "json" },
          { name: "RAW/Custom", value: "raw" },
          { name: "Form-Data Multipart", value: "multipart-form-data" },
          { name: "Form Urlencoded", value: "form-urlencoded" },
        ],
      },
      { name: "fullResponse", displayName: "Full Response", type: "boolean", default: false },
      { name: "followAllRedirects", displayName: "Follow All Redirects", type: "boolean", default: false },
      { name: "followRedirect", displayName: "Follow GET/HEAD Redirect", type: "boolean", default: true },
      { name: "ignoreResponseCode", displayName: "Ignore Response Code", type: "boolean", default: false },
      { name: "bodyContentCustomMimeType", displayName: "MIME Type", type: "string", default: "", placeholder: "text/xml" },
      { name: "proxy", displayName: "Proxy", type: "string", default: "", description: "Not supported yet: a non-empty value fails the node" },
      { name: "splitIntoItems", displayName: "Split Into Items", type: "boolean", default: false },
      { name: "timeout", displayName: "Timeout", type: "number", default: 10000, typeOptions: { minValue: 1 } },
      { name: "useQueryString", displayName: "Use Querystring", type: "boolean", default: false },
    ],
  },
  { name: "sendBinaryData", displayName: "Send Binary File", type: "boolean", default: false, displayOptions: { show: { jsonParameters: [true], requestMethod: bodyMethods } } },
  { name: "binaryPropertyName", displayName: "Input Binary Field", type: "string", default: "data", displayOptions: { show: { jsonParameters: [true], requestMethod: bodyMethods } } },
  { name: "bodyParametersJson", displayName: "Body Parameters", type: "json", default: "", displayOptions: { show: { jsonParameters: [true] } } },
  uiCollection("bodyParametersUi", "Body Parameters", { jsonParameters: [false] }),
  { name: "headerParametersJson", displayName: "Headers", type: "json", default: "", displayOptions: { show: { jsonParameters: [true] } } },
  uiCollection("headerParametersUi", "Headers", { jsonParameters: [false] }),
  { name: "queryParametersJson", displayName: "Query Parameters", type: "json", default: "", displayOptions: { show: { jsonParameters: [true] } } },
  uiCollection("queryParametersUi", "Query Parameters", { jsonParameters: [false] }),
];

/** The description of HTTP Request v1 (authentication by credential name) or v2 (generic/predefined). */
export function legacyHttpRequestDescription(version: 1 | 2): NodeDescription {
  const credentialTypes = version === 1 ? Object.values(V1_AUTHENTICATION).filter((t): t is string => t !== undefined) : [...GENERIC_AUTH_TYPES];
  return {
    type: "n8n-nodes-base.httpRequest",
    versions: [version],
    displayName: "HTTP Request",
    group: ["output"],
    description: "Makes an HTTP request and returns the response data",
    defaults: { name: "HTTP Request", color: "#2200DD" },
    inputs: 1,
    outputs: 1,
    credentials: credentialTypes.map((name) => ({ name, required: false })),
    sideEffects: (parameters) => !isSafeMethod(parameters["requestMethod"]),
    parameters: [...(version === 1 ? [v1Authentication] : v2Authentication), ...sharedParameters],
  };
}
