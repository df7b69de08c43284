import { hostname } from "node:os";
import type { Redis } from "ioredis";
import { assertValidEvent, type PlatformEvent } from "./platform-event";

/** Where the bus lives: one stream under the prefix (a Redis Cluster hash tag such as `{bos}`). */
export interface BusOptions {
  /** Key prefix; default `{bos}`. The stream is `<prefix>:bus`. */
  prefix?: string;
  /** Approximate number of events the stream keeps (MAXLEN ~). Default 100,000. */
  maxLength?: number;
}

export const DEFAULT_BUS_PREFIX = "{bos}";

/** The Redis key of the bus stream. */
export function busStreamKey(prefix = DEFAULT_BUS_PREFIX): string {
  return `${prefix}:bus`;
}

/**
 * Puts one event on the bus (XADD). Resolves with the stream entry id once Redis has it; consumers that are
 * down get it when they come back (consumer groups). Throws WF_EVENT_INVALID for a malformed event.
 *
 * @example
 * await publishEvent(redis, { type: "crm.contact.created", tenant: tenantId, id: "contact-42", data: { id: 42 }, occurredAt: new Date().toISOString() });
 */
export async function publishEvent(redis: Redis, event: PlatformEvent, options: BusOptions = {}): Promise<string> {
  assertValidEvent(event);
  const body = JSON.stringify({ type: event.type, tenant: event.tenant, id: event.id, data: event.data ?? null, occurredAt: event.occurredAt });
  const id = await redis.xadd(busStreamKey(options.prefix), "MAXLEN", "~", String(options.maxLength ?? 100_000), "*", "event", body);
  return id ?? "";
}

/** Publishes several events in one round trip; resolves with their stream ids in order. */
export async function publishEvents(redis: Redis, events: PlatformEvent[], options: BusOptions = {}): Promise<string[]> {
  if (events.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const event of events) {
    assertValidEvent(event);
    const body = JSON.stringify({ type: event.type, tenant: event.tenant, id: event.id, data: event.data ?? null, occurredAt: event.occurredAt });
    pipeline.xadd(busStreamKey(options.prefix), "MAXLEN", "~", String(options.maxLength ?? 100_000), "*", "event", body);
  }
  const results = (await pipeline.exec()) ?? [];
  return results.map(([error, id]) => {
    if (error) throw error;
    return String(id);
  });
}

export interface SubscribeOptions extends BusOptions {
  /** The consumer group: every group gets every event once; consumers of one group share them. */
  group: string;
  /** This consumer's name inside the group; default host:pid. */
  consumer?: string;
  /**
   * Called for each event; the event is acknowledged (XACK) when it resolves. When it throws, the event stays
   * pending and is delivered again after `retryAfterMs` (to this or another consumer of the group).
   */
  handler: (event: PlatformEvent, entryId: string) => Promise<void>;
  /** Where a new group starts: `$` (only new events, default) or `0` (everything the stream holds). */
  startAt?: "$" | "0";
  /** Events read per call. Default 100. */
  batchSize?: number;
  /** Longest block of one read, ms. Default 1000 (also bounds how long close() waits). */
  blockMs?: number;
  /** Pending events idle this long are claimed again (a crashed consumer's, or failed ones), ms. Default 30,000. */
  retryAfterMs?: number;
  /** Reports handler failures and malformed entries (not thrown: the loop goes on). */
  onError?: (error: unknown, entryId?: string) => void;
}

export interface Subscription {
  /** Stops reading (after the current batch) and closes the subscription's connection. */
  close(): Promise<void>;
}

type StreamEntry = [id: string, fields: string[]];

/**
 * Consumes the bus durably with a consumer group (XREADGROUP): events published while no consumer ran are
 * delivered when one starts; each event is acknowledged after its handler resolved; events left pending by
 * a crashed consumer or a failed handler are claimed again (XAUTOCLAIM) after `retryAfterMs`. Delivery is
 * at least once: handlers must be idempotent on `event.id`.
 *
 * @example
 * const sub = await subscribe(redis, { group: "crm-sync", handler: async (event) => { ... } });
 * await sub.close();
 */
export async function subscribe(redis: Redis, options: SubscribeOptions): Promise<Subscription> {
  const stream = busStreamKey(options.prefix);
  const consumer = options.consumer ?? `${hostname()}:${process.pid}`;
  const connection = redis.duplicate({ maxRetriesPerRequest: null });
  connection.on("error", () => undefined);
  await ensureGroup(connection, stream, options.group, options.startAt ?? "$");
  let stopped = false;
  const batch = options.batchSize ?? 100;
  const block = options.blockMs ?? 1000;
  const retryAfter = options.retryAfterMs ?? 30_000;
  let lastClaim = 0;

  const handle = async (entries: StreamEntry[]): Promise<void> => {
    const acks: string[] = [];
    for (const [entryId, fields] of entries) {
      const event = parseEntry(fields);
      if (!event) {
        options.onError?.(new Error(`bus entry ${entryId} is not an event; acknowledged and skipped`), entryId);
        acks.push(entryId);
        continue;
      }
      try {
        await options.handler(event, entryId);
        acks.push(entryId);
      } catch (error) {
        options.onError?.(error, entryId);
      }
    }
    if (acks.length > 0) await connection.xack(stream, options.group, ...acks);
  };

  const loop = async (): Promise<void> => {
    while (!stopped) {
      try {
        if (Date.now() - lastClaim >= Math.min(retryAfter, 5000)) {
          lastClaim = Date.now();
          const claimed = (await connection.xautoclaim(stream, options.group, consumer, retryAfter, "0-0", "COUNT", batch)) as [string, StreamEntry[]];
          const entries = (claimed[1] ?? []).filter((entry): entry is StreamEntry => Array.isArray(entry) && Array.isArray(entry[1]));
          if (entries.length > 0) await handle(entries);
        }
        const read = (await connection.xreadgroup("GROUP", options.group, consumer, "COUNT", batch, "BLOCK", block, "STREAMS", stream, ">")) as Array<[string, StreamEntry[]]> | null;
        if (read) for (const [, entries] of read) await handle(entries);
      } catch (error) {
        if (stopped) break;
        if (error instanceof Error && error.message.includes("NOGROUP")) await ensureGroup(connection, stream, options.group, "0").catch(() => undefined);
        options.onError?.(error);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  };
  const running = loop();
  return {
    async close() {
      stopped = true;
      connection.disconnect();
      await running;
    },
  };
}

async function ensureGroup(connection: Redis, stream: string, group: string, startAt: string): Promise<void> {
  try {
    await connection.xgroup("CREATE", stream, group, startAt, "MKSTREAM");
  } catch (error) {
    if (!(error instanceof Error && error.message.includes("BUSYGROUP"))) throw error;
  }
}

function parseEntry(fields: string[]): PlatformEvent | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] !== "event") continue;
    try {
      const parsed = JSON.parse(fields[i + 1] ?? "") as PlatformEvent;
      if (parsed && typeof parsed.type === "string" && typeof parsed.tenant === "string" && typeof parsed.id === "string") return parsed;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
