import type { Database, Kysely } from "@bos/db";
import type { ExecutionEventPublisher, ExecutionEventSubscriber } from "@bos/queue";
import type { Queue } from "bullmq";

/** The log calls the services make (a pino logger fits). */
export interface ServiceLog {
  warn(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
}

/**
 * What the execution services are built from; passed in (no globals). The API, the gateway and the worker
 * each open these once: `queue = openQueue(executionJob, redis, prefix)`,
 * `subscriber = new ExecutionEventSubscriber(redis, prefix)`, `publisher = new ExecutionEventPublisher(redis, { prefix })`.
 */
export interface ExecutionServiceDeps {
  db: Kysely<Database>;
  /** The executions queue (`openQueue(executionJob, ...)`). */
  queue: Queue;
  /** Needed by waitForCompletion (and startExecution with `wait`). */
  subscriber?: ExecutionEventSubscriber;
  /** Needed by cancelExecution to tell the worker and listeners. */
  publisher?: ExecutionEventPublisher;
  log?: ServiceLog;
}
