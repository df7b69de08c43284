import { createCredentialsProvider, createKeyring } from "@bos/credentials";
import { DEV_CREDENTIALS_ENCRYPTION_KEY } from "@bos/service-kit";
/**
 * Test setup shared by the API's integration tests: a fresh database and Redis key space, two tenants, the
 * app (buildApp) and tokens per role; optionally the executor worker running in this process.
 */
import { randomUUID } from "node:crypto";
import type { Role } from "@bos/db";
import { createLogNotifier } from "@bos/executions";
import { seedTenant, type SeedTenantOptions } from "@bos/executions/testing";
import { executionJob, openQueue } from "@bos/queue";
import { type TestDatabase, type TestRedis, createTestDatabase, createTestRedis } from "@bos/testing";
import type { Queue } from "bullmq";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { Redis } from "ioredis";
import pino from "pino";
// Tests only: the API's integration tests run the real worker in-process (apps do not import apps otherwise).
import { type ExecutionWorker, startExecutionWorker } from "@bos/executor";
import { buildApp } from "./app";

export const JWT = { secret: "api-test-secret-api-test-secret-0123456", issuer: "bos", audience: "bos-api" };

export interface Harness {
  t: TestDatabase;
  app: FastifyInstance;
  tenant: string;
  otherTenant: string;
  /** A bearer header for a user of `tenant` (default the main tenant) with these roles. */
  as(roles: Role[], tenant?: string): Record<string, string>;
  /** app.inject with `headers` merged. */
  call(options: InjectOptions & { headers?: Record<string, string> }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function startHarness(options: { worker?: boolean; quotas?: SeedTenantOptions } = {}): Promise<Harness> {
  const t = await createTestDatabase();
  const r: TestRedis = await createTestRedis();
  // BullMQ workers need maxRetriesPerRequest: null on their connection.
  const redis = new Redis(r.url, { maxRetriesPerRequest: null });
  const queue: Queue = openQueue(executionJob, redis, r.bullPrefix);
  const log = pino({ level: "silent" });
  const tenant = await seedTenant(t.adminDb, options.quotas);
  const otherTenant = await seedTenant(t.adminDb);
  let worker: ExecutionWorker | undefined;
  if (options.worker) {
    worker = await startExecutionWorker(
      { db: t.db, redis, queue, prefix: r.bullPrefix, log, notifier: createLogNotifier(log), credentials: createCredentialsProvider(t.db, createKeyring({ current: Buffer.from(DEV_CREDENTIALS_ENCRYPTION_KEY, "base64") })) },
      {
        concurrency: 4,
        lockDurationMs: 30000,
        stalledIntervalMs: 15000,
        maxStalledCount: 5,
        suspendAfterMs: 5000,
        reconcileIntervalMs: 0,
        reconcileMinAgeMs: 30000,
        nodeEvents: true,
        sandboxPoolSize: 1,
      },
    );
  }
  const app = await buildApp({
    config: { jwt: JWT, builderDistDir: "/nonexistent-builder-dist", queuePrefix: r.bullPrefix, runWaitMs: 20000 },
    db: t.db,
    redis,
    queue,
    log,
  });
  const users = new Map<string, string>();
  const as = (roles: Role[], forTenant = tenant) => {
    const key = `${forTenant}:${roles.join(",")}`;
    let sub = users.get(key);
    if (!sub) users.set(key, (sub = randomUUID()));
    return { authorization: `Bearer ${app.jwt.sign({ sub, tenant_id: forTenant, roles })}` };
  };
  return {
    t,
    app,
    tenant,
    otherTenant,
    as,
    call: (request) => app.inject(request),
    async close() {
      await worker?.close();
      await app.close();
      await queue.close();
      redis.disconnect();
      await r.cleanup();
      await t.drop();
    },
  };
}

/** Reads the fixture JSON freshly (tests change their copies). */
export function copyOf<T>(fixture: T): T {
  return structuredClone(fixture);
}
