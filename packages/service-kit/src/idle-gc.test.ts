import { getHeapStatistics } from "node:v8";
import { runInNewContext } from "node:vm";
import { fullGc, startIdleGc } from "./idle-gc";

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

describe("idle garbage collection", () => {
  it("gives the host a full collection without exposing gc to contexts made afterwards", () => {
    const startedWithExposeGc = typeof (globalThis as { gc?: unknown }).gc === "function";
    expect(typeof fullGc()).toBe("function");
    // (A process started with --expose-gc has it in every context anyway.)
    if (!startedWithExposeGc) expect(runInNewContext("typeof gc")).toBe("undefined");
  });

  it("collects once the process is idle after its heap grew, and not again while nothing grows", async () => {
    const idleGc = startIdleGc({ intervalMs: 100, minGrowthBytes: 8 * 1024 * 1024, idleCpuShare: 0.5 });
    try {
      // Old-generation garbage (it survived scavenges while referenced), which only a full collection frees;
      // made and dropped in one synchronous stretch, so the collector cannot look in between.
      let garbage: Array<{ i: number; s: string }> | null = Array.from({ length: 300_000 }, (_, i) => ({ i, s: `item ${i}` }));
      for (let i = 0; i < 5; i++) Array.from({ length: 100_000 }, (_, j) => ({ j })); // young garbage: V8 scavenges and promotes `garbage`
      expect(garbage.length).toBe(300_000);
      const grown = getHeapStatistics().used_heap_size;
      garbage = null;
      await until(() => idleGc.collections >= 1, "an idle collection");
      expect(getHeapStatistics().used_heap_size).toBeLessThan(grown - 8 * 1024 * 1024);
      const collections = idleGc.collections;
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(idleGc.collections).toBe(collections);
    } finally {
      idleGc.stop();
    }
  });

  it("leaves a busy process alone", async () => {
    const idleGc = startIdleGc({ intervalMs: 100, minGrowthBytes: 1, idleCpuShare: 0.05 });
    try {
      const until = performance.now() + 600;
      let keep: unknown[] = [];
      while (performance.now() < until) {
        keep.push({ at: performance.now() });
        if (keep.length > 10_000) keep = [];
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(idleGc.collections).toBe(0);
    } finally {
      idleGc.stop();
    }
  });
});
