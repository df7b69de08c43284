import { MetricsRegistry } from "@bos/service-kit";
import { WorkerMetrics } from "./worker-metrics";

describe("WorkerMetrics", () => {
  it("exposes the sandbox pool's counts next to the worker's when it has a pool", async () => {
    const metrics = new WorkerMetrics();
    metrics.sandbox = () => ({ ready: 4, active: 2, created: 9, recycled: 120, discarded: 3, renewed: 1 });
    const registry = new MetricsRegistry();
    metrics.register(registry);
    const text = await registry.render();
    for (const line of ["bos_sandbox_isolates_ready 4", "bos_sandbox_isolates_active 2", "bos_sandbox_isolates_created_total 9", "bos_sandbox_isolates_recycled_total 120", "bos_sandbox_isolates_discarded_total 3", "bos_sandbox_isolates_renewed_total 1"]) {
      expect(text).toContain(`\n${line}\n`);
    }
    expect(text).toContain("bos_executor_pg_commits_total 0");
  });

  it("leaves the sandbox lines out without a pool", async () => {
    const registry = new MetricsRegistry();
    new WorkerMetrics().register(registry);
    expect(await registry.render()).not.toContain("bos_sandbox_");
  });
});
