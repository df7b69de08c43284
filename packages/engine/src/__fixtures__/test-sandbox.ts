import type { RunCodeOptions, RunCodeResult } from "@bos/node-sdk";
import type { EvaluationResult, EvaluationScope, ExecutionSandbox, ExpressionFailure, NodeRunRecord, SandboxExecutionInfo } from "@bos/sandbox";
import type { SandboxProvider } from "../types";

/**
 * A tiny stand-in for @bos/sandbox in engine unit tests: it understands `={{ $json.a.b }}`,
 * `={{ $itemIndex }}`, `={{ $runIndex }}`, `={{ $fail }}` (always fails) and plain `=text`, which is
 * all the engine's own semantics need. It records what the engine asks of it so tests can check
 * batching (one evaluate call per node run) and run recording.
 */
export class TestSandbox implements ExecutionSandbox {
  readonly runs: NodeRunRecord[] = [];
  readonly evaluateCalls: Array<{ node: string; expressions: readonly string[]; itemCount: number }> = [];
  disposed = false;

  constructor(readonly info: SandboxExecutionInfo) {}

  recordNodeRun(run: NodeRunRecord): void {
    this.runs.push(run);
  }

  async evaluate(scope: EvaluationScope, expressions: readonly string[]): Promise<EvaluationResult> {
    const itemCount = scope.itemCount ?? Math.max(1, scope.inputs[0]?.length ?? 0);
    this.evaluateCalls.push({ node: scope.node, expressions, itemCount });
    const values: unknown[][] = [];
    const errors: Array<Array<ExpressionFailure | undefined> | undefined> = [];
    expressions.forEach((expression, e) => {
      values[e] = [];
      const first = scope.onlyItem ?? 0;
      const last = scope.onlyItem !== undefined ? scope.onlyItem + 1 : itemCount;
      for (let i = first; i < last; i++) {
        try {
          (values[e] as unknown[])[i] = evaluateOne(expression, scope, i);
        } catch (error) {
          (errors[e] ??= [])[i] = { message: (error as Error).message };
        }
      }
    });
    return { values, errors };
  }

  async runCode(_scope: EvaluationScope, _options: RunCodeOptions): Promise<RunCodeResult> {
    throw new Error("TestSandbox does not run code");
  }

  dispose(): void {
    this.disposed = true;
  }
}

function evaluateOne(expression: string, scope: EvaluationScope, itemIndex: number): unknown {
  const body = expression.slice(1);
  const match = /^\{\{\s*(.*?)\s*\}\}$/.exec(body);
  if (!match) return body;
  const code = match[1] as string;
  if (code === "$fail") throw new Error("Expression failed on purpose");
  if (code === "$itemIndex") return itemIndex;
  if (code === "$runIndex") return scope.runIndex;
  if (code.startsWith("$json")) {
    let value: unknown = scope.inputs[0]?.[itemIndex]?.json;
    for (const key of code.slice("$json".length).split(".").filter(Boolean)) value = (value as Record<string, unknown> | undefined)?.[key];
    return value;
  }
  throw new Error(`TestSandbox cannot evaluate ${code}`);
}

/** A provider that hands out TestSandboxes and keeps them for inspection. */
export class TestSandboxProvider implements SandboxProvider {
  readonly sandboxes: TestSandbox[] = [];
  acquire(info: SandboxExecutionInfo): TestSandbox {
    const sandbox = new TestSandbox(info);
    this.sandboxes.push(sandbox);
    return sandbox;
  }
}
