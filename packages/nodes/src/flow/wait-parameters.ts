import type { ParameterDescription } from "@bos/workflow-schema";
import {
  customResponseDataOption,
  httpMethodOptions,
  ignoreBotsOption,
  ipWhitelistOption,
  lastNodeResponseDataParameter,
  noResponseBodyOption,
  responseModeOptions,
} from "../triggers/webhook-response-parameters";

const unitOptions = [
  { name: "Seconds", value: "seconds" },
  { name: "Minutes", value: "minutes" },
  { name: "Hours", value: "hours" },
  { name: "Days", value: "days" },
] as const;

const onResume = (modes: readonly string[]) => ({ show: { resume: modes } }) as const;

/** Wait parameters (n8n's names and defaults); amount/unit defaults differ per version: 1 hour in v1, 5 seconds in v1.1. */
export function waitParameters(defaults: { amount: number; unit: "seconds" | "hours" }) {
  return [
  {
    displayName: "Resume",
    name: "resume",
    type: "options",
    default: "timeInterval",
    options: [
      { name: "After Time Interval", value: "timeInterval", description: "Waits for a certain amount of time" },
      { name: "At Specified Time", value: "specificTime", description: "Waits until a specific date and time to continue" },
      { name: "On Webhook Call", value: "webhook", description: "Waits for a webhook call before continuing" },
      { name: "On Form Submitted", value: "form", description: "Waits for a form submission before continuing" },
    ],
    description: "Determines the waiting mode to use before the workflow continues",
  },
  {
    displayName: "Authentication",
    name: "incomingAuthentication",
    type: "options",
    default: "none",
    options: [
      { name: "Basic Auth", value: "basicAuth" },
      { name: "Header Auth", value: "headerAuth" },
      { name: "JWT Auth", value: "jwtAuth" },
      { name: "None", value: "none" },
    ],
    description: "If and how incoming resume-webhook-requests to $execution.resumeUrl should be authenticated for additional security",
    displayOptions: onResume(["webhook", "form"]),
  },
  { displayName: "Date and Time", name: "dateTime", type: "dateTime", default: "", required: true, description: "The date and time to wait for before continuing", displayOptions: onResume(["specificTime"]) },
  {
    displayName: "Wait Amount",
    name: "amount",
    type: "number",
    typeOptions: { minValue: 0, numberPrecision: 2 },
    default: defaults.amount,
    description: "The time to wait",
    displayOptions: onResume(["timeInterval"]),
  },
  { displayName: "Wait Unit", name: "unit", type: "options", default: defaults.unit, options: unitOptions, description: "The time unit of the Wait Amount value", displayOptions: onResume(["timeInterval"]) },
  {
    displayName: "HTTP Method",
    name: "httpMethod",
    type: "options",
    default: "GET",
    options: httpMethodOptions,
    description: "The HTTP method of the Webhook call",
    displayOptions: onResume(["webhook"]),
  },
  { displayName: "Response Code", name: "responseCode", type: "number", typeOptions: { minValue: 100, maxValue: 599 }, default: 200, description: "The HTTP Response code to return", displayOptions: onResume(["webhook"]) },
  {
    displayName: "Respond",
    name: "responseMode",
    type: "options",
    default: "onReceived",
    options: [
      ...responseModeOptions,
    ],
    description: "When and how to respond to the webhook",
    displayOptions: onResume(["webhook", "form"]),
  },
  lastNodeResponseDataParameter({ resume: ["webhook"], responseMode: ["lastNode"] }),
  { displayName: "Form Title", name: "formTitle", type: "string", default: "", required: true, placeholder: "e.g. Contact us", displayOptions: onResume(["form"]) },
  { displayName: "Form Description", name: "formDescription", type: "string", default: "", typeOptions: { rows: 2 }, displayOptions: onResume(["form"]) },
  {
    displayName: "Form Elements",
    name: "formFields",
    placeholder: "Add Form Element",
    type: "fixedCollection",
    default: {},
    typeOptions: { multipleValues: true, sortable: true },
    displayOptions: onResume(["form"]),
    options: [
      {
        name: "values",
        displayName: "Values",
        values: [
          { displayName: "Field Label", name: "fieldLabel", type: "string", default: "", placeholder: "e.g. What is your name?", required: true },
          {
            displayName: "Element Type",
            name: "fieldType",
            type: "options",
            default: "text",
            options: ["date", "dropdown", "email", "file", "number", "password", "text", "textarea"].map((value) => ({ name: value, value })),
          },
          { displayName: "Required Field", name: "requiredField", type: "boolean", default: false },
        ],
      },
    ],
  },
  { displayName: "Limit Wait Time", name: "limitWaitTime", type: "boolean", default: false, description: "Whether the workflow will automatically resume execution after the specified limit type", displayOptions: onResume(["webhook", "form"]) },
  {
    displayName: "Limit Type",
    name: "limitType",
    type: "options",
    default: "afterTimeInterval",
    options: [
      { name: "After Time Interval", value: "afterTimeInterval", description: "Waits for a certain amount of time" },
      { name: "At Specified Time", value: "atSpecifiedTime", description: "Waits until the set date and time to continue" },
    ],
    description: "Sets the condition for the execution to resume. Can be a specified date or after some time.",
    displayOptions: { show: { limitWaitTime: [true], resume: ["webhook", "form"] } },
  },
  { displayName: "Amount", name: "resumeAmount", type: "number", default: 1, typeOptions: { minValue: 0, numberPrecision: 2 }, description: "The time to wait", displayOptions: { show: { limitType: ["afterTimeInterval"], limitWaitTime: [true] } } },
  { displayName: "Unit", name: "resumeUnit", type: "options", default: "hours", options: unitOptions, description: "Unit of the interval value", displayOptions: { show: { limitType: ["afterTimeInterval"], limitWaitTime: [true] } } },
  { displayName: "Max Date and Time", name: "maxDateAndTime", type: "dateTime", default: "", description: "Continue execution after the specified date and time", displayOptions: { show: { limitType: ["atSpecifiedTime"], limitWaitTime: [true] } } },
  {
    displayName: "Options",
    name: "options",
    type: "collection",
    placeholder: "Add option",
    default: {},
    displayOptions: onResume(["webhook"]),
    options: [
      { displayName: "Binary Property", name: "binaryPropertyName", type: "string", default: "data", description: "Name of the binary property to write the data of the received file to" },
      ignoreBotsOption,
      ipWhitelistOption,
      noResponseBodyOption,
      { displayName: "Raw Body", name: "rawBody", type: "boolean", default: false, description: "Raw body (binary)" },
      customResponseDataOption,
      { displayName: "Webhook Suffix", name: "webhookSuffix", type: "string", default: "", placeholder: "webhook", description: "This suffix path will be appended to the restart URL. Helpful when using multiple wait nodes." },
    ],
  },
  ] as const satisfies readonly ParameterDescription[];
}
