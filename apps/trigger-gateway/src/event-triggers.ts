import { createHash } from "node:crypto";
import { type Database, type Kysely, withTenant } from "@bos/db";
import { eventPassesFilter, eventTypeMatches, type PlatformEvent, publishEvents, type Subscription, subscribe } from "@bos/event-bus";
import { type ExecutionServiceDeps, QuotaExceededError, startExecution } from "@bos/executions";
import type { ExecutionEvent } from "@bos/queue";
import { redisKeys } from "@bos/queue";
import type { Redis } from "ioredis";
import { sql } from "kysely";
import type { Logger } from "pino";
import type { RoutingTable } from "./routing-table";

/** A uuid derived from text (stable): the execution id of an event's run, so a redelivered event starts nothing new. */
export function stableUuid(text: string): string {
  const h = createHash("sha256").update(text).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((Number.parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "23505";
}

/**
 * Starts the workflows whose Event Trigger matches each bus event (type pattern and filter, same tenant).
 * Consumer group `trigger-gateway` from the start of the stream: events published while every gateway was
 * down are read when one comes back. The run's execution id derives from (tenant, event id, workflow, node),
 * so a redelivered event starts no second run; the entry is acknowledged after every run was admitted.
 */
export async function startEventTriggers(deps: { redis: Redis; prefix: string; table: RoutingTable; executions: ExecutionServiceDeps; log: Logger; consumer: string }): Promise<Subscription> {
  return subscribe(deps.redis, {
    prefix: deps.prefix,
    group: "trigger-gateway",
    consumer: deps.consumer,
    startAt: "0",
    retryAfterMs: 10_000,
    onError: (error, entryId) => deps.log.warn({ err: error, entryId }, "event trigger delivery failed; it is retried"),
    handler: async (event) => {
      for (const subscription of deps.table.subscriptionsOf(event.tenant)) {
        if (!eventTypeMatches(subscription.eventType, event.type) || !eventPassesFilter(subscription.filter, event)) continue;
        const executionId = stableUuid(`${event.tenant}:${event.id}:${subscription.workflowId}:${subscription.node}`);
        // A redelivered event: its run exists already (checked first, so a duplicate id never reaches a batched admission).
        const started = await withTenant(deps.executions.db, event.tenant, (trx) =>
          trx.selectFrom("executions").select("id").where("tenant_id", "=", event.tenant).where("id", "=", executionId).executeTakeFirst(),
        );
        if (started) continue;
        try {
          await startExecution(deps.executions, {
            tenantId: event.tenant,
            workflowId: subscription.workflowId,
            mode: "production",
            executionId,
            trigger: { kind: "event", payload: { node: subscription.node, eventType: event.type, eventId: event.id } },
            input: [{ json: { type: event.type, tenant: event.tenant, id: event.id, data: event.data, occurredAt: event.occurredAt } }],
          });
        } catch (error) {
          if (isUniqueViolation(error)) continue; // started by an earlier delivery
          if (error instanceof QuotaExceededError) {
            deps.log.warn({ err: error, workflowId: subscription.workflowId }, "event-triggered run refused over quota (recorded)");
            continue;
          }
          throw error;
        }
      }
    },
  });
}

/**
 * Carries workflow outputs onto the bus: reads the executions' event streams (`<prefix>:events:<tenant>`,
 * written by the workers; consumer group `trigger-gateway-bus`) and for each finished execution publishes
 * `workflow.execution.succeeded` / `.failed` and the events its Publish Event nodes recorded (an outbox in
 * the committed steps). Event ids are derived from the execution, so a redelivery republishes the same ids.
 */
export class ExecutionEventBridge {
  private stopped = false;
  private readonly connection: Redis;
  private streams = new Set<string>();
  private running: Promise<void> | undefined;
  private lastScan = 0;
  private lastClaim = 0;

  constructor(private readonly deps: { db: Kysely<Database>; redis: Redis; prefix: string; log: Logger; consumer: string; completionEvents: boolean }) {
    this.connection = deps.redis.duplicate({ maxRetriesPerRequest: null });
    this.connection.on("error", () => undefined);
  }

  start(): void {
    this.running = this.loop();
  }

  async close(): Promise<void> {
    this.stopped = true;
    this.connection.disconnect();
    await this.running;
  }

  private async scan(): Promise<void> {
    this.lastScan = Date.now();
    let cursor = "0";
    const pattern = `${redisKeys.tenantStream(this.deps.prefix, "")}*`;
    do {
      const [next, keys] = await this.connection.scan(cursor, "MATCH", pattern, "COUNT", 500, "TYPE", "stream");
      cursor = next;
      for (const key of keys) {
        if (this.streams.has(key)) continue;
        try {
          await this.connection.xgroup("CREATE", key, "trigger-gateway-bus", "0", "MKSTREAM");
        } catch (error) {
          if (!(error instanceof Error && error.message.includes("BUSYGROUP"))) throw error;
        }
        this.streams.add(key);
      }
    } while (cursor !== "0");
  }

  /** Entries another (crashed) gateway read but never acknowledged, idle over 30 s: taken over and handled here. */
  private async claimAbandoned(): Promise<void> {
    this.lastClaim = Date.now();
    for (const key of this.streams) {
      const claimed = (await this.connection.xautoclaim(key, "trigger-gateway-bus", this.deps.consumer, 30_000, "0-0", "COUNT", 200)) as [string, Array<[string, string[]] | null>];
      const entries = (claimed[1] ?? []).filter((entry): entry is [string, string[]] => Array.isArray(entry) && Array.isArray(entry[1]));
      if (entries.length === 0) continue;
      await this.handle(entries);
      await this.connection.xack(key, "trigger-gateway-bus", ...entries.map(([id]) => id));
    }
  }

  private async loop(): Promise<void> {
    let pendingFirst = true;
    while (!this.stopped) {
      try {
        if (Date.now() - this.lastScan > 2000) await this.scan();
        if (Date.now() - this.lastClaim > 10_000) await this.claimAbandoned();
        if (this.streams.size === 0) {
          await new Promise((resolve) => setTimeout(resolve, 500));
          continue;
        }
        const keys = [...this.streams];
        // First our own pending entries (a crash before XACK), then new ones.
        const ids = keys.map(() => (pendingFirst ? "0" : ">"));
        const args: Array<string | number> = ["GROUP", "trigger-gateway-bus", this.deps.consumer, "COUNT", 500, ...(pendingFirst ? [] : ["BLOCK", 1000]), "STREAMS", ...keys, ...ids];
        const read = (await this.connection.call("XREADGROUP", ...args)) as Array<[string, Array<[string, string[]]>]> | null;
        if (pendingFirst && (!read || read.every(([, entries]) => entries.length === 0))) pendingFirst = false;
        if (!read) continue;
        for (const [stream, entries] of read) {
          if (entries.length === 0) continue;
          await this.handle(entries);
          await this.connection.xack(stream, "trigger-gateway-bus", ...entries.map(([id]) => id));
        }
      } catch (error) {
        if (this.stopped) break;
        pendingFirst = true; // what failed stays pending for this consumer: read it again first
        this.deps.log.warn({ err: error }, "execution event bridge error; retrying");
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  private async handle(entries: Array<[string, string[]]>): Promise<void> {
    const out: PlatformEvent[] = [];
    for (const [, fields] of entries) {
      const index = fields.indexOf("event");
      if (index === -1) continue;
      let event: ExecutionEvent;
      try {
        event = JSON.parse(fields[index + 1] ?? "") as ExecutionEvent;
      } catch {
        continue;
      }
      if (event.type !== "execution.finished") continue;
      const occurredAt = new Date(event.at).toISOString();
      if (this.deps.completionEvents && (event.status === "succeeded" || event.status === "failed")) {
        out.push({
          type: `workflow.execution.${event.status}`,
          tenant: event.tenantId,
          id: `${event.executionId}:${event.status}`,
          data: { executionId: event.executionId, workflowId: event.workflowId, status: event.status, ...(event.error ? { error: event.error } : {}) },
          occurredAt,
        });
      }
      // The worker counts the events its steps recorded; with none there is nothing to read back.
      if (event.recordedEvents !== 0) out.push(...(await this.recordedEvents(event.tenantId, event.executionId)));
    }
    await publishEvents(this.deps.redis, out, { prefix: this.deps.prefix });
  }

  /** Events Publish Event nodes recorded in the run's committed steps (`metadata.events`). */
  private async recordedEvents(tenantId: string, executionId: string): Promise<PlatformEvent[]> {
    const rows = await withTenant(this.deps.db, tenantId, (trx) =>
      sql<{ events: PlatformEvent[] }>`
        SELECT output->'metadata'->'events' AS events FROM execution_steps
        WHERE tenant_id = ${tenantId} AND execution_id = ${executionId} AND output->'metadata' ? 'events'
        ORDER BY execution_index, id`.execute(trx),
    );
    const events: PlatformEvent[] = [];
    for (const row of rows.rows) for (const event of row.events ?? []) events.push({ ...event, tenant: tenantId });
    return events;
  }
}
