import { type Job, type JobsOptions, Queue, Worker, type WorkerOptions } from "bullmq";
import type { Redis } from "ioredis";
import type { z } from "zod";
import { assertHashTaggedPrefix, type JobDefinition, parseJobPayload } from "./job-definition";

/** A queue handle for a job definition; keys live under `prefix` (must carry a hash tag such as `{bos}`). */
export function openQueue<S extends z.ZodType>(definition: JobDefinition<S>, connection: Redis, prefix: string): Queue {
  assertHashTaggedPrefix(prefix);
  return new Queue(definition.queue, { connection, prefix, defaultJobOptions: definition.options });
}

export interface EnqueueOptions {
  /** The job id; for executions, the execution id (a second add with the same id is ignored by BullMQ). */
  jobId: string;
  /** Delay in ms before the job may run. */
  delay?: number;
  /** BullMQ priority, 1 (highest) and up; absent: before every prioritized job. */
  priority?: number;
}

/** Validates the payload against the definition and adds the job with the definition's options. */
export async function enqueueJob<S extends z.ZodType>(queue: Queue, definition: JobDefinition<S>, payload: z.input<S>, options: EnqueueOptions): Promise<Job> {
  const data = parseJobPayload(definition, payload);
  const opts: JobsOptions = { ...definition.options, jobId: options.jobId };
  if (options.delay !== undefined && options.delay > 0) opts.delay = Math.ceil(options.delay);
  if (options.priority !== undefined && options.priority > 0) opts.priority = options.priority;
  return queue.add(definition.name, data, opts);
}

export type JobProcessor<S extends z.ZodType> = (payload: z.output<S>, job: Job, token: string | undefined) => Promise<void>;

/**
 * A BullMQ worker for one job definition: every job's payload is validated before `processor` sees it
 * (an invalid payload fails the job at once, without retries).
 */
export function createJobWorker<S extends z.ZodType>(
  definition: JobDefinition<S>,
  connection: Redis,
  prefix: string,
  processor: JobProcessor<S>,
  options: Omit<WorkerOptions, "connection" | "prefix"> = {},
): Worker {
  assertHashTaggedPrefix(prefix);
  return new Worker(
    definition.queue,
    async (job, token) => {
      const payload = parseJobPayload(definition, job.data);
      await processor(payload, job, token);
    },
    { ...options, connection, prefix },
  );
}
