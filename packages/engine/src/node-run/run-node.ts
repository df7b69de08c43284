import type { AnyNodeType, ExecuteWorkflowOptions, ExecuteWorkflowResult, ExecutionInfo, HttpClient, Item, NodeLogger, WaitSpec, WorkflowInfo } from "@bos/node-sdk";
import type { EvaluationScope, ExecutionSandbox } from "@bos/sandbox";
import type { NodeDescription, WorkflowNode } from "@bos/workflow-schema";
import { NotSimulatableError } from "../errors";
import { delegatesSideEffects, hasSideEffects, inputCount, regularOutputCount } from "../graph/port-counts";
import { effectsFromEvents, effectsFromSimulation, outboxEventsOf } from "../dry-run/simulated-effects";
import { connectionInputItems, sliceToFirstItem } from "../scheduling/connection-input";
import type { ExecutionOrder } from "../scheduling/schedule-children";
import type { CredentialsProvider, SimulatedEffect, StackEntry, TaskData, TaskError, TaskMetadata } from "../types";
import { createExecuteContext } from "./execute-context";
import { applyAlwaysOutputData, autoFillPairedItems, checkNodeResult, routeErrorItems, type CheckedNodeResult } from "./finalize-outputs";
import { nodeSettings } from "./node-settings";
import { collectExpressions, ResolvedParameters, type ExpressionSite } from "./resolve-parameters";

/** Expression sites per document node (documents are not changed once run; see README). */
const sitesCache = new WeakMap<WorkflowNode, ExpressionSite[]>();
import { toTaskError } from "./task-error";

/** What a node run needs from its execution. */
export interface NodeRunServices {
  order: ExecutionOrder;
  sandbox: ExecutionSandbox;
  workflow: WorkflowInfo;
  execution: ExecutionInfo;
  signal: AbortSignal;
  logger: NodeLogger;
  http: HttpClient;
  credentials?: CredentialsProvider;
  nodeStates: Record<string, unknown>;
  /** Pinned output per node, already normalised; only passed in modes that honour it. */
  pinData?: Record<string, Item[]>;
  now(): number;
  sleep(ms: number): Promise<void>;
  /** `call` numbers the sub-workflow calls of one attempt of one node run (0, 1, ...), for stable sub-execution ids. */
  executeWorkflow(node: WorkflowNode, runIndex: number, call: number, options: ExecuteWorkflowOptions): Promise<SubworkflowCallResult>;
}

/** A sub-workflow call's result, with the effects a dry sub-run simulated. */
export type SubworkflowCallResult = ExecuteWorkflowResult & { simulatedEffects?: SimulatedEffect[] };

/** A resolved node: the document node with its type. `type` is undefined only for disabled nodes of unknown types. */
export interface ResolvedNode {
  node: WorkflowNode;
  type: AnyNodeType | undefined;
}

/** The result of running one stack entry; the execution applies it to the run state. */
export type NodeRunOutcome =
  | { kind: "skipped" }
  | { kind: "done"; task: Omit<TaskData, "executionIndex">; outputs: Item[][] | undefined; stop: boolean; error?: TaskError }
  | { kind: "wait"; wait: WaitSpec; outputs: Item[][]; startTime: number };

/**
 * Runs one stack entry (FORMAT §2, §6): input preparation, disabled pass-through, pinned data,
 * executeOnce, retries, onError handling, pairedItem auto-fill, error output routing and
 * alwaysOutputData. Touches no scheduling state, so several entries may run at once.
 */
export async function runNode(services: NodeRunServices, resolved: ResolvedNode, entry: StackEntry, runIndex: number): Promise<NodeRunOutcome> {
  const { node, type } = resolved;
  const description = type?.description;
  const isTrigger = description?.trigger !== undefined;
  const connectionInput = connectionInputItems(entry.inputs, services.order);
  if (connectionInput === null && !isTrigger) return { kind: "skipped" };

  const startTime = services.now();
  const declaredInputs = description ? Math.max(1, inputCount(description, node)) : 1;
  let inputs: Item[][] = entry.inputs.map((input) => input ?? []);
  while (inputs.length < declaredInputs) inputs.push([]);
  const done = (outputs: Item[][] | undefined, error?: TaskError, stop = false, metadata?: TaskMetadata): NodeRunOutcome => ({
    kind: "done",
    outputs,
    stop,
    error,
    task: {
      startTime,
      executionTime: services.now() - startTime,
      executionStatus: error ? "error" : "success",
      source: entry.source,
      ...(outputs ? { data: { main: outputs } } : {}),
      ...(error ? { error } : {}),
      ...(metadata ? { metadata } : {}),
    },
  });

  if (node.disabled || !type || !description) return done([inputs[0] ?? []]);
  const pinned = services.pinData?.[node.name];
  if (pinned) return done([structuredClone(pinned)]);

  const settings = nodeSettings(node);
  if (settings.executeOnce) inputs = sliceToFirstItem(inputs);
  const effectiveInput = connectionInputItems(inputs, services.order) ?? inputs[0] ?? [];

  let lastError: unknown;
  for (let attempt = 1; attempt <= settings.maxTries; attempt++) {
    try {
      const result = await attemptNode(services, node, type, description, inputs, entry, runIndex, effectiveInput.length);
      if (result.kind === "wait") return { kind: "wait", wait: result.wait, outputs: result.outputs, startTime };
      return done(finalizeOutputs(result.outputs, node, description, inputs, effectiveInput, settings.alwaysOutputData, settings.onError), undefined, false, result.metadata);
    } catch (error) {
      lastError = error;
      if (services.signal.aborted || attempt === settings.maxTries) break;
      services.logger.warn("node run failed, retrying", { executionId: services.execution.id, node: node.name, runIndex, attempt, error: error instanceof Error ? error.message : String(error) });
      try {
        await services.sleep(settings.waitBetweenTriesMs);
      } catch {
        // The sleep only rejects on abort; the loop ends and the last error counts.
        break;
      }
    }
  }
  const error = toTaskError(lastError, node.name);
  if (settings.onError !== "stopWorkflow" && !services.signal.aborted) {
    // A whole-node failure with a continue setting forwards input 0 unchanged (FORMAT §6.3).
    return done([inputs[0] ?? []], error);
  }
  return done(undefined, error, true);
}

async function attemptNode(
  services: NodeRunServices,
  node: WorkflowNode,
  type: AnyNodeType,
  description: NodeDescription,
  inputs: Item[][],
  entry: StackEntry,
  runIndex: number,
  itemCount: number,
): Promise<CheckedNodeResult> {
  const rawParameters = node.parameters ?? {};
  let sites = sitesCache.get(node);
  if (!sites) {
    sites = collectExpressions(rawParameters, description);
    sitesCache.set(node, sites);
  }
  const scope: EvaluationScope = { node: node.name, runIndex, inputs, source: entry.source, itemCount: Math.max(1, itemCount) };
  let parameters: ResolvedParameters;
  if (sites.length === 0) {
    parameters = new ResolvedParameters(rawParameters, sites, [], [], Math.max(1, itemCount));
  } else {
    const evaluated = await services.sandbox.evaluate(scope, sites.map((s) => s.expression));
    parameters = new ResolvedParameters(rawParameters, sites, evaluated.values, evaluated.errors, Math.max(1, itemCount));
  }
  let subworkflowCalls = 0;
  const subworkflowEffects: SimulatedEffect[] = [];
  const ctx = createExecuteContext({
    node,
    description,
    runIndex,
    inputs,
    inputSources: entry.source,
    parameters,
    scope,
    sandbox: services.sandbox,
    workflow: services.workflow,
    execution: services.execution,
    signal: services.signal,
    logger: services.logger,
    http: services.http,
    credentials: services.credentials,
    nodeStates: services.nodeStates,
    executeWorkflow: async (options) => {
      const result = await services.executeWorkflow(node, runIndex, subworkflowCalls++, options);
      if (result.simulatedEffects) subworkflowEffects.push(...result.simulatedEffects);
      return result;
    },
    sleep: services.sleep,
  });
  if (!services.execution.dryRun) return checkNodeResult(node.name, await type.execute(ctx));
  const origin = { executionId: services.execution.id, node: node.name, nodeType: node.type, runIndex };
  if (hasSideEffects(description, node) && !delegatesSideEffects(description)) {
    // Dry run: a node with side effects says what it would have done instead of doing it.
    if (!type.simulate) throw new NotSimulatableError(node.name, node.type);
    const simulated = checkNodeResult(node.name, await type.simulate(ctx));
    return withSimulatedEffects(simulated, effectsFromSimulation(origin, simulated.outputs));
  }
  // Pure nodes run; a node whose effects are its sub-workflow's runs it as a dry run (its effects come back).
  const result = checkNodeResult(node.name, await type.execute(ctx));
  const events = result.kind === "outputs" ? outboxEventsOf(result.metadata) : undefined;
  if (result.kind === "outputs" && events) {
    // An outbox of events is the host's to publish: a dry run keeps them as simulated effects only.
    const { events: _events, ...metadata } = (result.metadata ?? {}) as TaskMetadata & { events?: unknown };
    return withSimulatedEffects({ kind: "outputs", outputs: result.outputs, metadata }, [...subworkflowEffects, ...effectsFromEvents(origin, events)]);
  }
  return withSimulatedEffects(result, subworkflowEffects);
}

/** Records a dry run's simulated effects in the node run's metadata. */
function withSimulatedEffects(result: CheckedNodeResult, effects: SimulatedEffect[]): CheckedNodeResult {
  if (effects.length === 0 || result.kind !== "outputs") return result;
  return { ...result, metadata: { ...(result.metadata ?? {}), simulatedEffects: effects } };
}

function finalizeOutputs(
  outputs: Item[][],
  node: WorkflowNode,
  description: NodeDescription,
  inputs: Item[][],
  connectionInput: Item[],
  alwaysOutputData: boolean,
  onError: string,
): Item[][] {
  let result = autoFillPairedItems(outputs, inputs);
  if (onError === "continueErrorOutput") result = routeErrorItems(result, regularOutputCount(description, node), inputs);
  if (alwaysOutputData) result = applyAlwaysOutputData(result, connectionInput);
  return result;
}
