import { defineNode, NodeOperationError, type ExecuteContext, type NodeResult, type WaitSpec } from "@bos/node-sdk";
import { DateTime } from "luxon";
import { waitParameters } from "./wait-parameters";

const UNIT_MS: Readonly<Record<string, number>> = { seconds: 1000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 };

/** Milliseconds for `amount` of `unit` (seconds, minutes, hours, days). */
export function durationMs(amount: unknown, unit: unknown, parameter: string): number {
  const value = Number(amount);
  const factor = UNIT_MS[String(unit)];
  if (!Number.isFinite(value) || value < 0 || factor === undefined) {
    throw new NodeOperationError(`The wait '${parameter}' must be a non-negative number of seconds, minutes, hours or days`, {
      description: `Got ${JSON.stringify(amount)} ${JSON.stringify(unit)}.`,
    });
  }
  return value * factor;
}

/** A date parameter as an instant: ISO text (in the workflow's zone when it has no offset) or epoch ms. */
export function parseWaitDate(value: unknown, zone: string): Date | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return new Date(value);
  if (typeof value !== "string" || value.trim() === "") return undefined;
  const text = value.trim();
  for (const parsed of [DateTime.fromISO(text, { zone }), DateTime.fromSQL(text, { zone }), DateTime.fromRFC2822(text, { zone }), DateTime.fromHTTP(text, { zone })]) {
    if (parsed.isValid) return parsed.toJSDate();
  }
  const fallback = Date.parse(text);
  return Number.isNaN(fallback) ? undefined : new Date(fallback);
}

const waitCredentials = [
  { name: "httpBasicAuth", required: true, displayOptions: { show: { incomingAuthentication: ["basicAuth"] } } },
  { name: "httpHeaderAuth", required: true, displayOptions: { show: { incomingAuthentication: ["headerAuth"] } } },
  { name: "jwtAuth", required: true, displayOptions: { show: { incomingAuthentication: ["jwtAuth"] } } },
] as const;

type WaitContext = ExecuteContext<Record<string, unknown>>;

/**
 * What Wait does, both versions. It never sleeps itself: it returns a suspension the host honours
 * (in-process for short waits, persisted for long ones) and its input items as the output to emit
 * on resume. timeInterval and specificTime become `{kind: "until"}` (a time already past continues
 * at once, without suspending); webhook becomes `{kind: "webhook", until?}` and form
 * `{kind: "event", eventType: "form", until?}`, `until` set by limitWaitTime. On a webhook or form
 * resume the engine replaces the outputs with the incoming request, as n8n does.
 */
async function executeWait(ctx: WaitContext): Promise<NodeResult> {
  const input = ctx.getInputItems().map((item, itemIndex) => ({ ...item, pairedItem: { item: itemIndex } }));
  const resume = ctx.getNodeParameter("resume", 0);
  const now = Date.now();
  let wait: WaitSpec;
  switch (resume) {
    case "timeInterval": {
      const ms = durationMs(ctx.getNodeParameter("amount", 0), ctx.getNodeParameter("unit", 0), "amount");
      if (ms === 0) return [input];
      wait = { kind: "until", until: new Date(now + ms) };
      break;
    }
    case "specificTime": {
      const until = parseWaitDate(ctx.getNodeParameter("dateTime", 0), ctx.workflow.timezone);
      if (!until) {
        throw new NodeOperationError("[Wait node] Cannot put execution to wait because `dateTime` parameter is not a valid date. Please pick a specific date and time to wait until.", {
          itemIndex: 0,
        });
      }
      if (until.getTime() <= now) return [input];
      wait = { kind: "until", until };
      break;
    }
    case "webhook":
    case "form": {
      const until = readWaitLimit(ctx.getNodeParameter("limitWaitTime", 0, false) === true, ctx, now);
      wait = resume === "webhook" ? { kind: "webhook", ...(until ? { until } : {}) } : { kind: "event", eventType: "form", ...(until ? { until } : {}) };
      break;
    }
    default:
      throw new NodeOperationError(`Unknown Wait 'resume' value '${String(resume)}'`, { description: "Use timeInterval, specificTime, webhook or form." });
  }
  return { kind: "wait", wait, outputs: [input] };
}

/** Wait v1.1 (`n8n-nodes-base.wait`): a time interval defaults to 5 seconds. */
export const waitNode = defineNode({
  description: {
    type: "n8n-nodes-base.wait",
    versions: [1.1],
    displayName: "Wait",
    group: ["organization"],
    description: "Wait before continue with execution",
    defaults: { name: "Wait", color: "#804050" },
    inputs: 1,
    outputs: 1,
    sideEffects: "none",
    credentials: waitCredentials,
    parameters: waitParameters({ amount: 5, unit: "seconds" }),
  },
  execute: (ctx) => executeWait(ctx),
});

/** Wait v1: as v1.1, but a time interval defaults to 1 hour. */
export const waitV1Node = defineNode({
  description: { ...waitNode.description, versions: [1], parameters: waitParameters({ amount: 1, unit: "hours" }) },
  execute: (ctx) => executeWait(ctx),
});

function readWaitLimit(limited: boolean, ctx: WaitContext, now: number): Date | undefined {
  if (!limited) return undefined;
  if (ctx.getNodeParameter("limitType", 0, "afterTimeInterval") === "atSpecifiedTime") {
    const until = parseWaitDate(ctx.getNodeParameter("maxDateAndTime", 0), ctx.workflow.timezone);
    if (!until) throw new NodeOperationError("[Wait node] 'Max Date and Time' is not a valid date", { itemIndex: 0, description: "Pick the latest date and time to wait until." });
    return until;
  }
  return new Date(now + durationMs(ctx.getNodeParameter("resumeAmount", 0, 1), ctx.getNodeParameter("resumeUnit", 0, "hours"), "resumeAmount"));
}
