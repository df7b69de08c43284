import { Session } from "node:inspector";
import { getHeapStatistics } from "node:v8";
import type { Logger } from "pino";

/**
 * V8's memory-reducing full collection, through the process's own inspector (node:inspector, no port
 * opened): what a debugger's "collect garbage" does. Unlike `gc()` from `--expose-gc` it also shrinks the
 * young generation and gives the emptied pages back (measured here: 211 -> 60 MB RSS for 130 MB of garbage,
 * where `gc()` left the 32 MB young generation and often the grown old space committed). 20-150 ms
 * (70 ms for that garbage; 100-145 ms in the worker and gateway after bench/webhook's load).
 */
export function collectAllGarbage(): Promise<void> {
  return new Promise((resolve, reject) => {
    const session = new Session();
    try {
      session.connect();
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    session.post("HeapProfiler.collectGarbage", (error) => {
      // Not from inside the inspector's callback: disconnect on the next turn.
      setImmediate(() => session.disconnect());
      if (error) reject(error);
      else resolve();
    });
  });
}

function heapNow(): { used: number; total: number } {
  const stats = getHeapStatistics();
  return { used: stats.used_heap_size, total: stats.total_heap_size };
}

export interface IdleGcOptions {
  /** How often the process is looked at, in ms (default 5000). */
  intervalMs?: number;
  /** The process counts as idle below this share of one core over the last interval (default 0.02). */
  idleCpuShare?: number;
  /** Collect when the heap (used or committed) grew this much since the last collection, in bytes (default 16 MB)... */
  minGrowthBytes?: number;
  /** ...or when the process worked this much CPU time since then, in ms (default 2000): a load V8 cleaned up after itself still leaves its pages committed. */
  minWorkCpuMs?: number;
  /**
   * Collect at the first idle look after the call whatever the thresholds (default true): starting up
   * (loading and compiling the bundle, building the app) leaves garbage an idle process would otherwise keep
   * for a long while; measured, the workflow API held 109 MB RSS for 25 s after its start, 84 MB after one collection.
   */
  collectAfterStart?: boolean;
  log?: Logger;
}

export interface IdleGc {
  /** Full collections made so far. */
  readonly collections: number;
  stop(): void;
}

/**
 * Gives the memory of a burst of work back once the process is idle. V8 collects its old generation when
 * allocation needs it, and an idle process allocates nothing, so after a load it keeps the garbage of the
 * load: measured here, the executor worker held 92 MB of heap (27 MB live) and 212 MB RSS 60 s after
 * bench/webhook's load, 116 MB RSS after one full collection; the gateway 36 MB used of 73 MB committed.
 * Every `intervalMs`, if the process used less than `idleCpuShare` of a core since the last look, and
 * since the last collection its heap (used or committed) grew by `minGrowthBytes` or it worked
 * `minWorkCpuMs` of CPU, this runs one full collection (tens of ms, only when nothing is happening; at
 * most one per `minWorkCpuMs` of work under a trickle of requests).
 *
 * @example
 * const idleGc = startIdleGc({ log });
 * // on shutdown
 * idleGc.stop();
 */
export function startIdleGc(options: IdleGcOptions = {}): IdleGc {
  const intervalMs = options.intervalMs ?? 5000;
  const idleCpuShare = options.idleCpuShare ?? 0.02;
  const minGrowthBytes = options.minGrowthBytes ?? 16 * 1024 * 1024;
  const minWorkCpuMs = options.minWorkCpuMs ?? 2000;
  let collections = 0;
  let collecting = false;
  // Used and committed heap after the last collection (or at start); either growing by minGrowthBytes counts:
  // V8 collects garbage during a load but keeps the pages it grew to (committed, mostly empty) until a full
  // collection compacts them.
  let baseline = heapNow();
  let cpu = process.cpuUsage();
  let at = performance.now();
  let workedMs = 0;
  let startPending = options.collectAfterStart ?? true;
  const timer = setInterval(() => {
    const now = performance.now();
    const used = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    const cpuMs = (used.user + used.system) / 1000;
    workedMs += cpuMs;
    const share = cpuMs / Math.max(1, now - at);
    at = now;
    if (share >= idleCpuShare) return;
    const heap = heapNow();
    // V8 collected or shrank on its own meanwhile.
    baseline = { used: Math.min(baseline.used, heap.used), total: Math.min(baseline.total, heap.total) };
    if (!startPending && workedMs < minWorkCpuMs && heap.used - baseline.used < minGrowthBytes && heap.total - baseline.total < minGrowthBytes) return;
    if (collecting) return;
    collecting = true;
    startPending = false;
    const started = performance.now();
    collectAllGarbage()
      .then(() => {
        collections++;
        workedMs = 0;
        baseline = heapNow();
        at = performance.now();
        cpu = process.cpuUsage(); // the collection's own CPU is not activity
        options.log?.debug({ heapBefore: heap, heapAfter: baseline, ms: Math.round(at - started) }, "idle: full garbage collection");
      })
      .catch((error: unknown) => {
        options.log?.warn({ err: error }, "idle garbage collection failed; it is not tried again");
        clearInterval(timer);
      })
      .finally(() => {
        collecting = false;
      });
  }, intervalMs);
  timer.unref();
  return {
    get collections() {
      return collections;
    },
    stop: () => clearInterval(timer),
  };
}
