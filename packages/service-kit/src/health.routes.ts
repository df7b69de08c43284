import type { FastifyInstance } from "fastify";
import { withTimeout } from "./with-timeout";

/** A dependency probe: resolves when the dependency answers. */
export type ReadinessCheck = () => Promise<void>;

export interface HealthOptions {
  /** Named probes, e.g. `{ postgres, redis }`; all must pass for /readyz to answer 200. */
  checks: Record<string, ReadinessCheck>;
  /** Per-probe timeout in ms; default 2000. */
  timeoutMs?: number;
  /** Answers 503 from /readyz while true (set during graceful shutdown). */
  isDraining?: () => boolean;
}

export interface ReadinessReport {
  status: "ready" | "not_ready";
  checks: Record<string, "ok" | "failed">;
  /** Why not ready (each failed probe and its error); absent when ready. */
  reason?: string;
}

/** Runs every probe in parallel and reports each. */
export async function checkReadiness(options: HealthOptions): Promise<ReadinessReport> {
  const timeoutMs = options.timeoutMs ?? 2000;
  const entries = Object.entries(options.checks);
  const results = await Promise.allSettled(
    entries.map(([name, check]) => withTimeout(check(), timeoutMs, `${name} did not answer within ${timeoutMs} ms`)),
  );
  const checks: Record<string, "ok" | "failed"> = {};
  const reasons: string[] = [];
  results.forEach((result, i) => {
    const name = entries[i]?.[0] ?? `check${i}`;
    checks[name] = result.status === "fulfilled" ? "ok" : "failed";
    if (result.status === "rejected") reasons.push(`${name}: ${describeError(result.reason)}`);
  });
  if (options.isDraining?.()) reasons.push("shutting down");
  return reasons.length === 0 ? { status: "ready", checks } : { status: "not_ready", checks, reason: reasons.join("; ") };
}

/**
 * GET /healthz: the process is up and serving (always 200 while it can answer).
 * GET /readyz: every dependency answers (200), else 503 with `{ status, checks, reason }`.
 */
export function registerHealthRoutes(app: FastifyInstance, options: HealthOptions): void {
  app.get("/healthz", { logLevel: "warn" }, async () => ({ status: "ok" }));
  app.get("/readyz", { logLevel: "warn" }, async (_request, reply) => {
    const report = await checkReadiness(options);
    return reply.code(report.status === "ready" ? 200 : 503).send(report);
  });
}

export function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return error.errors.map(describeError).join(", ");
  if (error instanceof Error) return error.message || (error as NodeJS.ErrnoException).code || error.name;
  return String(error);
}
