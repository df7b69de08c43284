import { randomUUID } from "node:crypto";
import type { ExecuteWorkflowOptions, ExecutionMode, HttpClient, Item, NodeLogger } from "@bos/node-sdk";
import { createHttpClient, type ManagedHttpClient } from "@bos/http-client";
import type { ExecutionSandbox } from "@bos/sandbox";
import { resolveLegacyNodeType, type NodeDescription, type WorkflowDocument, type WorkflowNode } from "@bos/workflow-schema";
import { EngineError, PartialRunError, SubworkflowDepthError, UnknownNodeTypeError } from "./errors";
import { partialRunState, restrictToAncestors, type PartialRunOptions } from "./partial/partial-run";
import { concurrencyLimit } from "./concurrency/branch-plan";
import { Execution } from "./execution";
import { LazySandbox } from "./lazy-sandbox";
import { findStartNode, findTriggerOfKind } from "./graph/find-start-node";
import { hasSideEffects } from "./graph/port-counts";
import { buildWorkflowGraph, type WorkflowGraph } from "./graph/workflow-graph";
import type { ResolvedNode, SubworkflowCallResult } from "./node-run/run-node";
import { SideEffectChecker } from "./dry-run/side-effects";
import { collectSimulatedEffects } from "./dry-run/simulated-effects";
import { normalizePinData, pinDataHonoured } from "./pin-data";
import { assertResumable, createInitialState } from "./run-state";
import type { CredentialsProvider, EngineDependencies, RunHooks, RunOptions, RunResult, RunState } from "./types";

const SILENT_LOGGER: NodeLogger = { debug() {}, info() {}, warn() {}, error() {} };

export interface ResumeOptions {
  /** Items that become the resumed node's output 0 (e.g. the webhook call that resumed a Wait). */
  payload?: Item[];
  hooks?: RunHooks;
  signal?: AbortSignal;
  vars?: Record<string, string>;
  /** The tenant of the run, as in RunOptions (the host keeps it with the execution; a run state does not carry it). */
  tenantId?: string;
}

interface PreparedWorkflow {
  graph: WorkflowGraph;
  resolved: Map<string, ResolvedNode>;
}

interface InternalRunOptions extends RunOptions {
  depth?: number;
}

/**
 * The storage-agnostic execution engine: runs a workflow document to completion (or suspension) in
 * this process and returns n8n-shaped run data. Hosts (CLI, API test runs, the durable worker) add
 * persistence through hooks and resume states.
 *
 * @example
 * const engine = new WorkflowEngine({ registry: createBuiltinRegistry(), sandboxPool: pool });
 * const result = await engine.run(doc, { mode: "manual" });
 * result.status; // "success" | "error" | "waiting" | "canceled"
 */
export class WorkflowEngine {
  private readonly logger: NodeLogger;
  private readonly now: () => number;
  private readonly maxDepth: number;
  private readonly http: HttpClient;
  /** The default client, created on first request when the host passed none; `close()` releases it. */
  private ownHttp?: ManagedHttpClient;
  /** Documents are treated as immutable once run: hosts pass a new object for a changed workflow. */
  private readonly prepared = new WeakMap<WorkflowDocument, PreparedWorkflow>();
  /** Side effects of nodes that run inline sub-workflows, per document node (see SideEffectChecker). */
  private readonly inlineSideEffects = new WeakMap<WorkflowNode, Promise<boolean>>();

  constructor(private readonly deps: EngineDependencies) {
    this.logger = deps.logger ?? SILENT_LOGGER;
    this.http = deps.httpClient ?? { request: (options) => (this.ownHttp ??= createHttpClient()).request(options) };
    const clock = deps.clock;
    this.now = clock ? () => clock.now() : Date.now;
    this.maxDepth = deps.maxSubworkflowDepth ?? 10;
  }

  /** Releases what the engine created itself (the default HTTP client's sockets). Injected dependencies are the host's to close. */
  close(): void {
    this.ownHttp?.close();
    this.ownHttp = undefined;
  }

  /** The node type's description for a document node (following legacy aliases), if known. */
  describe(node: Pick<WorkflowNode, "type" | "typeVersion"> & { parameters?: Record<string, unknown> }): NodeDescription | undefined {
    const direct = this.deps.registry.getNode(node.type, node.typeVersion);
    if (direct) return direct.description;
    const legacy = resolveLegacyNodeType(node.type, node.parameters ?? {});
    return legacy ? this.deps.registry.getNode(legacy.type, legacy.typeVersion)?.description : undefined;
  }

  /** Whether running this node may have effects outside the engine (for durable step commits and dry runs). */
  hasSideEffects(node: WorkflowNode): boolean {
    return hasSideEffects(this.describe(node), node);
  }

  /**
   * Runs a workflow. Rejects with an EngineError when the document cannot run at all (unknown node
   * types, no start node, an unusable resume state); any failure during the run is in the result.
   */
  run(doc: WorkflowDocument, options: RunOptions = {}): Promise<RunResult> {
    return this.runInternal(doc, options);
  }

  /**
   * A partial run, as n8n's editor offers: `from` runs a node and what follows it on earlier run data for
   * its parents (`runData` of a previous execution, or pinned data); `to` runs only a node and its
   * ancestors. Rejects with WF_ENGINE_PARTIAL_RUN when it cannot start as asked.
   */
  async runPartial(doc: WorkflowDocument, options: PartialRunOptions): Promise<RunResult> {
    const { from, to, runData, ...rest } = options;
    const target = to === undefined ? doc : restrictToAncestors(doc, to);
    if (from === undefined) return this.runInternal(target, rest);
    if (to !== undefined && from !== to && !target.nodes.some((n) => n.name === from)) {
      throw new PartialRunError(`Cannot run from node "${from}" up to node "${to}": "${from}" is not an ancestor of "${to}"`, "Pick a start node upstream of the node to run up to.", from);
    }
    const mode: ExecutionMode = rest.mode ?? "manual";
    const { graph } = this.prepare(target);
    const pinData = pinDataHonoured(mode) ? normalizePinData({ ...(target.pinData ?? {}), ...(rest.pinData ?? {}) }) : undefined;
    const state = partialRunState(graph, {
      executionId: rest.executionId ?? randomUUID(),
      workflowId: doc.id === undefined ? undefined : String(doc.id),
      mode,
      startedAt: this.now(),
      from,
      runData: runData ?? {},
      pinData,
      triggerItems: rest.triggerItems && rest.triggerItems.length > 0 ? rest.triggerItems : [{ json: {} }],
    });
    return this.runInternal(target, { ...rest, resumeState: state });
  }

  /** Continues a run that ended `waiting` (or was canceled or crashed) from its state. */
  resume(doc: WorkflowDocument, state: RunState, options: ResumeOptions = {}): Promise<RunResult> {
    return this.runInternal(
      doc,
      { resumeState: state, hooks: options.hooks, signal: options.signal, vars: options.vars, mode: state.mode, tenantId: options.tenantId },
      options.payload,
    );
  }

  private async runInternal(doc: WorkflowDocument, options: InternalRunOptions, resumePayload?: Item[]): Promise<RunResult> {
    const { graph, resolved } = this.prepare(doc);
    const mode: ExecutionMode = options.mode ?? options.resumeState?.mode ?? "manual";
    const workflowId = doc.id === undefined ? undefined : String(doc.id);
    let state: RunState;
    if (options.resumeState) {
      assertResumable(options.resumeState, graph);
      state = options.resumeState;
    } else {
      const describe = (node: WorkflowNode) => resolved.get(node.name)?.type?.description;
      const start = findStartNode(graph, describe, options.startNode);
      const pinData = pinDataHonoured(mode) ? normalizePinData({ ...(doc.pinData ?? {}), ...(options.pinData ?? {}) }) : undefined;
      state = createInitialState({
        executionId: options.executionId ?? randomUUID(),
        workflowId,
        mode,
        startNode: start.name,
        triggerItems: options.triggerItems && options.triggerItems.length > 0 ? options.triggerItems : [{ json: {} }],
        startedAt: this.now(),
        pinData,
        depth: options.depth ?? 0,
      });
    }
    const settings = doc.settings ?? {};
    const timezone = settings.timezone && settings.timezone !== "DEFAULT" ? settings.timezone : "UTC";
    const resumeUrl = this.deps.resumeUrl?.(state.executionId);
    const sandbox = new LazySandbox(this.deps.sandboxPool, {
      executionId: state.executionId,
      resumeUrl,
      mode,
      workflow: { id: workflowId, name: doc.name, active: doc.active ?? false },
      nodes: doc.nodes,
      connections: doc.connections,
      timezone,
      vars: options.vars,
    });
    try {
      replayRuns(state, sandbox);
      const sideEffects = new SideEffectChecker({ describe: (node) => this.describe(node), loader: this.deps.workflowLoader, workflowId, executionId: state.executionId, inlineCache: this.inlineSideEffects });
      const execution = new Execution({
        graph,
        resolved,
        order: settings.executionOrder === "v1" ? "v1" : "v0",
        state,
        sandbox,
        workflow: { id: workflowId, name: doc.name, active: doc.active ?? false, timezone, settings },
        execution: { id: state.executionId, mode, dryRun: mode === "dry-run", depth: state.depth, ...(resumeUrl === undefined ? {} : { resumeUrl }) },
        hooks: options.hooks,
        replay: options.replay,
        signal: options.signal,
        timeoutSeconds: settings.executionTimeout,
        concurrency: concurrencyLimit(doc),
        inProcessWaitMs: this.deps.inProcessWaitMs,
        logger: this.logger,
        http: this.http,
        credentials: withTenant(this.deps.credentials, options.tenantId),
        now: this.now,
        executeWorkflow: (parent, node, subExecutionId, sub) => this.executeSubworkflow(doc, parent, node, subExecutionId, sub, options.tenantId),
        subworkflowSideEffects: (node) => sideEffects.of(node),
      });
      const result = await execution.run(resumePayload);
      if (mode === "dry-run") result.simulatedEffects = collectSimulatedEffects(result.runData);
      return result;
    } finally {
      sandbox.dispose();
    }
  }

  /** The graph and node types of a document, built once per document object. */
  private prepare(doc: WorkflowDocument): PreparedWorkflow {
    let prepared = this.prepared.get(doc);
    if (!prepared) {
      const graph = buildWorkflowGraph(doc);
      prepared = { graph, resolved: this.resolveNodes(graph) };
      this.prepared.set(doc, prepared);
    }
    return prepared;
  }

  /**
   * Every node with its type; enabled nodes of unknown types make the workflow unrunnable. A legacy
   * type the registry lacks runs as its current equivalent from workflow-schema's legacy table, with
   * the parameters that equivalent needs to behave the same (the document keeps the legacy type).
   */
  private resolveNodes(graph: WorkflowGraph): Map<string, ResolvedNode> {
    const resolved = new Map<string, ResolvedNode>();
    for (const node of graph.nodes.values()) {
      let type = this.deps.registry.getNode(node.type, node.typeVersion);
      let runAs = node;
      if (!type) {
        const legacy = resolveLegacyNodeType(node.type, node.parameters ?? {});
        if (legacy) type = this.deps.registry.getNode(legacy.type, legacy.typeVersion);
        if (type && legacy?.impliedParameters) runAs = { ...node, parameters: { ...(node.parameters ?? {}), ...legacy.impliedParameters } };
      }
      if (!type && !node.disabled) throw new UnknownNodeTypeError(node.name, node.type, node.typeVersion);
      resolved.set(node.name, { node: runAs, type });
    }
    return resolved;
  }

  /** ctx.executeWorkflow: a sub-execution of this engine, one level deeper. */
  private async executeSubworkflow(
    parentDoc: WorkflowDocument,
    parent: Execution,
    node: WorkflowNode,
    subExecutionId: string,
    options: ExecuteWorkflowOptions,
    tenantId: string | undefined,
  ): Promise<SubworkflowCallResult> {
    const depth = parent.state.depth + 1;
    if (depth > this.maxDepth) throw new SubworkflowDepthError(node.name, this.maxDepth);
    let doc: WorkflowDocument | undefined;
    if (options.source.kind === "inline") {
      doc = options.source.workflow;
    } else {
      if (!this.deps.workflowLoader) {
        throw new EngineError("WF_ENGINE_SUBWORKFLOW_NOT_FOUND", `Node "${node.name}" calls workflow ${options.source.id}, but this engine has no workflow loader`, {
          node: node.name,
          description: "Run the workflow where stored workflows are available (the worker or API), or use an inline workflow.",
        });
      }
      doc = await this.deps.workflowLoader.load(options.source.id, { parentWorkflowId: parentDoc.id === undefined ? undefined : String(parentDoc.id), executionId: parent.state.executionId });
      if (!doc) {
        throw new EngineError("WF_ENGINE_SUBWORKFLOW_NOT_FOUND", `Node "${node.name}" calls workflow ${options.source.id}, which does not exist`, {
          node: node.name,
          description: "Check the workflow id on the Execute Workflow node.",
        });
      }
      assertCallerAllowed(doc, parentDoc, node.name, options.source.id);
    }
    const subDoc = doc;
    const { graph, resolved } = this.prepare(subDoc);
    const describe = (n: WorkflowNode) => resolved.get(n.name)?.type?.description;
    const start = findTriggerOfKind(graph, describe, "executeWorkflow") ?? findStartNode(graph, describe);
    // A dry run's sub-workflows are dry runs too: their effects are simulated and reported to the caller.
    const dryRun = parent.state.mode === "dry-run";
    const run = this.runInternal(subDoc, {
      mode: dryRun ? "dry-run" : "integrated",
      executionId: subExecutionId,
      startNode: start.name,
      triggerItems: options.items,
      signal: parent.signal,
      depth,
      tenantId,
    });
    if (!options.wait) {
      run.then(
        (result) => {
          if (result.status !== "success") this.logger.warn("fire-and-forget sub-workflow did not succeed", { node: node.name, status: result.status, error: result.error?.message });
        },
        (error: unknown) => this.logger.error("fire-and-forget sub-workflow could not run", { node: node.name, error: error instanceof Error ? error.message : String(error) }),
      );
      return { outputs: [] };
    }
    const result = await run;
    if (result.status === "success") {
      const last = result.lastNodeExecuted ? result.runData[result.lastNodeExecuted]?.at(-1) : undefined;
      const outputs = last?.data?.main ?? [];
      return dryRun ? { outputs, executionId: result.executionId, simulatedEffects: result.simulatedEffects ?? [] } : { outputs, executionId: result.executionId };
    }
    if (result.error?.code === "WF_ENGINE_SUBWORKFLOW_DEPTH") throw new SubworkflowDepthError(node.name, this.maxDepth);
    const code = result.status === "waiting" ? "WF_ENGINE_SUBWORKFLOW_WAITING" : "WF_ENGINE_SUBWORKFLOW_FAILED";
    const message = result.status === "waiting" ? `The sub-workflow called by "${node.name}" started waiting, which sub-workflows cannot do yet` : (result.error?.message ?? `The sub-workflow called by "${node.name}" ended with status ${result.status}`);
    throw new EngineError(code, message, { node: node.name, description: result.error?.description });
  }
}

/**
 * The callee's `settings.callerPolicy` (n8n): `none` refuses every caller, `workflowsFromAList` only
 * the ids in `callerIds`. `workflowsFromSameOwner` (n8n's default) is the workflow loader's to enforce,
 * since only the host knows owners; `any` and absent allow the call.
 */
function assertCallerAllowed(callee: WorkflowDocument, caller: WorkflowDocument, node: string, calleeId: string): void {
  const policy = callee.settings?.callerPolicy;
  const callerId = caller.id === undefined ? undefined : String(caller.id);
  const listed = (callee.settings?.callerIds ?? "").split(",").map((id) => id.trim()).filter(Boolean);
  const allowed = policy === "none" ? false : policy === "workflowsFromAList" ? callerId !== undefined && listed.includes(callerId) : true;
  if (!allowed) {
    throw new EngineError("WF_ENGINE_SUBWORKFLOW_NOT_ALLOWED", `Node "${node}" may not call workflow ${calleeId}: its caller policy (${policy}) does not allow workflow ${callerId ?? "(unsaved)"}`, {
      node,
      description: "Change the called workflow's settings (callerPolicy / callerIds) to allow this caller.",
    });
  }
}

/**
 * The provider as the run's nodes see it: every request carries the run's tenant. The node run context
 * builds requests without one (it knows nothing of tenants), so the tenant is added here, once per run.
 */
function withTenant(provider: CredentialsProvider | undefined, tenantId: string | undefined): CredentialsProvider | undefined {
  if (!provider || tenantId === undefined) return provider;
  return { get: (request) => provider.get({ ...request, tenantId }) };
}

/** Shows a resumed run's finished node runs to a fresh sandbox, in execution order. */
function replayRuns(state: RunState, sandbox: Pick<ExecutionSandbox, "recordNodeRun">): void {
  const runs: Array<{ node: string; runIndex: number; index: number }> = [];
  for (const [node, tasks] of Object.entries(state.runData)) tasks.forEach((task, runIndex) => runs.push({ node, runIndex, index: task.executionIndex }));
  runs.sort((a, b) => a.index - b.index);
  for (const run of runs) {
    const task = state.runData[run.node]?.[run.runIndex];
    if (task) sandbox.recordNodeRun({ node: run.node, runIndex: run.runIndex, source: task.source, outputs: task.data?.main ?? [] });
  }
}
