import type { Redis } from "ioredis";
import { redisKeys } from "./keys";

/** Terminal statuses an execution can finish with. */
export type FinishedStatus = "succeeded" | "failed" | "canceled";

interface EventBase {
  executionId: string;
  tenantId: string;
  workflowId: string;
  /** Epoch ms. */
  at: number;
}

/**
 * Events of an execution, discriminated on `type`. Every event is published on the execution's Pub/Sub
 * channel (live: waitForCompletion, SSE, the builder's view); the lifecycle events (`execution.*`) are also
 * appended to the tenant's stream (durable fan-out: gateway, event bus; XREAD or consumer groups).
 */
export type ExecutionEvent =
  | (EventBase & { type: "execution.started"; resumed: boolean })
  | (EventBase & { type: "node.started"; node: string; runIndex: number })
  | (EventBase & { type: "node.finished"; node: string; runIndex: number; status: "success" | "error"; executionTime: number })
  | (EventBase & { type: "execution.waiting"; waitUntil: string | null; webhookReply?: WebhookReplyData })
  | (EventBase & {
      type: "execution.finished";
      status: FinishedStatus;
      error?: { code?: string; message: string; node?: string };
      /** Postgres commits the worker made for this execution, resumed runs included (benchmarks read it). */
      commits?: number;
      /**
       * Platform events the run's steps recorded (Publish Event nodes' outbox). 0 tells the gateway's bus bridge
       * there is nothing to read back from the steps; absent (unknown), it reads them.
       */
      recordedEvents?: number;
      webhookReply?: WebhookReplyData;
    });

/**
 * What a synchronous webhook answers with, as the worker read it from the run it has just committed, so the
 * trigger gateway need not read the steps back: for `responseNode`, the first Respond to Webhook response in
 * execution order (null: none recorded yet); for `lastNode`, the first output of the node that ran last.
 * Only on the events of executions whose trigger asked for it (trigger payload `respond`), only when small
 * (WEBHOOK_REPLY_MAX_BYTES), and only on the execution's channel, never in the tenant stream. Absent, the
 * gateway reads the committed steps, which hold the same data.
 */
export type WebhookReplyData = { mode: "responseNode"; response: unknown } | { mode: "lastNode"; items: unknown[] };

/** Largest webhook reply (JSON bytes) an event carries; a larger one is read from Postgres by the gateway. */
export const WEBHOOK_REPLY_MAX_BYTES = 64 * 1024;

/** Control messages to workers (cancel a run in progress). */
export type ControlMessage = { type: "cancel"; executionId: string };

/** In-flight progress kept in Redis under a TTL. */
export interface ExecutionProgress {
  status: "running" | "waiting" | FinishedStatus;
  lastNode?: string;
  nodeRuns: number;
  updatedAt: number;
}

export interface EventPublisherOptions {
  prefix: string;
  /** TTL of the progress key, seconds. Default 3600. */
  progressTtlSeconds?: number;
  /** Approximate length the tenant streams are trimmed to. Default 10,000. */
  streamMaxLength?: number;
}

/**
 * Publishes execution events. Writes are pipelined and not awaited by the worker's hot path; Redis being
 * briefly unreachable loses live events only (Postgres stays the record).
 */
export class ExecutionEventPublisher {
  private readonly ttl: number;
  private readonly maxLen: number;

  constructor(
    private readonly redis: Redis,
    private readonly options: EventPublisherOptions,
  ) {
    this.ttl = options.progressTtlSeconds ?? 3600;
    this.maxLen = options.streamMaxLength ?? 10_000;
  }

  async publish(event: ExecutionEvent, progress?: ExecutionProgress): Promise<void> {
    await this.publishBatch([event], progress);
  }

  /**
   * Publishes events of ONE execution in order with one round trip: a single Pub/Sub message (a JSON array
   * when there are several; ExecutionEventSubscriber unpacks it), one stream entry per lifecycle event, and
   * the progress key.
   */
  async publishBatch(events: ExecutionEvent[], progress?: ExecutionProgress): Promise<void> {
    const first = events[0];
    if (!first) return;
    const { prefix } = this.options;
    const pipeline = this.redis.pipeline();
    pipeline.publish(redisKeys.executionChannel(prefix, first.executionId), JSON.stringify(events.length === 1 ? first : events));
    // Node events are live only (the execution's channel); the tenant stream keeps the lifecycle events.
    for (const event of events) {
      if (event.type.startsWith("node.")) continue;
      // The webhook reply is for the gateway waiting on the channel; the stream keeps lifecycle facts only.
      const entry = "webhookReply" in event ? { ...event, webhookReply: undefined } : event;
      pipeline.xadd(redisKeys.tenantStream(prefix, event.tenantId), "MAXLEN", "~", String(this.maxLen), "*", "event", JSON.stringify(entry));
    }
    if (progress) pipeline.set(redisKeys.progress(prefix, first.executionId), JSON.stringify(progress), "EX", this.ttl);
    const results = await pipeline.exec();
    const failed = results?.find(([error]) => error);
    if (failed?.[0]) throw failed[0];
  }

  async sendControl(message: ControlMessage): Promise<void> {
    await this.redis.publish(redisKeys.controlChannel(this.options.prefix), JSON.stringify(message));
  }
}

/** Reads the in-flight progress of an execution (undefined when none or expired). */
export async function readProgress(redis: Redis, prefix: string, executionId: string): Promise<ExecutionProgress | undefined> {
  const raw = await redis.get(redisKeys.progress(prefix, executionId));
  return raw ? (JSON.parse(raw) as ExecutionProgress) : undefined;
}

type Listener = (event: ExecutionEvent) => void;

/**
 * One Pub/Sub connection shared by every listener of a process (API, gateway): channels are subscribed on
 * first use and unsubscribed when their last listener leaves. `subscribe` resolves once Redis confirmed the
 * subscription, so a caller may then read Postgres and be sure not to miss a later event.
 */
export class ExecutionEventSubscriber {
  private readonly subscriber: Redis;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly controlListeners = new Set<(message: ControlMessage) => void>();
  private controlSubscribed = false;

  constructor(
    redis: Redis,
    private readonly prefix: string,
  ) {
    this.subscriber = redis.duplicate({ maxRetriesPerRequest: null });
    this.subscriber.on("message", (channel: string, message: string) => this.dispatch(channel, message));
    // Errors surface on the owner's connection; the duplicate reconnects by itself (ioredis re-subscribes).
    this.subscriber.on("error", () => undefined);
  }

  async subscribe(executionId: string, listener: Listener): Promise<() => Promise<void>> {
    const channel = redisKeys.executionChannel(this.prefix, executionId);
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      set.add(listener);
      await this.subscriber.subscribe(channel);
    } else {
      set.add(listener);
    }
    return async () => {
      const current = this.listeners.get(channel);
      if (!current) return;
      current.delete(listener);
      if (current.size === 0) {
        this.listeners.delete(channel);
        await this.subscriber.unsubscribe(channel);
      }
    };
  }

  /** Workers listen for cancel requests. */
  async onControl(listener: (message: ControlMessage) => void): Promise<void> {
    this.controlListeners.add(listener);
    if (!this.controlSubscribed) {
      this.controlSubscribed = true;
      await this.subscriber.subscribe(redisKeys.controlChannel(this.prefix));
    }
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.controlListeners.clear();
    this.subscriber.disconnect();
  }

  private dispatch(channel: string, message: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      // Not ours (someone published garbage on our channel): ignoring it is the only sane option.
      return;
    }
    if (channel === redisKeys.controlChannel(this.prefix)) {
      for (const listener of this.controlListeners) listener(parsed as ControlMessage);
      return;
    }
    const set = this.listeners.get(channel);
    if (!set) return;
    const events = (Array.isArray(parsed) ? parsed : [parsed]) as ExecutionEvent[];
    for (const event of events) for (const listener of [...set]) listener(event);
  }
}
