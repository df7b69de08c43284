import type { ExecutionEvent, ExecutionEventSubscriber, WebhookReplyData } from "@bos/queue";

/** `reply`: the webhook reply the worker put on the event (see WebhookReplyData); absent, read it from Postgres. */
export type WatchOutcome =
  | { kind: "finished"; status: string; error?: unknown; reply?: WebhookReplyData }
  | { kind: "waiting"; reply?: WebhookReplyData }
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
      const reply = event && "webhookReply" in event && event.webhookReply ? { reply: event.webhookReply } : {};
      if (event?.type === "execution.finished") return { kind: "finished", status: event.status, ...(event.error ? { error: event.error } : {}), ...reply };
      if (event?.type === "execution.waiting") return { kind: "waiting", ...reply };
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
