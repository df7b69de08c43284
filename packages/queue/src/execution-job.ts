import { z } from "zod";
import { defineJob } from "./job-definition";

/** The queue that carries one job per execution. */
export const EXECUTIONS_QUEUE = "executions";

/**
 * One job per execution; the job id is the execution id, so enqueuing the same execution twice adds one
 * job (and the worker treats a job whose execution already finished as done). A waiting execution's job
 * is the same job, moved to the delayed set until the wait ends.
 *
 * Options: attempts/backoff cover infrastructure failures (Postgres or Redis unreachable, the worker's
 * lease lost to another worker); a workflow that fails is a finished execution, not a job retry.
 * Completed jobs are removed at once: the execution row in Postgres is the record.
 */
export const executionJob = defineJob({
  queue: EXECUTIONS_QUEUE,
  name: "execution",
  schema: z.object({
    executionId: z.uuid(),
    tenantId: z.uuid(),
    /**
     * The execution as admission has just committed it (status queued, lease token 0), so the worker's first
     * attempt can start without reading it back. Only admission sets it, only when the input is small
     * (ADMITTED_SNAPSHOT_MAX_BYTES); re-deliveries, retries and jobs enqueued by the reconciler or a resume read
     * Postgres. A stale snapshot cannot write: the first commit is fenced by lease token 0.
     */
    admitted: z
      .object({
        workflowId: z.uuid(),
        versionId: z.uuid(),
        mode: z.enum(["production", "test", "dry-run"]),
        input: z.array(z.unknown()),
        triggerPayload: z.unknown().optional(),
      })
      .optional(),
  }),
  options: {
    attempts: 5,
    backoff: { type: "exponential", delay: 1000 },
    removeOnComplete: true,
    removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
  },
});

export type ExecutionJobPayload = z.output<typeof executionJob.schema>;

/** Largest input (JSON bytes) an admitted snapshot carries on the job; a larger one is read from Postgres. */
export const ADMITTED_SNAPSHOT_MAX_BYTES = 64 * 1024;

/** BullMQ priorities: 1 is the highest; jobs without a priority go before every prioritized one. */
export const EXECUTION_PRIORITY = { high: 1, normal: 5, low: 10 } as const;
