import { getHeapSpaceStatistics, getHeapStatistics } from "node:v8";
import { collectAllGarbage, startIdleGc } from "./idle-gc";

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

describe("idle garbage collection", () => {
  it("collectAllGarbage frees old-generation garbage and shrinks the young generation", async () => {
    let garbage: Array<{ i: number; s: string }> | null = Array.from({ length: 300_000 }, (_, i) => ({ i, s: `item ${i}` }));
    for (let i = 0; i < 5; i++) Array.from({ length: 100_000 }, (_, j) => ({ j })); // scavenges promote `garbage`
    expect(garbage.length).toBe(300_000);
    const grown = getHeapStatistics().used_heap_size;
    garbage = null;
    await collectAllGarbage();
    expect(getHeapStatistics().used_heap_size).toBeLessThan(grown - 8 * 1024 * 1024);
    const young = getHeapSpaceStatistics().find((space) => space.space_name === "new_space");
    expect(young?.space_size ?? 0).toBeLessThanOrEqual(4 * 1024 * 1024);
  });

  it("collects once the process is idle after its heap grew, and not again while nothing grows", async () => {
    const idleGc = startIdleGc({ intervalMs: 100, minGrowthBytes: 8 * 1024 * 1024, minWorkCpuMs: 600_000, idleCpuShare: 0.5, collectAfterStart: false });
    try {
      // Old-generation garbage (it survived scavenges while referenced), which only a full collection frees;
      // made and dropped in one synchronous stretch, so the collector cannot look in between.
      let garbage: Array<{ i: number; s: string }> | null = Array.from({ length: 300_000 }, (_, i) => ({ i, s: `item ${i}` }));
      for (let i = 0; i < 5; i++) Array.from({ length: 100_000 }, (_, j) => ({ j })); // young garbage: V8 scavenges and promotes `garbage`
      expect(garbage.length).toBe(300_000);
      const grown = getHeapStatistics().used_heap_size;
      garbage = null;
      await waitFor(() => idleGc.collections >= 1, "an idle collection");
      expect(getHeapStatistics().used_heap_size).toBeLessThan(grown - 8 * 1024 * 1024);
      const collections = idleGc.collections;
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(idleGc.collections).toBe(collections);
    } finally {
      idleGc.stop();
    }
  });

  it("collects once the process is idle after it worked, however little its heap grew", async () => {
    const idleGc = startIdleGc({ intervalMs: 100, minGrowthBytes: 1024 * 1024 * 1024, minWorkCpuMs: 150, idleCpuShare: 0.5, collectAfterStart: false });
    try {
      const until = performance.now() + 400;
      let sum = 0;
      while (performance.now() < until) {
        for (let i = 0; i < 100_000; i++) sum += Math.sqrt(i);
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(sum).toBeGreaterThan(0);
      await waitFor(() => idleGc.collections === 1, "an idle collection after the work");
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(idleGc.collections).toBe(1);
    } finally {
      idleGc.stop();
    }
  });

  it("collects once at the first idle moment after start, and not again while nothing happens", async () => {
    const idleGc = startIdleGc({ intervalMs: 100, minGrowthBytes: 1024 * 1024 * 1024, minWorkCpuMs: 600_000, idleCpuShare: 0.5 });
    try {
      await waitFor(() => idleGc.collections === 1, "the collection after start");
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(idleGc.collections).toBe(1);
    } finally {
      idleGc.stop();
    }
  });

  it("collects nothing after start when told not to, while nothing happens", async () => {
    const idleGc = startIdleGc({ intervalMs: 100, minGrowthBytes: 1024 * 1024 * 1024, minWorkCpuMs: 600_000, idleCpuShare: 0.5, collectAfterStart: false });
    try {
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(idleGc.collections).toBe(0);
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
