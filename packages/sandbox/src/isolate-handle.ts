import ivm from "isolated-vm";
import { coreSource, moduleSource, type RuntimeModule } from "./boot-source";
import { SandboxErrorCode, SandboxFailure } from "./errors";

/** Limits of one isolate and of each call into it. */
export interface IsolateLimits {
  memoryLimitMb: number;
  wallClockTimeoutMs: number;
}

/**
 * The runtime's entry points, all behind its one `enter(kind, configText, metaText, inputsText, ...runs)`;
 * `reset` only (re-)initialises it from `configText`, dropping the runs and custom data it holds.
 */
export type EntryName = "evaluate" | "runCode" | "reset";

const OUTPUT_LIMIT_MARKER = "[bos:output-limit] ";
const RUNTIME_FILE = "bos-runtime.js";
// Runs first in every new context: removes globals that have no business in a sandbox (V8 installs some
// of them again in each context, so the snapshot's prelude cannot), and takes the runtime's entry
// point off the global (the host keeps the only reference).
const TAKE_ENTRY = `(function () {
  for (const name of ["WebAssembly", "SharedArrayBuffer", "Atomics", "FinalizationRegistry", "WeakRef"]) {
    try { delete globalThis[name]; } catch (e) { globalThis[name] = undefined; }
    if (name in globalThis) globalThis[name] = undefined;
  }
  const entry = globalThis.__bosEntry;
  delete globalThis.__bosEntry;
  return entry;
})()`;

/**
 * The startup snapshot every isolate is created from: the core runtime (jmespath, prelude, extension
 * methods, data proxy, entry points) already run, so a new context starts booted (~0.5 ms CPU instead of
 * ~0.4 ms for the context plus ~1.5-2 ms to run the runtime in it). Luxon stays out: its build breaks
 * inside a snapshot, and most calls never need it (see luxonSource). `null` when this V8 cannot make
 * snapshots: the core script then runs in every context.
 */
let snapshot: ivm.ExternalCopy<ArrayBuffer> | null | undefined;
function runtimeSnapshot(): ivm.ExternalCopy<ArrayBuffer> | null {
  if (snapshot === undefined) {
    try {
      snapshot = ivm.Isolate.createSnapshot([{ code: coreSource(), filename: RUNTIME_FILE }]);
    } catch {
      snapshot = null;
    }
  }
  return snapshot;
}

// V8's compile caches for scripts run in contexts, shared by every isolate of the process (saves parsing).
const compileCaches = new Map<string, ivm.ExternalCopy<ArrayBuffer>>();

async function compileCached(isolate: ivm.Isolate, source: string, filename: string): Promise<ivm.Script> {
  const cachedData = compileCaches.get(filename);
  const script = cachedData
    ? await isolate.compileScript(source, { filename, cachedData })
    : await isolate.compileScript(source, { filename, produceCachedData: true });
  // The typings leave out the CachedDataResult fields compileScript sets on the Script.
  const produced = (script as ivm.Script & ivm.CachedDataResult).cachedData;
  if (!cachedData && produced) compileCaches.set(filename, produced);
  return script;
}

/** Scripts compiled once per isolate and run in each of its contexts. */
interface IsolateScripts {
  /** The core runtime, when the isolate has no snapshot. */
  core: ivm.Script | null;
  takeEntry: ivm.Script;
  modules: Map<RuntimeModule, ivm.Script>;
}

/**
 * One isolate with one context whose runtime is booted. The host keeps a reference to the runtime's
 * entry point; the global that carried it is deleted before any user code runs, and nothing else of the
 * host (no Reference, no callback) is ever placed in the context.
 *
 * An isolate serves one execution at a time. When an execution ends normally its isolate can be
 * recycled: its context is released and a brand-new context is prepared for the next execution, off the
 * hot path. An isolate that hit a limit, or was discarded at a deadline, is never reused.
 */
export class IsolateHandle {
  /** Set once the context was handed over to a recycled handle: this one must not touch the isolate. */
  private retired = false;
  /** Optional modules run in this context (calls list them, and the runtime installs them). */
  readonly modules: RuntimeModule[] = [];

  private constructor(
    private readonly isolate: ivm.Isolate,
    private readonly scripts: IsolateScripts,
    private readonly context: ivm.Context,
    private readonly entry: ivm.Reference<(...args: string[]) => unknown>,
    private readonly limits: IsolateLimits,
    /** Executions this isolate served before this context. */
    readonly generation: number,
  ) {}

  static async create(limits: IsolateLimits): Promise<IsolateHandle> {
    const snap = runtimeSnapshot();
    const isolate = new ivm.Isolate(snap ? { memoryLimit: limits.memoryLimitMb, snapshot: snap } : { memoryLimit: limits.memoryLimitMb });
    try {
      const scripts: IsolateScripts = {
        core: snap ? null : await compileCached(isolate, coreSource(), RUNTIME_FILE),
        takeEntry: await isolate.compileScript(TAKE_ENTRY, { filename: "bos-entry.js" }),
        modules: new Map(),
      };
      return await IsolateHandle.boot(isolate, scripts, limits, 0);
    } catch (error) {
      if (!isolate.isDisposed) isolate.dispose();
      throw error;
    }
  }

  private static async boot(isolate: ivm.Isolate, scripts: IsolateScripts, limits: IsolateLimits, generation: number): Promise<IsolateHandle> {
    const context = isolate.createContextSync();
    try {
      if (scripts.core) scripts.core.runSync(context, { timeout: 5000 });
      const entry = scripts.takeEntry.runSync(context, { reference: true, timeout: 1000 }) as ivm.Reference<(...args: string[]) => unknown>;
      if (entry.typeof !== "function") throw new Error("the sandbox runtime did not boot");
      return new IsolateHandle(isolate, scripts, context, entry, limits, generation);
    } catch (error) {
      context.release();
      throw error;
    }
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
    this.entry.release();
    this.context.release();
    try {
      const heap = this.isolate.getHeapStatisticsSync();
      if (heap.used_heap_size > heap.heap_size_limit / 4) throw new Error("too much heap in use to reuse the isolate");
      return await IsolateHandle.boot(this.isolate, this.scripts, this.limits, this.generation + 1);
    } catch (error) {
      // Not reusable: it is simply discarded, the pool creates a fresh isolate instead.
      void error;
      if (!this.isolate.isDisposed) this.isolate.dispose();
      return null;
    }
  }

  /** Runs an optional module's script in this context (once); the next call's `modules` has the runtime install it. */
  async loadModule(name: RuntimeModule): Promise<void> {
    if (this.modules.includes(name)) return;
    const run = async (): Promise<string> => {
      let script = this.scripts.modules.get(name);
      if (!script) {
        script = await compileCached(this.isolate, moduleSource(name), `${name}.js`);
        this.scripts.modules.set(name, script);
      }
      await script.run(this.context, { timeout: 5000 });
      return "ok";
    };
    await this.guard(run());
    this.modules.push(name);
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

  /**
   * Calls the runtime on the host thread, stopping it after `budgetMs`: a synchronous crossing costs a few
   * microseconds where an asynchronous one costs ~50 (a hop to isolated-vm's thread and back). Returns
   * null when the call ran out of its budget: the isolate stays usable, but the runtime's state of this
   * execution may be half-updated, so the caller re-initialises it and runs the call asynchronously.
   */
  callBlocking(kind: EntryName, args: string[], budgetMs: number): string | null {
    let result: unknown;
    try {
      result = this.entry.applySync(undefined, [kind, ...args], { timeout: budgetMs });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!this.isolate.isDisposed && /Script execution timed out/i.test(message)) return null;
      throw this.mapError(error);
    }
    if (typeof result !== "string") throw new SandboxFailure(SandboxErrorCode.internal, "The sandbox returned no result", "This is a bug in the sandbox runtime.");
    return result;
  }

  /** Calls the runtime on isolated-vm's thread (expressions); the result is the JSON text it returned. */
  call(kind: EntryName, args: string[], cpuTimeoutMs: number): Promise<string> {
    return this.guard(this.entry.apply(undefined, [kind, ...args], { timeout: cpuTimeoutMs }) as Promise<string>);
  }

  /** Calls the runtime on isolated-vm's thread and waits for the promise it returns (Code that may wait). */
  callAwaiting(kind: EntryName, args: string[], cpuTimeoutMs: number, wallClockTimeoutMs?: number): Promise<string> {
    const pending = this.entry.apply(undefined, [kind, ...args], { timeout: cpuTimeoutMs, result: { promise: true } }) as Promise<string>;
    return this.guard(pending, wallClockTimeoutMs);
  }

  /** Discards the isolate (a retired handle no longer owns it and does nothing). */
  dispose(): void {
    if (this.retired || this.isolate.isDisposed) return;
    try {
      this.entry.release();
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
