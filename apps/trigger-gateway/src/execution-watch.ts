import type { ExecutionEvent, ExecutionEventSubscriber } from "@bos/queue";

export type WatchOutcome =
  | { kind: "finished"; status: string; error?: unknown }
  | { kind: "waiting" }
  | { kind: "timeout" };

/**
 * Listens to one execution's events from before it is enqueued (so a fast run cannot finish unseen) and
 * hands them out: `next(deadline)` resolves with the next finished/waiting event or a timeout.
 */
export class ExecutionWatch {
  private readonly events: ExecutionEvent[] = [];
  private wake: (() => void) | undefined;
  private unsubscribe: (() => Promise<void>) | undefined;

  static async start(subscriber: ExecutionEventSubscriber, executionId: string): Promise<ExecutionWatch> {
    const watch = new ExecutionWatch();
    watch.unsubscribe = await subscriber.subscribe(executionId, (event) => {
      if (event.type !== "execution.finished" && event.type !== "execution.waiting") return;
      watch.events.push(event);
      watch.wake?.();
    });
    return watch;
  }

  async next(deadline: number): Promise<WatchOutcome> {
    for (;;) {
      const event = this.events.shift();
      if (event?.type === "execution.finished") return { kind: "finished", status: event.status, ...(event.error ? { error: event.error } : {}) };
      if (event?.type === "execution.waiting") return { kind: "waiting" };
      const remaining = deadline - Date.now();
      if (remaining <= 0) return { kind: "timeout" };
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        timer = setTimeout(resolve, remaining);
      });
      clearTimeout(timer);
      this.wake = undefined;
    }
  }

  async stop(): Promise<void> {
    await this.unsubscribe?.();
  }
}
