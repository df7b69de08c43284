import type { CredentialKeyring } from "@bos/credentials";
import type { Database, Kysely } from "@bos/db";
import type { ExecutionServiceDeps } from "@bos/executions";
import type { NodeDescriptionRegistry } from "@bos/workflow-schema";
import type { Redis } from "ioredis";
import type { InProcessEngine } from "./in-process-engine";

/** What the route plugins are built from (app.ts makes it once). */
export interface RouteDeps {
  db: Kysely<Database>;
  redis: Redis;
  /** The BullMQ / event key prefix shared with the worker (QUEUE_PREFIX). */
  queuePrefix: string;
  /** Node descriptions for validateWorkflow and the n8n import report. */
  registry: NodeDescriptionRegistry;
  /** The execution services' dependencies, with subscriber and publisher set. */
  executions: ExecutionServiceDeps;
  /** How long POST /workflows/{id}/test and `wait: true` runs wait before answering 202, ms. */
  runWaitMs: number;
  /** The keys credentials are encrypted with (CREDENTIALS_ENCRYPTION_KEY, CREDENTIALS_PREVIOUS_KEYS). */
  credentialKeyring: CredentialKeyring;
  /** The engine inside the API (dry runs, partial test runs, debug sessions). */
  inProcess: InProcessEngine;
}
