/**
 * An event of the BusinessOS platform, as modules publish it and workflows receive it (Event Trigger).
 *
 * @example
 * const event: PlatformEvent = { type: "crm.contact.created", tenant: tenantId, id: "c-42-created", data: { id: 42 }, occurredAt: new Date().toISOString() };
 */
export interface PlatformEvent {
  /** Dotted type, module first: `crm.contact.created`, `workflow.execution.succeeded`. */
  type: string;
  /** The tenant id (uuid) the event belongs to. Consumers only start that tenant's workflows. */
  tenant: string;
  /** Unique per event (per tenant): consumers are idempotent on it, so publish the same id again for a retry. */
  id: string;
  /** The payload: JSON data only. */
  data: unknown;
  /** ISO 8601 instant. */
  occurredAt: string;
}

const TYPE = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/i;
const PATTERN = /^(\*|[a-z0-9_-]+)(\.(\*|[a-z0-9_-]+))*(\.#)?$|^#$/i;

/** Errors of @bos/event-bus (`WF_EVENT_*`). */
export class EventBusError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "EventBusError";
  }
}

/** Checks an event before it goes on the bus; throws WF_EVENT_INVALID listing every problem. */
export function assertValidEvent(event: PlatformEvent): void {
  const problems: string[] = [];
  if (typeof event.type !== "string" || !TYPE.test(event.type)) problems.push(`type "${String(event.type)}" must be dotted words such as crm.contact.created`);
  if (typeof event.tenant !== "string" || event.tenant === "") problems.push("tenant must be the tenant id");
  if (typeof event.id !== "string" || event.id === "" || event.id.length > 200) problems.push("id must be a non-empty string of at most 200 characters");
  if (typeof event.occurredAt !== "string" || Number.isNaN(Date.parse(event.occurredAt))) problems.push(`occurredAt "${String(event.occurredAt)}" must be an ISO 8601 instant`);
  if (problems.length > 0) throw new EventBusError("WF_EVENT_INVALID", `invalid event: ${problems.join("; ")}`, { problems });
}

/**
 * Whether an event type matches a subscription pattern: dotted words where `*` stands for exactly one word
 * and a final `#` (or `.#`) for any number of trailing words. `crm.contact.*` matches `crm.contact.created`
 * but not `crm.contact` or `crm.contact.note.added`; `crm.#` matches all of crm.
 */
export function eventTypeMatches(pattern: string, type: string): boolean {
  const p = pattern.split(".");
  const t = type.split(".");
  for (let i = 0; i < p.length; i++) {
    const word = p[i];
    if (word === "#") return true;
    if (i >= t.length) return false;
    if (word !== "*" && word !== t[i]) return false;
  }
  return p.length === t.length;
}

/** Whether a pattern is well-formed (see eventTypeMatches). */
export function isValidEventPattern(pattern: string): boolean {
  return PATTERN.test(pattern);
}

/**
 * Whether an event passes a subscription filter: an object whose keys are dot paths into the event
 * (`data.status`, `type`) and whose values must equal what is there (strict, JSON equality for objects);
 * an array value means "any of these". No filter (null/empty) passes everything.
 */
export function eventPassesFilter(filter: Record<string, unknown> | null | undefined, event: PlatformEvent): boolean {
  if (!filter) return true;
  for (const [path, expected] of Object.entries(filter)) {
    let value: unknown = event;
    for (const key of path.split(".")) {
      if (value === null || typeof value !== "object" || !Object.hasOwn(value, key)) {
        value = undefined;
        break;
      }
      value = (value as Record<string, unknown>)[key];
    }
    const candidates = Array.isArray(expected) ? expected : [expected];
    if (!candidates.some((candidate) => sameJson(candidate, value))) return false;
  }
  return true;
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
