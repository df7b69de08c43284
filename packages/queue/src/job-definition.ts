import type { JobsOptions } from "bullmq";
import type { z } from "zod";
import { InvalidJobPayloadError, InvalidQueuePrefixError } from "./errors";

/**
 * A job defined once: the queue it goes to, its name, the payload schema and the default options.
 * Producers (`enqueueJob`) and consumers (`createJobWorker`) both validate the payload against it.
 */
export interface JobDefinition<S extends z.ZodType> {
  queue: string;
  name: string;
  schema: S;
  options: JobsOptions;
}

export type JobPayload<D> = D extends JobDefinition<infer S> ? z.output<S> : never;

export function defineJob<S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> {
  return definition;
}

/** Parses a payload or throws InvalidJobPayloadError listing every problem. */
export function parseJobPayload<S extends z.ZodType>(definition: JobDefinition<S>, data: unknown): z.output<S> {
  const parsed = definition.schema.safeParse(data);
  if (parsed.success) return parsed.data;
  throw new InvalidJobPayloadError(
    definition.name,
    parsed.error.issues.map((issue) => `${issue.path.join(".") || "(payload)"}: ${issue.message}`),
  );
}

/** The default BullMQ prefix: a hash tag, so every key of a queue lands in one Redis Cluster slot. */
export const DEFAULT_QUEUE_PREFIX = "{bos}";

export function assertHashTaggedPrefix(prefix: string): void {
  if (!/\{[^{}]+\}/.test(prefix)) throw new InvalidQueuePrefixError(prefix);
}
