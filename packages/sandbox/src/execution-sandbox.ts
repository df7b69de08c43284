import { CodeExecutionError, type ConsoleEntry, type RunCodeOptions, type RunCodeResult, type UserCodeError } from "@bos/node-sdk";
import { buildCallPayload, runKey, type CallMeta, type PayloadState } from "./call-payload";
import { SandboxErrorCode, SandboxFailure } from "./errors";
import { compileFastPath, evaluateFastPath, type FastPath } from "./fast-path";
import type { IsolateHandle } from "./isolate-handle";
import { encodeJsonColumns, projectedFields, worthProjecting } from "./json-projection";
import { scanReferences, type References } from "./references";
import { rewriteIf } from "./rewrite-if";
import type { RuntimeModule } from "./boot-source";
import { modulesOf, readsParameters } from "./runtime-needs";
import { ShippedRuns } from "./shipped-runs";
import { isExpression, parseTemplate, type ParsedTemplate } from "./template";
import type {
  EvaluationResult,
  EvaluationScope,
  ExecutionSandbox,
  ExpressionFailure,
  NodeRunRecord,
  SandboxExecutionInfo,
} from "./types";
import { WorkflowGraph } from "./workflow-graph";

/** What an execution sandbox needs from its pool. */
export interface SandboxHost {
  takeHandle(): Promise<IsolateHandle>;
  /** The sandbox is done; its isolate (idle, healthy) may serve another execution in a fresh context. */
  released(sandbox: ExecutionSandbox, handle: IsolateHandle | null): void;
}

export interface ResolvedSandboxOptions {
  memoryLimitMb: number;
  syncBudgetMs: number;
  syncMaxItems: number;
  cpuTimeoutMs: number;
  codeTimeoutMs: number;
  wallClockTimeoutMs: number;
  maxOutputBytes: number;
  maxOutputDepth: number;
}

interface ParsedExpression {
  template: ParsedTemplate;
  fast: FastPath | null;
}

interface EvaluateWire {
  v: unknown[][];
  u: Array<[number, number]>;
  f: Array<[number, number, string, string | null]>;
  cd?: Array<[string, string]>;
  /** Optional modules the call reached that this context did not have: repeat it with them loaded. */
  need?: RuntimeModule[];
  /** The call could observe more of an item than the projected `$json` fields: repeat it with whole items. */
  whole?: true;
}

type UserErrorWire = UserCodeError & { description?: string };
interface RunCodeWire {
  ok: boolean;
  value?: unknown;
  results?: Array<{ value?: unknown } | { error: UserErrorWire }>;
  error?: UserErrorWire;
  logs: ConsoleEntry[];
  cd?: Array<[string, string]>;
  need?: RuntimeModule[];
}

/** A template as the isolate runs it: `$if(c, a, b)` made lazy as n8n compiles it. */
function forIsolate(template: ParsedTemplate): ParsedTemplate {
  return { lone: template.lone, parts: template.parts.map((part) => (typeof part === "string" ? part : { code: rewriteIf(part.code) })) };
}

/** The inputs to send: all of them, or all but input 0 when the isolate already has it as a run. */
function inputsTextOf(scope: EvaluationScope, meta: CallMeta): string {
  if (!meta.inputFrom) return JSON.stringify(scope.inputs);
  return JSON.stringify([[], ...scope.inputs.slice(1)]);
}

/**
 * Variables that see whole items (binary, pairedItem) or other inputs, not only `$json` (`$itemIndex`,
 * `$nodeVersion` and `$nodeId` do not).
 */
const ITEM_SHAPE_RE = /\$input|\$binary|\$items?\b|\$parameter|\$\s*\(|\$node\b|\bthis\b/;

/**
 * Code that may wait (the runtime's own test; code.test.ts checks expression-runtime.isojs has the same one):
 * it goes straight to the asynchronous crossing.
 */
export const MAY_WAIT_RE = /await|async|then|Promise|queueMicrotask|setTimeout|setInterval|setImmediate|import/;
/** What the runtime answers a synchronous call that must continue asynchronously (a thenable appeared). */
export const ASYNC_NEEDED = "\u0000async";

/** Fewest input items a `$json` projection is considered for (see worthProjecting for the rest). */
const PROJECTION_MIN_ITEMS = 4;
/**
 * The `$json` fields of each batch of texts, shared by every execution of the process (the scan is a
 * pure function of the texts; a workflow's batches repeat across executions). Cleared when it fills.
 */
const projections = new Map<string, readonly string[] | null>();

const CODE_NODE_TYPES = new Set(["n8n-nodes-base.code", "n8n-nodes-base.function", "n8n-nodes-base.functionItem"]);

/**
 * One execution's sandbox: its own isolate (taken warm from the pool), the node runs recorded so far,
 * and the bookkeeping of which runs the isolate has seen. If the isolate dies (memory limit, wall-clock
 * deadline), the next call takes a fresh one and the recorded runs are shipped again as needed.
 */
export class IsolatedExecutionSandbox implements ExecutionSandbox {
  private handle: IsolateHandle | null;
  private readonly runs = new Map<string, Array<NodeRunRecord | undefined>>();
  private readonly shipped = new ShippedRuns();
  private readonly parsed = new Map<string, ParsedExpression>();
  private readonly references = new Map<string, References>();
  private readonly graph: WorkflowGraph;
  private readonly nodeTypes = new Map<string, string>();
  private readonly parameterModules = new Map<string, readonly RuntimeModule[]>();
  private customData: Array<[string, string]> = [];
  private initialized = false;
  private disposed = false;
  private inFlight = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly host: SandboxHost,
    private readonly info: SandboxExecutionInfo,
    handle: IsolateHandle,
    private readonly options: ResolvedSandboxOptions,
  ) {
    this.handle = handle;
    this.graph = new WorkflowGraph(info.connections);
    for (const node of info.nodes) this.nodeTypes.set(node.name, node.type);
  }

  recordNodeRun(run: NodeRunRecord): void {
    let runs = this.runs.get(run.node);
    if (!runs) this.runs.set(run.node, (runs = []));
    runs[run.runIndex] = run;
    // A re-recorded run (resume, retry) replaces what the isolate has.
    this.shipped.delete(runKey(run.node, run.runIndex));
  }

  evaluate(scope: EvaluationScope, expressions: readonly string[]): Promise<EvaluationResult> {
    return this.serialized(() => this.evaluateNow(scope, expressions));
  }

  runCode(scope: EvaluationScope, options: RunCodeOptions & { timeoutMs?: number }): Promise<RunCodeResult> {
    return this.serialized(() => this.runCodeNow(scope, options));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    let reusable: IsolateHandle | null = null;
    if (this.handle && !this.handle.disposed) {
      // A call still running (a canceled execution) means the isolate is busy: discard it.
      if (this.inFlight > 0) this.handle.dispose();
      else reusable = this.handle;
    }
    this.handle = null;
    this.host.released(this, reusable);
  }

  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const run = async () => {
      this.inFlight++;
      try {
        return await task();
      } finally {
        this.inFlight--;
      }
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private parse(expression: string): ParsedExpression {
    let entry = this.parsed.get(expression);
    if (!entry) {
      const template = forIsolate(parseTemplate(expression));
      entry = { template, fast: compileFastPath(template) };
      this.parsed.set(expression, entry);
    }
    return entry;
  }

  private async evaluateNow(scope: EvaluationScope, expressions: readonly string[]): Promise<EvaluationResult> {
    const firstItem = scope.onlyItem ?? 0;
    const count = scope.onlyItem !== undefined ? scope.onlyItem + 1 : scope.itemCount ?? Math.max(1, scope.inputs[0]?.length ?? 0);
    const values: unknown[][] = expressions.map(() => new Array<unknown>(count));
    const errors: EvaluationResult["errors"] = expressions.map(() => undefined);
    const pending: number[] = [];
    expressions.forEach((expression, e) => {
      if (!isExpression(expression)) {
        values[e]!.fill(expression, firstItem);
        return;
      }
      const { template, fast } = this.parse(expression);
      const items = firstItem === 0 ? scope.inputs[0] ?? [] : (scope.inputs[0] ?? []).slice(firstItem);
      const answered = fast ? evaluateFastPath(template, fast, items, count - firstItem) : null;
      if (answered) {
        for (let i = 0; i < answered.length; i++) values[e]![firstItem + i] = answered[i];
        return;
      }
      pending.push(e);
    });
    if (pending.length === 0) return { values, errors };

    const texts = pending.map((e) => expressions[e] as string);
    // Expressions that only read the current item's json can get just the json of input 0 (a smaller,
    // one-off copy); repeated single-item calls (onlyItem, pagination) reuse the upstream run instead.
    const jsonCandidate = !ITEM_SHAPE_RE.test(texts.join("\n"));
    const refs = this.referencesOf(texts);
    const templates = texts.map((text) => this.parse(text).template);
    // The own `$json` fields the batch can observe (null: it may see whole objects, or too little is left
    // out to pay: never for a few items, the common single-item call skips the scan); dropped for a repeat.
    const inputItems = scope.inputs[0] ?? [];
    let fields = jsonCandidate && inputItems.length >= PROJECTION_MIN_ITEMS ? this.projectionOf(texts, templates) : null;
    if (fields !== null && !worthProjecting(inputItems, fields)) fields = null;
    const blocking = this.blockingFirst(count - firstItem);
    const cross = async (sync: boolean): Promise<EvaluateWire | null> => {
      const handle = await this.prepareHandle(texts, scope.node);
      const { meta, runTexts } = buildCallPayload(this.payloadState(), scope, refs, count, firstItem, jsonCandidate && scope.onlyItem === undefined);
      const jsonOnly = !meta.inputFrom && jsonCandidate;
      const columns = jsonOnly && fields !== null ? encodeJsonColumns(inputItems, fields) : null;
      const inputsText = columns ?? (jsonOnly ? JSON.stringify((scope.inputs[0] ?? []).map((item) => item.json)) : inputsTextOf(scope, meta));
      const project = columns === null ? undefined : fields;
      // Object.assign onto the fresh meta, not a spread: a spread copy of it stringifies ~4x slower (~5 us).
      const args = [this.configText(), JSON.stringify(Object.assign(meta, { templates, jsonOnly, project, modules: handle.modules })), inputsText, ...runTexts];
      const text = sync ? handle.callBlocking("evaluate", args, this.options.syncBudgetMs) : await handle.call("evaluate", args, this.options.cpuTimeoutMs);
      if (text === null) {
        // Over the synchronous budget: the runtime was stopped mid-call; init and ship again, asynchronously.
        this.stoppedOverBudget(handle);
        return null;
      }
      this.initialized = true;
      const parsed = JSON.parse(text) as EvaluateWire;
      // Custom data set by every attempt counts (a call repeated for a module keeps the first one's changes).
      if (parsed.cd) this.customData = parsed.cd;
      return parsed;
    };
    const crossOnce = async (): Promise<EvaluateWire> => (blocking ? await cross(true) : null) ?? (await cross(false))!;
    const attempt = async (): Promise<EvaluateWire> => {
      const wire = await crossOnce();
      if (!wire.whole) return wire;
      fields = null;
      return crossOnce();
    };
    let wire: EvaluateWire;
    try {
      wire = await attempt();
      if (wire.need && (await this.loadModules(wire.need))) wire = await attempt();
    } catch (error) {
      this.afterFailure();
      throw error instanceof SandboxFailure ? error.toExpressionError() : error;
    }
    pending.forEach((e, row) => {
      const rowValues = wire.v[row] ?? [];
      for (let i = firstItem; i < count; i++) values[e]![i] = rowValues[i];
    });
    for (const [row, i] of wire.u) values[pending[row]!]![i] = undefined;
    for (const [row, i, message, description] of wire.f) {
      const e = pending[row]!;
      const failure: ExpressionFailure = description === null ? { message } : { message, description };
      (errors[e] ??= new Array<ExpressionFailure | undefined>(count))[i] = failure;
    }
    return { values, errors };
  }

  private async runCodeNow(scope: EvaluationScope, options: RunCodeOptions & { timeoutMs?: number }): Promise<RunCodeResult> {
    const count = scope.itemCount ?? scope.inputs[0]?.length ?? 0;
    const texts = [options.code];
    const refs = this.referencesOf(texts);
    const blocking = this.blockingFirst(count) && !MAY_WAIT_RE.test(options.code);
    const cross = async (sync: boolean): Promise<RunCodeWire | null> => {
      const handle = await this.prepareHandle(texts, scope.node);
      const { meta, runTexts } = buildCallPayload(this.payloadState(), scope, refs, count, 0);
      // Object.assign onto the fresh meta, not a spread: a spread copy of it stringifies ~4x slower (~5 us).
      const metaText = JSON.stringify(
        Object.assign(meta, { code: options.code, codeMode: options.mode, continueOnFail: options.continueOnFail === true, modules: handle.modules, syncOnly: sync }),
      );
      const args = [this.configText(), metaText, inputsTextOf(scope, meta), ...runTexts];
      const cpuTimeoutMs = options.timeoutMs ?? this.options.codeTimeoutMs;
      const text = sync
        ? handle.callBlocking("runCode", args, Math.min(this.options.syncBudgetMs, cpuTimeoutMs))
        : await handle.callAwaiting("runCode", args, cpuTimeoutMs, Math.max(this.options.wallClockTimeoutMs, options.timeoutMs ?? 0));
      if (text === null) {
        // Over the synchronous budget: the runtime was stopped mid-call; init and ship again, asynchronously.
        this.stoppedOverBudget(handle);
        return null;
      }
      this.initialized = true;
      // The code turned out to wait (it returned a thenable): it runs again from the start, asynchronously.
      if (text === ASYNC_NEEDED) return null;
      const parsed = JSON.parse(text) as RunCodeWire;
      // Custom data set by every attempt counts (a call repeated for a module keeps the first one's changes).
      if (parsed.cd) this.customData = parsed.cd;
      return parsed;
    };
    const attempt = async (): Promise<RunCodeWire> => (blocking ? await cross(true) : null) ?? (await cross(false))!;
    let wire: RunCodeWire;
    try {
      wire = await attempt();
      // Code that reached Luxon or jmespath through a name the scan could not see: run it again with them loaded.
      if (wire.need && (await this.loadModules(wire.need))) wire = await attempt();
    } catch (error) {
      this.afterFailure();
      throw error instanceof SandboxFailure ? error.toCodeExecutionError() : error;
    }
    if (!wire.ok) {
      const failure = wire.error as UserErrorWire;
      let lineNumber = failure.lineNumber;
      if (lineNumber === undefined && failure.name === "SyntaxError" && this.handle && !this.handle.disposed) {
        lineNumber = await this.handle.syntaxErrorLine(options.code);
      }
      throw new CodeExecutionError(failure.message, { lineNumber, description: failure.description });
    }
    if (options.mode === "runOnceForAllItems") return { mode: "runOnceForAllItems", value: wire.value, logs: wire.logs };
    const results = (wire.results ?? []).map((entry) => ("error" in entry ? { error: entry.error } : { value: entry.value }));
    return { mode: "runOnceForEachItem", results, logs: wire.logs };
  }

  /** Whether a call over `items` items tries the synchronous crossing first (see SandboxOptions.syncBudgetMs). */
  private blockingFirst(items: number): boolean {
    return this.options.syncBudgetMs > 0 && items <= this.options.syncMaxItems;
  }

  /** What the texts can reach (scanned once per distinct batch of texts). */
  private referencesOf(texts: readonly string[]): References {
    const key = texts.join("\u0000");
    let refs = this.references.get(key);
    if (!refs) {
      refs = scanReferences(texts);
      if (this.references.size < 1000) this.references.set(key, refs);
    }
    return refs;
  }

  /** The `$json` fields a batch can observe, over the chunks the isolate runs (scanned once per distinct batch). */
  private projectionOf(texts: readonly string[], templates: readonly ParsedTemplate[]): readonly string[] | null {
    const key = texts.join("\u0000");
    let fields = projections.get(key);
    if (fields === undefined) {
      fields = projectedFields(templates.flatMap((template) => template.parts.flatMap((part) => (typeof part === "string" ? [] : [part.code]))));
      if (projections.size >= 1000) projections.clear();
      projections.set(key, fields);
    }
    return fields;
  }

  private payloadState(): PayloadState {
    return {
      runs: this.runs,
      shipped: this.shipped,
      // An eighth of the heap for copies of recorded runs (text size, about bytes).
      shippedBudget: (this.options.memoryLimitMb * 1024 * 1024) / 8,
      graph: this.graph,
      isCodeNode: (node) => CODE_NODE_TYPES.has(this.nodeTypes.get(node) ?? ""),
    };
  }

  /** After a failed call the isolate may hold part of a shipment (or be gone): init and ship again next time. */
  private afterFailure(): void {
    this.shipped.clear();
    this.initialized = false;
  }

  /**
   * A call stopped over the synchronous budget: the runtime still holds what it had received (the runs it
   * stored), and the asynchronous retry ships them all again, so the isolate would hold both copies at once,
   * an out-of-memory near the limit when the host is slow enough to stop big calls (CPU contention). The
   * runtime is re-initialised empty first, so the old copies are garbage by the time the new ones arrive.
   */
  private stoppedOverBudget(handle: IsolateHandle): void {
    this.afterFailure();
    try {
      handle.callBlocking("reset", [this.configText()], this.options.syncBudgetMs);
    } catch {
      // The retry re-initialises the runtime anyway; this only frees memory sooner.
    }
  }

  /** The execution's config for the runtime's init, on the first call into a context; "" afterwards. */
  private configText(): string {
    return this.initialized ? "" : JSON.stringify(this.initConfig());
  }

  /** The live isolate, with the optional modules loaded that the texts (or the parameters they evaluate) can reach. */
  private async prepareHandle(texts: readonly string[], node: string): Promise<IsolateHandle> {
    const handle = await this.ensureHandle();
    for (const text of texts) {
      for (const name of modulesOf(text)) await handle.loadModule(name);
      if (readsParameters(text)) for (const name of this.modulesOfParameters(node)) await handle.loadModule(name);
    }
    return handle;
  }

  /** Loads modules a call asked for; false when they were all there already (the call is not repeated). */
  private async loadModules(names: readonly RuntimeModule[]): Promise<boolean> {
    const handle = await this.ensureHandle();
    const missing = names.filter((name) => !handle.modules.includes(name));
    for (const name of missing) await handle.loadModule(name);
    return missing.length > 0;
  }

  private modulesOfParameters(node: string): readonly RuntimeModule[] {
    let modules = this.parameterModules.get(node);
    if (modules === undefined) {
      modules = modulesOf(JSON.stringify(this.info.nodes.find((n) => n.name === node)?.parameters ?? {}));
      this.parameterModules.set(node, modules);
    }
    return modules;
  }

  /** The live isolate, replacing a dead one (memory limit, deadline) with a fresh, initialised one. */
  private async ensureHandle(): Promise<IsolateHandle> {
    if (this.disposed) {
      throw new SandboxFailure(SandboxErrorCode.disposed, "The sandbox of this execution was disposed", "Create a new execution sandbox.");
    }
    if (this.handle && !this.handle.disposed) return this.handle;
    // The isolate died (memory limit, deadline): a fresh one, initialised and shipped to again.
    this.handle = await this.host.takeHandle();
    this.initialized = false;
    this.shipped.clear();
    if (this.disposed) {
      this.handle.dispose();
      throw new SandboxFailure(SandboxErrorCode.disposed, "The sandbox of this execution was disposed", "Create a new execution sandbox.");
    }
    return this.handle;
  }

  private initConfig(): unknown {
    const nodes: Record<string, unknown> = {};
    for (const node of this.info.nodes) {
      const templates: Record<string, ParsedTemplate> = {};
      for (const [key, value] of Object.entries(node.parameters ?? {})) {
        if (isExpression(value)) templates[key] = forIsolate(parseTemplate(value));
      }
      nodes[node.name] = {
        id: node.id,
        type: node.type,
        typeVersion: node.typeVersion,
        webhookId: node.webhookId,
        parameters: node.parameters ?? {},
        templates,
      };
    }
    return {
      limits: { maxOutputBytes: this.options.maxOutputBytes, maxOutputDepth: this.options.maxOutputDepth },
      timezone: this.info.timezone || "UTC",
      executionId: this.info.executionId,
      mode: this.info.mode,
      workflow: this.info.workflow,
      nodes,
      vars: this.info.vars ?? {},
      resumeUrl: this.info.resumeUrl,
      customData: this.customData,
    };
  }
}
