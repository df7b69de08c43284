import { SandboxPool } from "./sandbox-pool";
import { chainInfo } from "./__fixtures__/workflow";

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

describe("SandboxPool", () => {
  it("keeps the isolates of concurrent executions for the next ones, then trims the idle surplus", async () => {
    const pool = new SandboxPool({ poolSize: 1, maxIdle: 6, idleTrimMs: 300 });
    try {
      await pool.warmUp();
      const sandboxes = await Promise.all(Array.from({ length: 6 }, (_, i) => pool.createExecutionSandbox(chainInfo({ executionId: `e${i}` }))));
      for (const sandbox of sandboxes) sandbox.dispose();
      await until(() => pool.stats().ready === 6, "six recycled isolates");
      expect(pool.stats()).toMatchObject({ created: 6, recycled: 6, discarded: 0 });
      // Six more executions at once take them, and give them back again (none is discarded at the cap).
      const recycledBefore = pool.stats().recycled;
      const again = await Promise.all(Array.from({ length: 6 }, (_, i) => pool.createExecutionSandbox(chainInfo({ executionId: `f${i}` }))));
      for (const sandbox of again) sandbox.dispose();
      await until(() => pool.stats().recycled === recycledBefore + 6, "the second round recycled");
      // Unused for idleTrimMs, the surplus over poolSize goes.
      await until(() => pool.stats().ready === 1, "the idle surplus trimmed");
      // The one kept served executions: idle that long, it is swapped for a new isolate (its heap holds their released contexts).
      await until(() => pool.stats().readyUsed === 0 && pool.stats().ready === 1, "the kept isolate renewed");
      expect(pool.stats().renewed).toBeGreaterThanOrEqual(1);
      // A new isolate is not renewed again while unused; one that serves an execution is, after idleTrimMs.
      const renewed = pool.stats().renewed;
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(pool.stats().renewed).toBe(renewed);
      (await pool.createExecutionSandbox(chainInfo({ executionId: "g" }))).dispose();
      await until(() => pool.stats().renewed === renewed + 1 && pool.stats().readyUsed === 0, "the used isolate renewed");
    } finally {
      await pool.close();
    }
  });
});
