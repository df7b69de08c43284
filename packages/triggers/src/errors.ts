import { ServiceError } from "@bos/service-kit";

/** A path and method already served by another active workflow of the tenant (or twice in this one). */
export interface WebhookClash {
  method: string;
  path: string;
  /** The workflow already serving it (same tenant, so it may be named). */
  workflowId: string;
  workflowName: string;
  node: string;
}

/** Publish refused: webhook paths clash inside the tenant. `details.clashes` lists every one. */
export class WebhookPathClashError extends ServiceError {
  constructor(readonly clashes: WebhookClash[]) {
    super(
      "WF_TRIGGER_WEBHOOK_CLASH",
      `webhook path clash: ${clashes.map((c) => `${c.method} /${c.path} is already served by workflow "${c.workflowName}" (${c.workflowId}, node "${c.node}")`).join("; ")}. ` +
        "Change the path or method of the Webhook node, or deactivate the other workflow first",
      409,
      { clashes },
    );
  }
}

/** A trigger node whose settings cannot be registered (bad path, schedule rule, event pattern). */
export class InvalidTriggerError extends ServiceError {
  constructor(readonly problems: Array<{ node: string; problem: string }>) {
    super(
      "WF_TRIGGER_INVALID",
      `invalid trigger settings: ${problems.map((p) => `node "${p.node}": ${p.problem}`).join("; ")}`,
      422,
      { problems },
    );
  }
}
