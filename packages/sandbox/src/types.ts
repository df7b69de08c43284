import type { Item, RunCodeOptions, RunCodeResult, TaskSource } from "@bos/node-sdk";
import type { Connections, WorkflowNode } from "@bos/workflow-schema";

/**
 * The contract between the engine and the sandbox. The engine owns the graph and run data; the
 * sandbox owns everything that evaluates user JavaScript (expressions and Code), inside isolated-vm.
 * One ExecutionSandbox per execution: a fresh context, nothing shared with other executions.
 */

export interface SandboxOptions {
  /** Heap limit of one isolate, in MB (default 64). */
  memoryLimitMb?: number;
  /** CPU time one call may use, in ms (default 1000 for expressions, the Code node passes its own). */
  cpuTimeoutMs?: number;
  /** Wall-clock deadline of one call, in ms, covering promises that never settle (default 10000). */
  wallClockTimeoutMs?: number;
  /** Largest result copied out of one call, in bytes of JSON (default 64 MB). */
  maxOutputBytes?: number;
  /** Deepest object nesting copied out (default 100). */
  maxOutputDepth?: number;
  /** Ready contexts kept warm off the hot path (default 4). */
  poolSize?: number;
  /**
   * Most isolates of finished executions kept, each with a fresh context, for the next executions
   * (default 64, about 1.25 MB each). A worker running N executions at once needs N isolates: keeping
   * them avoids creating one per execution (~1.5 ms CPU). Those beyond `poolSize` that stay unused for
   * `idleTrimMs` (default 2 s) are disposed, so the pool follows the load down and an idle process shrinks back;
   * the ones kept that served executions are then swapped for new isolates (their heaps hold the released
   * contexts until a GC that an idle isolate never runs).
   */
  maxIdle?: number;
  idleTrimMs?: number;
  /** CPU time of one Code node call when the caller passes no `timeoutMs`, in ms (default 10000). */
  codeTimeoutMs?: number;
  /**
   * Executions one isolate serves, one after the other, each in a brand-new context (default 200; 1 = a
   * new isolate for every execution). An isolate that hit a limit is never reused.
   */
  isolateReuse?: number;
  /**
   * Small calls (up to `syncMaxItems` items, code that cannot wait) first run synchronously on the
   * host thread for at most this many ms (default 20): a synchronous crossing costs ~4 us where an
   * asynchronous one costs ~50 us here. A call that outlives it is stopped and run again
   * asynchronously with its full limits, so a long or endless loop blocks the host for this long at
   * most. 0 = always asynchronous.
   */
  syncBudgetMs?: number;
  /** Largest item count of a call that tries the synchronous crossing first (default 100). */
  syncMaxItems?: number;
}

/** What the sandbox needs to know about the execution, for `$workflow`, `$execution`, `$now`... */
export interface SandboxExecutionInfo {
  executionId: string;
  mode: string;
  workflow: { id?: string; name: string; active: boolean };
  nodes: readonly WorkflowNode[];
  connections: Connections;
  /** IANA zone for `$now`, `$today` and Luxon (default UTC). */
  timezone: string;
  vars?: Record<string, string>;
  resumeUrl?: string;
}

/** One finished node run, as the engine records it. */
export interface NodeRunRecord {
  node: string;
  runIndex: number;
  /** Per input index, where the input came from (null for a trigger's run). */
  source: Array<TaskSource | null>;
  /** Per output index, the items. */
  outputs: Item[][];
}

/** The node run an evaluation belongs to. */
export interface EvaluationScope {
  node: string;
  runIndex: number;
  /** The node's input items per input index (`$input` is input 0, as n8n's connection input data). */
  inputs: Item[][];
  source: Array<TaskSource | null>;
  /** Evaluate for items 0..itemCount-1 (default: max(1, inputs[0].length)). */
  itemCount?: number;
  /** Extra variables visible to the expressions (`$response`, `$pageCount`...). */
  extraVariables?: Record<string, unknown>;
  /**
   * Evaluate only this item (HTTP pagination, `evaluateExpression`): `values[e][onlyItem]` is set and the
   * other slots stay undefined; `itemCount` is then ignored.
   */
  onlyItem?: number;
}

/** An expression failure, as n8n would report it. */
export interface ExpressionFailure {
  message: string;
  description?: string;
}

/**
 * `values[e][i]` is expression e's result for item i (undefined where it failed);
 * `errors[e]?.[i]` is set where it failed.
 */
export interface EvaluationResult {
  values: unknown[][];
  errors: Array<Array<ExpressionFailure | undefined> | undefined>;
}

export interface ExecutionSandbox {
  /** Makes a finished node run visible to later `$('Node')`, `$node`, `$items` and paired-item lookups. */
  recordNodeRun(run: NodeRunRecord): void;
  /**
   * Evaluates expressions (strings starting with `=`, n8n template syntax) for every item of the scope,
   * in as few sandbox crossings as possible.
   */
  evaluate(scope: EvaluationScope, expressions: readonly string[]): Promise<EvaluationResult>;
  /** Runs Code node JavaScript for the scope. */
  runCode(scope: EvaluationScope, options: RunCodeOptions & { timeoutMs?: number }): Promise<RunCodeResult>;
  /** Frees the context; the sandbox is unusable afterwards. */
  dispose(): void;
}
