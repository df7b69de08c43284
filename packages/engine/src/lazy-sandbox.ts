import type { RunCodeOptions, RunCodeResult } from "@bos/node-sdk";
import type { EvaluationResult, EvaluationScope, ExecutionSandbox, NodeRunRecord, SandboxExecutionInfo } from "@bos/sandbox";
import type { SandboxProvider } from "./types";

/**
 * Acquires the execution's sandbox on first use. A run whose nodes evaluate no expression and run
 * no code (literal parameters only) never creates an isolate; until then node runs are only
 * buffered, and handed over in order when the sandbox arrives.
 */
export class LazySandbox implements ExecutionSandbox {
  private sandbox?: ExecutionSandbox;
  private pending?: Promise<ExecutionSandbox>;
  private buffered: NodeRunRecord[] = [];
  private disposed = false;

  constructor(
    private readonly provider: SandboxProvider,
    private readonly info: SandboxExecutionInfo,
  ) {}

  recordNodeRun(run: NodeRunRecord): void {
    if (this.sandbox) this.sandbox.recordNodeRun(run);
    else this.buffered.push(run);
  }

  async evaluate(scope: EvaluationScope, expressions: readonly string[]): Promise<EvaluationResult> {
    return (await this.get()).evaluate(scope, expressions);
  }

  async runCode(scope: EvaluationScope, options: RunCodeOptions & { timeoutMs?: number }): Promise<RunCodeResult> {
    return (await this.get()).runCode(scope, options);
  }

  dispose(): void {
    this.disposed = true;
    this.buffered = [];
    if (this.sandbox) this.sandbox.dispose();
    // A sandbox still being acquired is disposed as soon as it arrives.
    else this.pending?.then((s) => s.dispose(), () => undefined);
  }

  private get(): Promise<ExecutionSandbox> {
    if (this.sandbox) return Promise.resolve(this.sandbox);
    this.pending ??= Promise.resolve(this.provider.acquire(this.info)).then((sandbox) => {
      if (this.disposed) {
        sandbox.dispose();
        throw new Error("The execution ended before its sandbox was ready");
      }
      for (const run of this.buffered) sandbox.recordNodeRun(run);
      this.buffered = [];
      this.sandbox = sandbox;
      return sandbox;
    });
    return this.pending;
  }
}
