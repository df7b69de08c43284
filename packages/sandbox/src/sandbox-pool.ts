import { SandboxErrorCode, SandboxFailure } from "./errors";
import { IsolatedExecutionSandbox, type ResolvedSandboxOptions, type SandboxHost } from "./execution-sandbox";
import { IsolateHandle } from "./isolate-handle";
import type { ExecutionSandbox, SandboxExecutionInfo, SandboxOptions } from "./types";

const REFILL_DELAY_MS = 10;

/**
 * Hands out one sandbox per execution, each with its own isolate (so a memory bomb in one execution
 * disposes only that execution's isolate; see README for the measurements behind this choice). Isolates
 * with a prepared context (the runtime booted from the snapshot) are kept ready in the background, so
 * creating a sandbox is a pop. An isolate whose execution ended normally serves a later execution in a
 * brand-new context (up to `isolateReuse` executions), prepared on the next turn of the event loop.
 *
 * @example
 * const pool = new SandboxPool({ memoryLimitMb: 64 });
 * const sandbox = await pool.createExecutionSandbox(info);
 * try { ... } finally { sandbox.dispose(); }
 * await pool.close();
 */
export class SandboxPool {
  private readonly options: ResolvedSandboxOptions & { poolSize: number; isolateReuse: number; maxIdle: number; idleTrimMs: number };
  /** When each ready isolate was put back (parallel to `ready`), for trimming the idle surplus. */
  private readonly readySince: number[] = [];
  private trimTimer: NodeJS.Timeout | null = null;
  private readonly recycling = new Set<Promise<void>>();
  private recycledCount = 0;
  private renewedCount = 0;
  private createdCount = 0;
  /** Isolates not reused after an execution: a limit hit, isolateReuse reached, or too much heap in use. */
  private discardedCount = 0;
  private readonly ready: IsolateHandle[] = [];
  private readonly active = new Set<ExecutionSandbox>();
  private refilling: Promise<void> | null = null;
  private closed = false;
  private readonly host: SandboxHost;

  constructor(options: SandboxOptions = {}) {
    this.options = {
      memoryLimitMb: options.memoryLimitMb ?? 64,
      cpuTimeoutMs: options.cpuTimeoutMs ?? 1000,
      codeTimeoutMs: options.codeTimeoutMs ?? 10_000,
      wallClockTimeoutMs: options.wallClockTimeoutMs ?? 10_000,
      maxOutputBytes: options.maxOutputBytes ?? 64 * 1024 * 1024,
      maxOutputDepth: options.maxOutputDepth ?? 100,
      poolSize: options.poolSize ?? 4,
      isolateReuse: Math.max(1, options.isolateReuse ?? 200),
      syncBudgetMs: Math.max(0, options.syncBudgetMs ?? 20),
      syncMaxItems: Math.max(0, options.syncMaxItems ?? 100),
      maxIdle: Math.max(options.poolSize ?? 4, options.maxIdle ?? 64),
      idleTrimMs: Math.max(0, options.idleTrimMs ?? 2_000),
    };
    this.host = {
      takeHandle: () => this.takeHandle(),
      released: (sandbox, handle) => {
        this.active.delete(sandbox);
        if (handle) this.recycle(handle);
      },
    };
    this.scheduleRefill();
  }

  /** A fresh sandbox for one execution: nothing in it is shared with any other execution. */
  async createExecutionSandbox(info: SandboxExecutionInfo): Promise<ExecutionSandbox> {
    const handle = await this.takeHandle();
    const sandbox = new IsolatedExecutionSandbox(this.host, info, handle, this.options);
    this.active.add(sandbox);
    return sandbox;
  }

  /** Same as createExecutionSandbox (the engine's SandboxProvider interface). */
  acquire(info: SandboxExecutionInfo): Promise<ExecutionSandbox> {
    return this.createExecutionSandbox(info);
  }

  /** Waits until recycling is done and the warm pool is full (tests and benchmarks measure the hot path only). */
  async warmUp(): Promise<void> {
    while (!this.closed) {
      await Promise.all(this.recycling);
      if (this.ready.length >= this.options.poolSize) return;
      this.scheduleRefill();
      if (!this.refilling) return;
      await this.refilling;
    }
  }

  /**
   * Ready isolates (and how many of them served executions before), live sandboxes, how many isolates went
   * back to the pool with a fresh context, and how many idle ones were swapped for new isolates.
   */
  stats(): { ready: number; readyUsed: number; active: number; created: number; recycled: number; discarded: number; renewed: number } {
    return {
      ready: this.ready.length,
      readyUsed: this.ready.filter((h) => h.generation > 0).length,
      active: this.active.size,
      created: this.createdCount,
      recycled: this.recycledCount,
      discarded: this.discardedCount,
      renewed: this.renewedCount,
    };
  }

  /** Disposes every ready isolate and every sandbox still open. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.recycling);
    await this.refilling?.catch(() => undefined);
    if (this.trimTimer) clearInterval(this.trimTimer);
    this.trimTimer = null;
    this.readySince.length = 0;
    for (const handle of this.ready.splice(0)) handle.dispose();
    for (const sandbox of [...this.active]) sandbox.dispose();
  }

  /** Gives a finished execution's isolate a fresh context and puts it back in the pool, off the caller's path. */
  private recycle(handle: IsolateHandle): void {
    if (this.closed || this.options.isolateReuse <= 1) {
      if (!this.closed) this.discardedCount++;
      handle.dispose();
      return;
    }
    const done = (async () => {
      // The new context is prepared synchronously (~0.5 ms): not inside the caller's dispose().
      await new Promise((resolve) => setImmediate(resolve));
      const next = await handle.recycle(this.options.isolateReuse);
      if (!next) {
        this.discardedCount++;
        return;
      }
      // A recycled isolate is cheaper than a new one (~1.5 ms CPU to create): keep up to maxIdle of them,
      // so N executions at once do not turn into isolate churn; the idle surplus is trimmed later.
      if (this.closed || this.ready.length >= this.options.maxIdle) {
        next.dispose();
        return;
      }
      this.recycledCount++;
      this.putReady(next);
    })()
      // recycle() never throws (an isolate it cannot reuse is discarded); this keeps a bug from escaping.
      .catch(() => handle.dispose())
      .finally(() => this.recycling.delete(done));
    this.recycling.add(done);
  }

  private async takeHandle(): Promise<IsolateHandle> {
    if (this.closed) throw new SandboxFailure(SandboxErrorCode.disposed, "The sandbox pool is closed", "Create a new SandboxPool.");
    let handle = this.takeReady();
    // An isolate being recycled is ready within a turn: cheaper to wait for it than to create one.
    while (!handle && this.recycling.size > 0) {
      await Promise.race(this.recycling);
      handle = this.takeReady();
    }
    this.scheduleRefill();
    return handle ?? (await this.createHandle());
  }

  private takeReady(): IsolateHandle | undefined {
    let handle = this.ready.pop();
    this.readySince.pop();
    while (handle && handle.disposed) {
      handle = this.ready.pop();
      this.readySince.pop();
    }
    return handle;
  }

  private putReady(handle: IsolateHandle): void {
    this.ready.push(handle);
    this.readySince.push(Date.now());
    if ((this.ready.length > this.options.poolSize || handle.generation > 0) && !this.trimTimer && this.options.idleTrimMs > 0) {
      this.trimTimer = setInterval(() => this.trimIdle(), Math.max(100, this.options.idleTrimMs / 3));
      this.trimTimer.unref();
    }
  }

  /**
   * Ready isolates unused for idleTrimMs (the oldest sit at the bottom): those beyond poolSize are disposed,
   * and those kept that served executions are swapped for new ones. A recycled isolate holds the released
   * contexts of its executions until its own GC runs, which an idle isolate never does (12-15 MB of heap
   * against 1.3 MB for a new one, measured here), so without the swap an idle worker kept poolSize times that after a load.
   */
  private trimIdle(): void {
    const cutoff = Date.now() - this.options.idleTrimMs;
    let surplus = this.ready.length - this.options.poolSize;
    while (surplus > 0 && (this.readySince[0] ?? Infinity) <= cutoff) {
      this.ready.shift()?.dispose();
      this.readySince.shift();
      surplus--;
    }
    let renewed = 0;
    for (let i = 0; i < this.ready.length && (this.readySince[i] ?? Infinity) <= cutoff; ) {
      if ((this.ready[i] as IsolateHandle).generation === 0) {
        i++;
        continue;
      }
      this.ready.splice(i, 1)[0]?.dispose();
      this.readySince.splice(i, 1);
      renewed++;
    }
    if (renewed > 0) {
      this.renewedCount += renewed;
      this.scheduleRefill();
    }
    if (this.ready.length <= this.options.poolSize && !this.ready.some((h) => h.generation > 0) && this.trimTimer) {
      clearInterval(this.trimTimer);
      this.trimTimer = null;
    }
  }

  private createHandle(): Promise<IsolateHandle> {
    this.createdCount++;
    return IsolateHandle.create({ memoryLimitMb: this.options.memoryLimitMb, wallClockTimeoutMs: this.options.wallClockTimeoutMs });
  }

  /** Tops the warm pool up, one isolate at a time, off the caller's path. */
  private scheduleRefill(): void {
    if (this.refilling || this.closed || this.ready.length >= this.options.poolSize) return;
    // Isolates being recycled come back soon: no new isolate for them.
    if (this.ready.length + this.recycling.size >= this.options.poolSize) return;
    this.refilling = (async () => {
      // Start a little later: creating an isolate blocks the thread for ~1 ms, which should not land in
      // the first calls of the execution that just took an isolate.
      await new Promise((resolve) => setTimeout(resolve, REFILL_DELAY_MS));
      try {
        while (!this.closed && this.ready.length + this.recycling.size < this.options.poolSize) {
          const handle = await this.createHandle();
          if (this.closed) handle.dispose();
          else this.putReady(handle);
        }
      } finally {
        this.refilling = null;
      }
    })();
    // A failed refill is retried on the next take; the caller then creates its isolate directly.
    this.refilling.catch(() => undefined);
  }
}
