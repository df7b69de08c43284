import { createHash } from "node:crypto";
import { type ExecutionServiceDeps, QuotaExceededError, startExecution } from "@bos/executions";
import type { ScheduleSpec } from "@bos/nodes";
import type { RegisteredSchedule } from "@bos/triggers/routing";
import { type Job, Queue, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { RoutingTable } from "./routing-table";

/** The queue whose job schedulers fire Schedule Trigger rules. */
export const SCHEDULES_QUEUE = "trigger-schedules";

interface FireData {
  tenantId: string;
  workflowId: string;
  node: string;
  ruleIndex: number;
}

/** A scheduler id per rule: `<tenant>:<workflow>:<rule>:<node hash>` (node names may hold any character). */
export function schedulerIdOf(s: Pick<RegisteredSchedule, "tenantId" | "workflowId" | "node" | "ruleIndex">): string {
  return `${s.tenantId}:${s.workflowId}:${s.ruleIndex}:${createHash("sha1").update(s.node).digest("hex").slice(0, 12)}`;
}

function repeatOf(spec: ScheduleSpec, timezone: string): { pattern: string; tz: string } | { every: number } {
  return spec.kind === "period" ? { every: spec.ms } : { pattern: spec.expression, tz: timezone };
}

/**
 * Schedule Trigger rules as BullMQ job schedulers: Redis holds one scheduler per rule, so one job per tick
 * however many gateways run (BullMQ derives the job id from the scheduler and the tick) and none is lost
 * while gateways restart (the next job waits in Redis). Every gateway reconciles the schedulers with the
 * registry (Postgres) on start and on each change notice; each fire re-checks the routing table, so a
 * deactivated workflow's pending tick starts nothing.
 */
export class ScheduleManager {
  readonly queue: Queue;
  private worker: Worker | undefined;
  private workerConnection: Redis | undefined;

  constructor(
    private readonly deps: { redis: Redis; prefix: string; table: RoutingTable; executions: ExecutionServiceDeps; log: Logger },
  ) {
    this.queue = new Queue(SCHEDULES_QUEUE, { connection: deps.redis, prefix: deps.prefix, defaultJobOptions: { removeOnComplete: true, removeOnFail: { count: 1000 } } });
  }

  /** Starts consuming fires (after the routing table is loaded). */
  start(): void {
    this.workerConnection = this.deps.redis.duplicate({ maxRetriesPerRequest: null });
    this.worker = new Worker(SCHEDULES_QUEUE, (job) => this.fire(job), { connection: this.workerConnection, prefix: this.deps.prefix, concurrency: 4 });
    this.worker.on("error", (error) => this.deps.log.warn({ err: error }, "schedule worker error"));
  }

  /** Makes Redis's schedulers match the routing table (all, or one workflow's). */
  async reconcile(workflowId?: string): Promise<void> {
    const desired = new Map<string, RegisteredSchedule>();
    for (const s of this.deps.table.allSchedules()) if (workflowId === undefined || s.workflowId === workflowId) desired.set(schedulerIdOf(s), s);
    const existing = await this.queue.getJobSchedulers(0, -1);
    const seen = new Set<string>();
    for (const scheduler of existing) {
      const id = scheduler.key;
      if (workflowId !== undefined && id.split(":")[1] !== workflowId) continue;
      const want = desired.get(id);
      if (!want) {
        await this.queue.removeJobScheduler(id);
        continue;
      }
      const repeat = repeatOf(want.spec, want.timezone);
      const same = "every" in repeat ? Number(scheduler.every) === repeat.every : scheduler.pattern === repeat.pattern && (scheduler.tz ?? "UTC") === repeat.tz;
      if (same) seen.add(id);
    }
    for (const [id, s] of desired) {
      if (seen.has(id)) continue;
      const data: FireData = { tenantId: s.tenantId, workflowId: s.workflowId, node: s.node, ruleIndex: s.ruleIndex };
      await this.queue.upsertJobScheduler(id, repeatOf(s.spec, s.timezone), { name: "fire", data });
    }
  }

  async close(): Promise<void> {
    await this.worker?.close();
    this.workerConnection?.disconnect();
    await this.queue.close();
  }

  private async fire(job: Job): Promise<void> {
    const data = job.data as FireData;
    const schedule = this.deps.table.hasSchedule(data.tenantId, data.workflowId, data.node, data.ruleIndex);
    if (!schedule) return; // deactivated since the tick was planned
    const at = new Date(job.opts.prevMillis ?? job.timestamp ?? Date.now());
    if (!dueAt(schedule.spec, at, schedule.timezone)) return;
    try {
      await startExecution(this.deps.executions, {
        tenantId: data.tenantId,
        workflowId: data.workflowId,
        mode: "production",
        trigger: { kind: "schedule", payload: { node: data.node, rule: data.ruleIndex, at: at.toISOString() } },
        input: [{ json: { timestamp: at.toISOString() } }],
      });
    } catch (error) {
      if (error instanceof QuotaExceededError) {
        this.deps.log.warn({ err: error, workflowId: data.workflowId }, "scheduled run refused over quota (recorded)");
        return;
      }
      throw error;
    }
  }
}

/**
 * Cron cannot say "every 2 days / weeks / months": such rules fire on the cron and are thinned here, by the
 * count of whole days / ISO weeks / months since the epoch in the workflow's zone (stable across restarts).
 */
export function dueAt(spec: ScheduleSpec, at: Date, timezone: string): boolean {
  if (spec.kind !== "cron" || !spec.every) return true;
  const local = new Date(at.toLocaleString("en-US", { timeZone: timezone }));
  const days = Math.floor(Date.UTC(local.getFullYear(), local.getMonth(), local.getDate()) / 86_400_000);
  const index = spec.every.unit === "days" ? days : spec.every.unit === "weeks" ? Math.floor((days + 3) / 7) : local.getFullYear() * 12 + local.getMonth();
  return index % spec.every.count === 0;
}
