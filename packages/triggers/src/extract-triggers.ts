import { isValidEventPattern } from "@bos/event-bus";
import { type ScheduleSpec, scheduleSpecsOf } from "@bos/nodes";
import { InvalidTriggerError } from "./errors";
import { normalizeWebhookPath } from "./webhook-path";

export { normalizeWebhookPath, webhookPathShape } from "./webhook-path";

export const WEBHOOK_NODE_TYPE = "n8n-nodes-base.webhook";
export const EVENT_TRIGGER_NODE_TYPE = "bos.eventTrigger";
const SCHEDULE_NODE_TYPES = new Set(["n8n-nodes-base.scheduleTrigger", "n8n-nodes-base.cron", "n8n-nodes-base.interval"]);
export const WEBHOOK_METHODS = ["DELETE", "GET", "HEAD", "PATCH", "POST", "PUT"] as const;
export type WebhookMethod = (typeof WEBHOOK_METHODS)[number];

/** Webhook authentication kinds: n8n's three, plus `hmacAuth` (signed deliveries, a BusinessOS extension). */
export type WebhookAuthKind = "none" | "basicAuth" | "headerAuth" | "jwtAuth" | "hmacAuth";

/**
 * What the gateway needs to serve one Webhook node, stored as `webhooks.config`. Credentials are references
 * (`{id, name}` as the node carries them), resolved by the gateway's credentials provider per request.
 */
export interface WebhookConfig {
  node: string;
  typeVersion: number;
  /** Every method the node listens to (one row per method). */
  methods: WebhookMethod[];
  multipleMethods: boolean;
  path: string;
  webhookId?: string;
  authentication: WebhookAuthKind;
  credentials: Record<string, { id?: string | null; name: string }>;
  responseMode: "onReceived" | "lastNode" | "responseNode" | "streaming";
  responseData: string;
  responseBinaryPropertyName: string;
  /** v1/v1.1 top-level response code. */
  responseCode?: number;
  options: Record<string, unknown>;
}

export interface WebhookRegistration {
  method: WebhookMethod;
  /** Without leading/trailing slashes; `:name` segments are parameters. */
  path: string;
  isDynamic: boolean;
  config: WebhookConfig;
}

export interface ScheduleRegistration {
  node: string;
  ruleIndex: number;
  spec: ScheduleSpec;
  timezone: string;
}

export interface EventSubscriptionRegistration {
  node: string;
  /** Type pattern (`crm.contact.*`). */
  eventType: string;
  filter: Record<string, unknown> | null;
}

export interface WorkflowTriggers {
  webhooks: WebhookRegistration[];
  schedules: ScheduleRegistration[];
  subscriptions: EventSubscriptionRegistration[];
}

interface NodeLike {
  name?: unknown;
  type?: unknown;
  typeVersion?: unknown;
  parameters?: unknown;
  credentials?: unknown;
  webhookId?: unknown;
  disabled?: unknown;
}

const PATH_SEGMENT = /^(:[A-Za-z_][A-Za-z0-9_-]*|[A-Za-z0-9._~!$&'()*+,;=@%-]+)$/;

/**
 * Reads every trigger of a workflow definition (disabled nodes are skipped): Webhook nodes, Schedule
 * Trigger / Cron / Interval rules as scheduler specs (in `settings.timezone`, default UTC), Event Trigger
 * subscriptions. Throws InvalidTriggerError listing every problem.
 */
export function extractTriggers(definition: unknown): WorkflowTriggers {
  const doc = (definition ?? {}) as { nodes?: unknown; settings?: { timezone?: unknown } };
  const nodes = Array.isArray(doc.nodes) ? (doc.nodes as NodeLike[]) : [];
  const zone = typeof doc.settings?.timezone === "string" && doc.settings.timezone !== "DEFAULT" && doc.settings.timezone !== "" ? doc.settings.timezone : "UTC";
  const result: WorkflowTriggers = { webhooks: [], schedules: [], subscriptions: [] };
  const problems: Array<{ node: string; problem: string }> = [];
  for (const node of nodes) {
    if (node.disabled === true) continue;
    const name = String(node.name ?? "");
    const parameters = (node.parameters && typeof node.parameters === "object" ? node.parameters : {}) as Record<string, unknown>;
    if (node.type === WEBHOOK_NODE_TYPE) {
      const registrations = webhookRegistrations(name, node, parameters, problems);
      result.webhooks.push(...registrations);
    } else if (typeof node.type === "string" && SCHEDULE_NODE_TYPES.has(node.type)) {
      try {
        scheduleSpecsOf({ type: node.type, parameters } as Parameters<typeof scheduleSpecsOf>[0]).forEach((spec, ruleIndex) =>
          result.schedules.push({ node: name, ruleIndex, spec, timezone: zone }),
        );
      } catch (error) {
        problems.push({ node: name, problem: error instanceof Error ? error.message : String(error) });
      }
    } else if (node.type === EVENT_TRIGGER_NODE_TYPE) {
      const eventType = String(parameters.eventType ?? "").trim();
      if (!isValidEventPattern(eventType)) {
        problems.push({ node: name, problem: `event type pattern "${eventType}" is not dotted words with * or a final # (e.g. crm.contact.*)` });
        continue;
      }
      const filter = parseFilter(parameters.filter, name, problems);
      result.subscriptions.push({ node: name, eventType, filter });
    }
  }
  if (problems.length > 0) throw new InvalidTriggerError(problems);
  return result;
}

function webhookRegistrations(name: string, node: NodeLike, parameters: Record<string, unknown>, problems: Array<{ node: string; problem: string }>): WebhookRegistration[] {
  const path = normalizeWebhookPath(String(parameters.path ?? ""));
  if (path === "") {
    problems.push({ node: name, problem: "the webhook path is empty; set 'Path'" });
    return [];
  }
  const badSegment = path.split("/").find((segment) => !PATH_SEGMENT.test(segment));
  if (badSegment !== undefined) {
    problems.push({ node: name, problem: `the webhook path segment "${badSegment}" has characters a URL path cannot carry as is` });
    return [];
  }
  const multipleMethods = parameters.multipleMethods === true;
  const raw = multipleMethods ? (Array.isArray(parameters.httpMethod) ? parameters.httpMethod : ["GET", "POST"]) : [parameters.httpMethod ?? "GET"];
  const methods: WebhookMethod[] = [];
  for (const value of raw) {
    const method = String(value).toUpperCase();
    if (!(WEBHOOK_METHODS as readonly string[]).includes(method)) problems.push({ node: name, problem: `HTTP method "${String(value)}" is not one of ${WEBHOOK_METHODS.join(", ")}` });
    else if (!methods.includes(method as WebhookMethod)) methods.push(method as WebhookMethod);
  }
  const authentication = String(parameters.authentication ?? "none") as WebhookAuthKind;
  if (!["none", "basicAuth", "headerAuth", "jwtAuth", "hmacAuth"].includes(authentication)) {
    problems.push({ node: name, problem: `authentication "${authentication}" is not none, basicAuth, headerAuth, jwtAuth or hmacAuth` });
  }
  const responseMode = String(parameters.responseMode ?? "onReceived") as WebhookConfig["responseMode"];
  const typeVersion = Number(node.typeVersion ?? 1);
  const config: WebhookConfig = {
    node: name,
    typeVersion,
    methods,
    multipleMethods,
    path,
    ...(typeof node.webhookId === "string" && node.webhookId !== "" ? { webhookId: node.webhookId } : {}),
    authentication,
    credentials: (node.credentials && typeof node.credentials === "object" ? node.credentials : {}) as WebhookConfig["credentials"],
    responseMode,
    responseData: String(parameters.responseData ?? "firstEntryJson"),
    responseBinaryPropertyName: String(parameters.responseBinaryPropertyName ?? "data"),
    ...(typeVersion < 2 && parameters.responseCode !== undefined ? { responseCode: Number(parameters.responseCode) } : {}),
    options: (parameters.options && typeof parameters.options === "object" ? parameters.options : {}) as Record<string, unknown>,
  };
  const isDynamic = path.split("/").some((segment) => segment.startsWith(":"));
  return methods.map((method) => ({ method, path, isDynamic, config }));
}

function parseFilter(value: unknown, node: string, problems: Array<{ node: string; problem: string }>): Record<string, unknown> | null {
  if (value === undefined || value === null || value === "") return null;
  let parsed = value;
  if (typeof value === "string") {
    try {
      parsed = JSON.parse(value);
    } catch {
      problems.push({ node, problem: "the filter is not valid JSON; write an object such as {\"data.status\": \"paid\"}" });
      return null;
    }
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    problems.push({ node, problem: "the filter must be a JSON object of dot paths to expected values" });
    return null;
  }
  return Object.keys(parsed).length > 0 ? (parsed as Record<string, unknown>) : null;
}
