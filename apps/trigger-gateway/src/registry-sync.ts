import type { Database, Kysely } from "@bos/db";
import { loadTriggerRegistry, type TriggerChangeNotice, triggerChangeChannel } from "@bos/triggers/routing";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { RoutingTable } from "./routing-table";

export interface RegistrySyncDeps {
  db: Kysely<Database>;
  redis: Redis;
  prefix: string;
  table: RoutingTable;
  log: Logger;
  /** Called after the table changed (all: undefined workflow). Schedules reconcile here. */
  onChange?: (workflowId: string | undefined) => Promise<void>;
}

/**
 * Keeps the routing table in step with the registry: loads everything on start, listens for change
 * notices on Redis Pub/Sub and reloads the named workflow, and reloads everything whenever the Pub/Sub
 * connection (re)subscribes (notices sent while it was away are not replayed by Redis).
 */
export class RegistrySync {
  private readonly subscriber: Redis;
  private queue: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly deps: RegistrySyncDeps) {
    this.subscriber = deps.redis.duplicate({ maxRetriesPerRequest: null, lazyConnect: true });
    this.subscriber.on("error", (error: unknown) => deps.log.debug({ err: error }, "registry Pub/Sub connection error"));
    this.subscriber.on("message", (_channel: string, message: string) => {
      let notice: TriggerChangeNotice;
      try {
        notice = JSON.parse(message) as TriggerChangeNotice;
      } catch {
        return;
      }
      if (typeof notice.workflowId !== "string") return;
      this.enqueue(() => this.reload(notice.workflowId));
    });
  }

  async start(): Promise<void> {
    await this.subscriber.connect();
    await this.subscriber.subscribe(triggerChangeChannel(this.deps.prefix));
    // After a reconnect ioredis re-subscribes; notices sent meanwhile are lost, so rebuild everything.
    this.subscriber.on("ready", () => this.enqueue(() => this.reload(undefined)));
    await this.reload(undefined);
  }

  /** Resolves once every notice received so far has been applied (tests, shutdown). */
  async settled(): Promise<void> {
    await this.queue;
  }

  /** Called after each applied change (tests wait on it). */
  onApplied(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.subscriber.disconnect();
    await this.queue.catch(() => undefined);
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((error: unknown) => this.deps.log.warn({ err: error }, "could not apply a trigger registry change; the next notice or reconnect retries"));
  }

  private async reload(workflowId: string | undefined): Promise<void> {
    const snapshot = await loadTriggerRegistry(this.deps.db, workflowId);
    if (workflowId === undefined) this.deps.table.replaceAll(snapshot);
    else this.deps.table.replaceWorkflow(workflowId, snapshot);
    await this.deps.onChange?.(workflowId);
    for (const listener of this.listeners) listener();
  }
}
