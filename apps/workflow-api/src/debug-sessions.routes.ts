import { type Breakpoint, DebugSession, DebugSessionError, type DebugSessionState, type DebugStatus, type RunState } from "@bos/engine";
import { type ExecutionDetail, LeaseLostError, type StepRecorder, getExecution, loadExecutionForRun, normalizeInputItems } from "@bos/executions";
import { type ValidationIssue, validateWorkflow, type WorkflowDocument } from "@bos/workflow-schema";
import { withTenant } from "@bos/db";
import { ServiceError } from "@bos/service-kit";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { IdParamsSchema, RunInputSchema, errors } from "./api-schemas";
import { actorIdOf, callerOf, requireRole } from "./auth.plugin";
import { WorkflowArchivedError, WorkflowInvalidError } from "./errors";
import { createRecordedExecution, recorderFor, recordingHooks } from "./in-process-execution";
import { asServiceError, DebugSessionBusyError, DebugSessionNotFoundError } from "./in-process-errors";
import type { RouteDeps } from "./route-deps";
import { getVersion, readWorkflow } from "./workflow-store";

/** The trigger kind that marks an execution as a debug session. */
export const DEBUG_TRIGGER_KIND = "debug";

const BreakpointSchema = z.object({
  node: z.string().min(1).max(200),
  condition: z.string().max(2000).optional().describe("an expression over the node's input, e.g. $json.total > 100; stops when true for an item"),
});

const StartBodySchema = z
  .object({
    breakpoints: z.array(BreakpointSchema).max(200).optional(),
    input: RunInputSchema,
  })
  .nullish();

const RunToBodySchema = z.object({ node: z.string().min(1).max(200) });
const BreakpointsBodySchema = z.object({
  set: z.array(BreakpointSchema).max(200).optional().describe("breakpoints to add (replacing any on the same node)"),
  clear: z.array(z.string().max(200)).max(200).optional().describe("nodes whose breakpoint to remove"),
  clearAll: z.boolean().optional(),
});

const DebugViewSchema = z.object({
  sessionId: z.string(),
  executionId: z.string(),
  status: z.enum(["paused", "success", "error", "waiting", "canceled", "aborted"]),
  pause: z
    .object({
      node: z.string(),
      runIndex: z.number(),
      reason: z.enum(["breakpoint", "step", "run-to"]),
      input: z.array(z.array(z.unknown()).nullable()),
      matchedItem: z.number().optional(),
    })
    .optional()
    .describe("where it stopped: the next node to run and its input"),
  breakpoints: z.array(BreakpointSchema),
  runData: z.record(z.string(), z.array(z.unknown())).describe("every node run so far (n8n's runData)"),
  lastNodeExecuted: z.string().optional(),
  error: z.unknown().optional(),
  links: z.object({ session: z.string(), execution: z.string() }),
});
type DebugView = z.infer<typeof DebugViewSchema>;

/** What a paused session keeps beside the engine's RunState in `executions.run_state`. */
interface StoredDebugInfo {
  breakpoints: Breakpoint[];
  pause?: DebugSessionState["pause"];
}

const sessionResponses = (...codes: number[]) => ({ 200: DebugViewSchema, ...errors(...codes) });

/**
 * Step debugging through the API (issue 7). The API hosts sessions itself, with its in-process engine:
 * each command runs one leg (to the next stop) here and answers with where it stopped. A paused session is
 * a waiting execution (mode test, trigger kind `debug`): its node runs are steps in `execution_steps` and
 * its RunState, breakpoints and pause point are in `executions.run_state`, committed through the fenced
 * step recorder, so a session survives a restart of the API and any API process can take the next command.
 * The worker never runs it (a waiting execution without a deadline has no job; the reconciler skips it).
 */
export async function debugSessionRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db, inProcess } = deps;
  const tags = ["debug"];
  const busy = new Set<string>();

  const view = (sessionId: string, status: DebugStatus, info: StoredDebugInfo, runData: DebugView["runData"], extra: { lastNodeExecuted?: string; error?: unknown }): DebugView => ({
    sessionId,
    executionId: sessionId,
    status,
    ...(info.pause ? { pause: info.pause } : {}),
    breakpoints: info.breakpoints,
    runData,
    ...(extra.lastNodeExecuted !== undefined ? { lastNodeExecuted: extra.lastNodeExecuted } : {}),
    ...(extra.error !== undefined && extra.error !== null ? { error: extra.error } : {}),
    links: { session: `/debug-sessions/${sessionId}`, execution: `/executions/${sessionId}` },
  });

  const sessionDeps = (tenantId: string, recorder: StepRecorder) => ({ engine: inProcess.engineFor(tenantId), sandboxPool: inProcess.sandboxPool, hooks: recordingHooks(recorder) });

  /** Commits the session: paused/waiting as a waiting execution with its state, ended as a finished one. */
  async function persist(session: DebugSession, recorder: StepRecorder): Promise<DebugView> {
    const state = session.state;
    const info: StoredDebugInfo = { breakpoints: state.breakpoints, ...(state.pause ? { pause: state.pause } : {}) };
    if (state.status === "paused" || state.status === "waiting") {
      await recorder.suspend({ ...state.runState, debug: info } as RunState, null);
    } else {
      const status = state.status === "success" ? "succeeded" : state.status === "error" ? "failed" : "canceled";
      const error = state.status === "aborted" ? { message: "the debug session was aborted" } : state.error;
      await recorder.finish({ status, ...(error ? { error } : {}) });
    }
    const report = session.report();
    return view(report.executionId, report.status, info, report.runData, { lastNodeExecuted: report.lastNodeExecuted, error: report.error });
  }

  /** The stored session (404 when the id is not a debug session of the tenant). */
  async function load(tenantId: string, id: string): Promise<{ detail: ExecutionDetail; state?: DebugSessionState; definition?: WorkflowDocument; leaseToken?: string }> {
    const detail = await getExecution(db, tenantId, id, { includeRunData: true });
    if (!detail || detail.trigger.kind !== DEBUG_TRIGGER_KIND) throw new DebugSessionNotFoundError(id);
    if (detail.status !== "waiting") return { detail };
    const loaded = await loadExecutionForRun(db, tenantId, id);
    if (!loaded?.resumeState) throw new DebugSessionNotFoundError(id);
    const { debug, ...runState } = loaded.resumeState as RunState & { debug?: StoredDebugInfo };
    const info: StoredDebugInfo = debug ?? { breakpoints: [] };
    const state: DebugSessionState = {
      version: 1,
      kind: "debug-session",
      status: info.pause ? "paused" : "waiting",
      breakpoints: info.breakpoints,
      runState: runState as RunState,
      ...(info.pause ? { pause: info.pause } : {}),
    };
    return { detail, state, definition: { ...(loaded.definition as WorkflowDocument), id: loaded.workflowId }, leaseToken: loaded.leaseToken };
  }

  function finishedView(detail: ExecutionDetail): DebugView {
    const status: DebugStatus = detail.status === "succeeded" ? "success" : detail.status === "failed" ? "error" : detail.status === "canceled" ? (isAborted(detail.error) ? "aborted" : "canceled") : "paused";
    return view(detail.id, status, { breakpoints: [] }, detail.runData ?? {}, { lastNodeExecuted: detail.lastNodeExecuted, error: detail.error });
  }

  /** Runs one command on a stored session, then persists it. */
  async function command(tenantId: string, id: string, act: (session: DebugSession) => Promise<unknown> | unknown): Promise<DebugView> {
    if (busy.has(id)) throw new DebugSessionBusyError(id);
    busy.add(id);
    try {
      const { detail, state, definition, leaseToken } = await load(tenantId, id);
      if (!state || !definition || leaseToken === undefined) {
        throw asServiceError(new DebugSessionError(`The debug session has ended (${detail.status})`, "Start a new debug session."));
      }
      const recorder = recorderFor(db, tenantId, id, leaseToken);
      const session = DebugSession.restore(sessionDeps(tenantId, recorder), definition, state);
      await act(session);
      return await persist(session, recorder);
    } catch (error) {
      if (error instanceof LeaseLostError) throw new DebugSessionBusyError(id);
      throw asServiceError(error);
    } finally {
      busy.delete(id);
    }
  }

  app.post<{ Params: z.infer<typeof IdParamsSchema>; Body: z.infer<typeof StartBodySchema> }>(
    "/workflows/:id/debug",
    {
      preHandler: requireRole("creator", "executor"),
      schema: {
        tags,
        summary: "Start a debug session on the draft: runs until the first breakpoint and answers with the node, its input and every output so far",
        params: IdParamsSchema,
        body: StartBodySchema,
        response: { 201: DebugViewSchema, ...errors(403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const { id } = request.params;
      const { workflow, draft } = await withTenant(db, caller.tenantId, async (trx) => {
        const workflow = await readWorkflow(trx, caller.tenantId, id);
        return { workflow, draft: await getVersion(trx, caller.tenantId, workflow, "draft") };
      });
      if (workflow.status === "archived") throw new WorkflowArchivedError(id, "debug");
      const validation = validateWorkflow(draft.definition, deps.registry, { purpose: "run" });
      if (!validation.ok) throw new WorkflowInvalidError("a debug session", validation.issues as ValidationIssue[], `draft ${draft.id}`);
      const doc = { ...(draft.definition as WorkflowDocument), id };
      const input = normalizeInputItems(request.body?.input);
      const breakpoints = request.body?.breakpoints ?? [];
      const unknown = breakpoints.filter((bp) => !doc.nodes.some((node) => node.name === bp.node)).map((bp) => bp.node);
      if (unknown.length > 0) {
        throw new ServiceError("WF_ENGINE_DEBUG_SESSION", `cannot set a breakpoint on ${unknown.map((n) => `"${n}"`).join(", ")}: the draft has no node of that name`, 422, { nodes: unknown });
      }
      const { executionId, recorder } = await createRecordedExecution(db, {
        tenantId: caller.tenantId,
        workflowId: id,
        versionId: draft.id,
        mode: "test",
        triggerKind: DEBUG_TRIGGER_KIND,
        triggerPayload: { breakpoints },
        input,
        createdBy: actorIdOf(caller),
      });
      busy.add(executionId);
      try {
        const session = await DebugSession.start(sessionDeps(caller.tenantId, recorder), doc, { breakpoints, executionId, triggerItems: input, mode: "manual" });
        return reply.code(201).send(await persist(session, recorder));
      } catch (error) {
        if (error instanceof Error && !(error instanceof LeaseLostError)) {
          await recorder.finish({ status: "failed", error: { message: error.message, ...("code" in error ? { code: String(error.code) } : {}) } }).catch(() => undefined);
        }
        throw asServiceError(error);
      } finally {
        busy.delete(executionId);
      }
    },
  );

  app.get<{ Params: z.infer<typeof IdParamsSchema> }>(
    "/debug-sessions/:id",
    { schema: { tags, summary: "A debug session: where it is paused, its input, breakpoints and every output so far", params: IdParamsSchema, response: sessionResponses(404) } },
    async (request) => {
      const caller = callerOf(request);
      const { detail, state } = await load(caller.tenantId, request.params.id);
      if (!state) return finishedView(detail);
      const info: StoredDebugInfo = { breakpoints: state.breakpoints, ...(state.pause ? { pause: state.pause } : {}) };
      return view(detail.id, state.status, info, state.runState.runData, { lastNodeExecuted: state.runState.lastNodeExecuted });
    },
  );

  const simple = (path: string, summary: string, act: (session: DebugSession) => Promise<unknown> | unknown) =>
    app.post<{ Params: z.infer<typeof IdParamsSchema> }>(
      `/debug-sessions/:id/${path}`,
      { preHandler: requireRole("creator", "executor"), schema: { tags, summary, params: IdParamsSchema, response: sessionResponses(403, 404, 409, 422) } },
      async (request) => command(callerOf(request).tenantId, request.params.id, act),
    );
  simple("step", "Run the node the session is paused at, then pause before the next node", (s) => s.step());
  simple("continue", "Run to the next breakpoint, or to the end", (s) => s.continue());
  simple("abort", "End the session without running more (the execution ends canceled)", (s) => s.abort());

  app.post<{ Params: z.infer<typeof IdParamsSchema>; Body: z.infer<typeof RunToBodySchema> }>(
    "/debug-sessions/:id/run-to",
    { preHandler: requireRole("creator", "executor"), schema: { tags, summary: "Run until just before the named node (or a breakpoint, or the end)", params: IdParamsSchema, body: RunToBodySchema, response: sessionResponses(403, 404, 409, 422) } },
    async (request) => command(callerOf(request).tenantId, request.params.id, (s) => s.runTo(request.body.node)),
  );

  app.post<{ Params: z.infer<typeof IdParamsSchema>; Body: z.infer<typeof BreakpointsBodySchema> }>(
    "/debug-sessions/:id/breakpoints",
    { preHandler: requireRole("creator", "executor"), schema: { tags, summary: "Set and clear breakpoints of a paused session", params: IdParamsSchema, body: BreakpointsBodySchema, response: sessionResponses(403, 404, 409, 422) } },
    async (request) =>
      command(callerOf(request).tenantId, request.params.id, (s) => {
        if (request.body.clearAll) s.clearBreakpoint();
        for (const node of request.body.clear ?? []) s.clearBreakpoint(node);
        for (const bp of request.body.set ?? []) s.setBreakpoint(bp);
      }),
  );
}

function isAborted(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { message?: unknown }).message === "the debug session was aborted";
}
