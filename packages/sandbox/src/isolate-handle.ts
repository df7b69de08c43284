import ivm from "isolated-vm";
import { bootSource } from "./boot-source";
import { SandboxErrorCode, SandboxFailure } from "./errors";

/** Limits of one isolate and of each call into it. */
export interface IsolateLimits {
  memoryLimitMb: number;
  wallClockTimeoutMs: number;
}

type EntryName = "init" | "evaluate" | "runCode";

const OUTPUT_LIMIT_MARKER = "[bos:output-limit] ";
// Items in the warm-up calls. The warm-up pre-pays V8's lazy compilation of the runtime (~2 ms that the
// first calls of an execution would otherwise pay). More items or repeated calls did not pay off:
// 1,000 items cost ~25 ms CPU per isolate and saved ~5-10 ms only on a first 10,000-item batch, and 40
// extra small calls made no difference to later calls.
const WARM_UP_ITEMS = 2;

// V8's compile cache for the boot script, shared by every isolate of the process (saves its parse).
let bootCache: ivm.ExternalCopy<ArrayBuffer> | undefined;

/**
 * One isolate with one context that ran the boot script. The host keeps references to the runtime's
 * entry points; the global that carried them is deleted before any user code runs, and nothing else of
 * the host (no Reference, no callback) is ever placed in the context.
 *
 * An isolate serves one execution at a time. When an execution ends normally its isolate can be
 * recycled: its context is released and a brand-new context is booted for the next execution (V8 keeps
 * the runtime's compiled code, so the next execution's first calls are faster). An isolate that hit a
 * limit, or was discarded at a deadline, is never reused.
 */
export class IsolateHandle {
  /** Set once the context was handed over to a recycled handle: this one must not touch the isolate. */
  private retired = false;

  private constructor(
    private readonly isolate: ivm.Isolate,
    private readonly bootScript: ivm.Script,
    private readonly context: ivm.Context,
    private readonly entries: Record<EntryName, ivm.Reference<(...args: string[]) => unknown>>,
    private readonly limits: IsolateLimits,
    /** Executions this isolate served before this context. */
    readonly generation: number,
  ) {}

  static async create(limits: IsolateLimits): Promise<IsolateHandle> {
    const isolate = new ivm.Isolate({ memoryLimit: limits.memoryLimitMb });
    try {
      const source = bootSource();
      const script = bootCache
        ? await isolate.compileScript(source, { filename: "bos-runtime.js", cachedData: bootCache })
        : await isolate.compileScript(source, { filename: "bos-runtime.js", produceCachedData: true });
      // The typings leave out the CachedDataResult fields compileScript sets on the Script.
      const produced = (script as ivm.Script & ivm.CachedDataResult).cachedData;
      if (!bootCache && produced) bootCache = produced;
      return await IsolateHandle.boot(isolate, script, limits, 0);
    } catch (error) {
      if (!isolate.isDisposed) isolate.dispose();
      throw error;
    }
  }

  private static async boot(isolate: ivm.Isolate, script: ivm.Script, limits: IsolateLimits, generation: number): Promise<IsolateHandle> {
    const context = await isolate.createContext();
    await script.run(context, { timeout: 5000 });
    const carrier = (await context.global.get("__bosEntries", { reference: true })) as ivm.Reference<Record<string, unknown>>;
    const entries = {} as Record<EntryName, ivm.Reference<(...args: string[]) => unknown>>;
    for (const name of ["init", "evaluate", "runCode"] as const) {
      entries[name] = (await carrier.get(name, { reference: true })) as ivm.Reference<(...args: string[]) => unknown>;
    }
    carrier.release();
    await context.global.delete("__bosEntries");
    return new IsolateHandle(isolate, script, context, entries, limits, generation);
  }

  /**
   * The same isolate with a fresh context for the next execution, or null when it should not be reused
   * (disposed, served enough executions, or holding too much heap). This handle is unusable afterwards.
   */
  async recycle(maxGenerations: number): Promise<IsolateHandle | null> {
    if (this.disposed) return null;
    if (this.generation + 1 >= maxGenerations) {
      this.dispose();
      return null;
    }
    this.retired = true;
    for (const entry of Object.values(this.entries)) entry.release();
    this.context.release();
    try {
      const heap = await this.isolate.getHeapStatistics();
      if (heap.used_heap_size > heap.heap_size_limit / 4) throw new Error("too much heap in use to reuse the isolate");
      return await IsolateHandle.boot(this.isolate, this.bootScript, this.limits, this.generation + 1);
    } catch (error) {
      // Not reusable: it is simply discarded, the pool creates a fresh isolate instead.
      void error;
      if (!this.isolate.isDisposed) this.isolate.dispose();
      return null;
    }
  }

  /**
   * Runs the runtime's hot paths once with dummy data, so V8 has compiled them before a real execution
   * arrives (a fresh isolate compiles functions lazily on first use). The execution's own init() resets
   * every piece of per-execution state afterwards.
   */
  async warmUp(): Promise<void> {
    const config = {
      limits: { maxOutputBytes: 1024 * 1024, maxOutputDepth: 100 },
      timezone: "UTC",
      executionId: "warm-up",
      mode: "manual",
      workflow: { name: "warm-up", active: false },
      nodes: { N: { type: "warm-up", typeVersion: 1, parameters: {}, templates: {} } },
      vars: {},
      customData: [],
    };
    await this.callSync("init", [JSON.stringify(config)], 5000);
    // Luxon (slow to parse dates) only on a couple of items.
    const call = (count: number) => ({ node: "N", runIndex: 0, itemCount: count, firstItem: 0, source: [], runCounts: {}, defaultOut: {}, paired: {}, extra: {}, newRuns: [] });
    const inputs = (count: number) => JSON.stringify([Array.from({ length: count }, (_, i) => ({ json: { a: `item ${i}`, n: i, tags: ["x"] }, pairedItem: { item: i } }))]);
    const many = inputs(WARM_UP_ITEMS);
    const templates = [
      { lone: true, parts: [{ code: " $json.a.toUpperCase() " }] },
      { lone: true, parts: [{ code: " $json.n * 2 " }] },
      { lone: false, parts: ["#", { code: " $itemIndex + $json.tags.length " }] },
    ];
    await this.callSync("evaluate", [JSON.stringify({ ...call(WARM_UP_ITEMS), templates }), many], 5000);
    const dates = [{ lone: true, parts: [{ code: " $now.toISO() + DateTime.fromISO('2024-01-01').plus({ days: 1 }).toFormat('yyyy') " }] }];
    await this.callSync("evaluate", [JSON.stringify({ ...call(2), templates: dates }), inputs(2)], 5000);
    const allItems = { ...call(WARM_UP_ITEMS), code: "return $input.all().map((i) => ({ json: { ...i.json } }));", codeMode: "runOnceForAllItems" };
    await this.callAsync("runCode", [JSON.stringify(allItems), many], 5000);
    const eachItem = { ...call(WARM_UP_ITEMS), code: "return { json: $json };", codeMode: "runOnceForEachItem" };
    await this.callAsync("runCode", [JSON.stringify(eachItem), many], 5000);
  }

  /**
   * The line of a syntax error in Code, which V8 does not report for eval'd code: compiling (never
   * running) the same wrapper with isolated-vm's compiler gives `[bos-code.js:LINE:COL]`.
   */
  async syntaxErrorLine(code: string): Promise<number | undefined> {
    try {
      const script = await this.isolate.compileScript(`(function () { return async function () {\n${code}\n}; })`, { filename: "bos-code.js" });
      script.release();
      return undefined;
    } catch (error) {
      const match = /\[bos-code\.js:(\d+):\d+\]/.exec(error instanceof Error ? error.message : String(error));
      const line = match ? Number(match[1]) - 1 : NaN;
      return line >= 1 ? line : undefined;
    }
  }

  get disposed(): boolean {
    return this.retired || this.isolate.isDisposed;
  }



  /** Calls a synchronous entry point; the result is the JSON text it returned. */
  callSync(entry: EntryName, args: string[], cpuTimeoutMs: number): Promise<string> {
    return this.guard(this.entries[entry].apply(undefined, args, { timeout: cpuTimeoutMs }) as Promise<string>);
  }

  /** Calls an async entry point and waits for its promise (Code node). */
  callAsync(entry: EntryName, args: string[], cpuTimeoutMs: number, wallClockTimeoutMs?: number): Promise<string> {
    const pending = this.entries[entry].apply(undefined, args, { timeout: cpuTimeoutMs, result: { promise: true } }) as Promise<string>;
    return this.guard(pending, wallClockTimeoutMs);
  }

  /** Discards the isolate (a retired handle no longer owns it and does nothing). */
  dispose(): void {
    if (this.retired || this.isolate.isDisposed) return;
    try {
      this.context.release();
    } finally {
      this.isolate.dispose();
    }
  }

  /** Races the call against the wall-clock deadline and maps isolate failures to SandboxFailures. */
  private async guard(pending: Promise<string>, wallClockTimeoutMs = this.limits.wallClockTimeoutMs): Promise<string> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // The isolate may still be busy (or idle forever on a promise that never settles): discard it;
        // the owner rebuilds a fresh one for the next call.
        this.dispose();
        reject(
          new SandboxFailure(
            SandboxErrorCode.timeout,
            `Execution did not finish within ${wallClockTimeoutMs} ms`,
            "The code ran too long, or waited for a promise that never settles. Make sure every promise resolves, or raise the timeout.",
          ),
        );
      }, wallClockTimeoutMs);
    });
    try {
      const result = await Promise.race([pending, deadline]);
      if (typeof result !== "string") throw new SandboxFailure(SandboxErrorCode.internal, "The sandbox returned no result", "This is a bug in the sandbox runtime.");
      return result;
    } catch (error) {
      throw this.mapError(error);
    } finally {
      clearTimeout(timer);
      pending.catch(() => undefined); // the call may settle after the deadline; nobody is waiting for it
    }
  }

  private mapError(error: unknown): unknown {
    if (error instanceof SandboxFailure) return error;
    const message = error instanceof Error ? error.message : String(error);
    if (this.isolate.isDisposed && /memory limit/i.test(message)) {
      return new SandboxFailure(
        SandboxErrorCode.memoryLimit,
        `Execution ran out of memory (limit ${this.limits.memoryLimitMb} MB)`,
        "The code or expression used more memory than the sandbox allows. Process fewer items at once or return less data.",
      );
    }
    if (/Script execution timed out/i.test(message)) {
      return new SandboxFailure(
        SandboxErrorCode.timeout,
        "Execution timed out",
        "The code or expression ran longer than its CPU time limit. Look for an endless loop, or raise the timeout.",
      );
    }
    if (message.includes(OUTPUT_LIMIT_MARKER)) {
      const text = message.slice(message.indexOf(OUTPUT_LIMIT_MARKER) + OUTPUT_LIMIT_MARKER.length);
      return new SandboxFailure(SandboxErrorCode.outputLimit, text, "Results leaving the sandbox are capped in size and depth.");
    }
    if (this.isolate.isDisposed) {
      return new SandboxFailure(SandboxErrorCode.internal, `The sandbox isolate stopped: ${message}`, "The next call starts a fresh isolate.");
    }
    // Typically a promise the user's code rejected without handling it.
    return new SandboxFailure(SandboxErrorCode.internal, `Execution failed: ${message}`, "Handle every promise rejection in the code (await it inside try/catch).");
  }
}
