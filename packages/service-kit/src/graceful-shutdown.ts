import type { Logger } from "pino";

export interface ShutdownOptions {
  log: Logger;
  /** Stops intake, drains in-flight work, closes pools; called once. */
  close: () => Promise<void>;
  /** Exit anyway after this many ms; default 20000. */
  timeoutMs?: number;
  signals?: NodeJS.Signals[];
}

/**
 * On SIGTERM/SIGINT: runs `close` once, then exits 0 (1 when close failed or timed out). A second signal
 * during the drain is logged and ignored, so `kill` twice does not cut the drain short.
 */
export function installGracefulShutdown(options: ShutdownOptions): void {
  let closing = false;
  const handler = (signal: NodeJS.Signals) => {
    if (closing) {
      options.log.warn({ signal }, "shutdown already in progress");
      return;
    }
    closing = true;
    options.log.info({ signal }, "shutting down: no new work, draining");
    const timer = setTimeout(() => {
      options.log.error({ timeoutMs: options.timeoutMs ?? 20000 }, "shutdown timed out; exiting");
      process.exit(1);
    }, options.timeoutMs ?? 20000);
    timer.unref();
    options.close().then(
      () => {
        options.log.info("shut down cleanly");
        process.exit(0);
      },
      (error: unknown) => {
        options.log.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  for (const signal of options.signals ?? ["SIGTERM", "SIGINT"]) process.on(signal, handler);
}
