/** Errors of @bos/queue. Codes are stable (`WF_QUEUE_*`) and documented in docs/errors.md. */
export class QueueError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus: number,
    readonly retryable: boolean,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "QueueError";
  }
}

/** A job payload that does not match its definition (producer or consumer side). */
export class InvalidJobPayloadError extends QueueError {
  constructor(job: string, issues: string[]) {
    super("WF_QUEUE_INVALID_PAYLOAD", `job "${job}" has an invalid payload: ${issues.join("; ")}. Build it with the job definition's types`, 500, false, { job, issues });
  }
}

/** A queue prefix without a Redis Cluster hash tag would spread one queue's keys over many slots. */
export class InvalidQueuePrefixError extends QueueError {
  constructor(prefix: string) {
    super("WF_QUEUE_INVALID_PREFIX", `queue prefix "${prefix}" has no Redis Cluster hash tag; use one such as "{bos}" so a queue's keys share one slot`, 500, false, { prefix });
  }
}
