import { PassThrough } from "node:stream";
import { withTenant } from "@bos/db";
import { ExecutionNotFoundError, getExecution, isFinishedStatus, loadRunData } from "@bos/executions";
import type { ExecutionEvent } from "@bos/queue";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { IdParamsSchema, errors } from "./api-schemas";
import { callerOf } from "./auth.plugin";
import type { RouteDeps } from "./route-deps";

/** A comment line every this often keeps proxies from closing an idle stream, ms. */
const KEEPALIVE_MS = 15_000;

type StreamEvent = Record<string, unknown> & { type: string };

/**
 * GET /executions/{id}/events: server-sent events of one execution (`node.started`, `node.finished`,
 * `execution.started`, `execution.waiting`, `execution.finished`), ending after `execution.finished`.
 *
 * Subscribes to the execution's Redis channel first, then replays the node runs already committed to
 * Postgres (marked `replayed: true`), so a late listener (or one for a finished execution) misses nothing;
 * live events for node runs already replayed are dropped. The worker group-commits steps, so on
 * `execution.finished` the committed steps are read once more and any node run not yet sent goes out first.
 */
export async function executionEventRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db } = deps;

  app.get<{ Params: z.infer<typeof IdParamsSchema> }>(
    "/executions/:id/events",
    {
      schema: {
        tags: ["executions"],
        summary: "Server-sent events of an execution: node started/finished, execution done; ends when the execution ends",
        params: IdParamsSchema,
        response: {
          200: {
            description: "text/event-stream; each event has `event: <type>` and `data: <JSON>`",
            content: { "text/event-stream": { schema: z.string() } },
          },
          ...errors(404),
        },
      },
    },
    async (request, reply) => {
      const { tenantId } = callerOf(request);
      const executionId = request.params.id;
      const execution = await getExecution(db, tenantId, executionId);
      if (!execution) throw new ExecutionNotFoundError(executionId);
      const subscriber = deps.executions.subscriber;
      if (!subscriber) throw new Error("the API was built without an execution event subscriber");

      const stream = new PassThrough();
      const sentFinished = new Set<string>();
      const sentStarted = new Set<string>();
      const buffered: ExecutionEvent[] = [];
      let live = false;
      let closed = false;
      let seq = 0;
      let chain = Promise.resolve();

      const write = (event: StreamEvent) => {
        if (closed) return;
        stream.write(`id: ${++seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
      };
      const keepalive = setInterval(() => {
        if (!closed) stream.write(": keepalive\n\n");
      }, KEEPALIVE_MS);
      let unsubscribe: () => Promise<void> = async () => undefined;
      const close = async () => {
        if (closed) return;
        closed = true;
        clearInterval(keepalive);
        stream.end();
        await unsubscribe();
      };

      /** Node runs committed to Postgres and not sent yet, in execution order. */
      const replayCommitted = async () => {
        const { runData } = await withTenant(db, tenantId, (trx) => loadRunData(trx, tenantId, executionId));
        const runs = Object.entries(runData).flatMap(([node, tasks]) => tasks.map((task, runIndex) => ({ node, runIndex, task })));
        runs.sort((a, b) => (a.task?.executionIndex ?? 0) - (b.task?.executionIndex ?? 0));
        for (const { node, runIndex, task } of runs) {
          if (!task) continue;
          const key = `${node}#${runIndex}`;
          if (sentFinished.has(key)) continue;
          const base = { executionId, workflowId: execution.workflowId, node, runIndex, replayed: true };
          if (!sentStarted.has(key)) {
            sentStarted.add(key);
            write({ type: "node.started", ...base, at: task.startTime });
          }
          sentFinished.add(key);
          write({ type: "node.finished", ...base, at: task.startTime + task.executionTime, status: task.executionStatus === "success" ? "success" : "error", executionTime: task.executionTime });
        }
      };

      const handle = async (event: ExecutionEvent) => {
        const { tenantId: _tenant, ...visible } = event;
        if (event.type === "node.started" || event.type === "node.finished") {
          const key = `${event.node}#${event.runIndex}`;
          if (sentFinished.has(key)) return;
          if (event.type === "node.started") {
            if (sentStarted.has(key)) return;
            sentStarted.add(key);
          } else {
            sentFinished.add(key);
          }
          write(visible);
          return;
        }
        if (event.type === "execution.finished") {
          await replayCommitted();
          write(visible);
          await close();
          return;
        }
        write(visible);
      };

      unsubscribe = await subscriber.subscribe(executionId, (event) => {
        if (!live) {
          buffered.push(event);
          return;
        }
        // Events are handled one at a time, in order, even though handling may read Postgres.
        chain = chain.then(() => handle(event)).catch((error: unknown) => {
          request.log.warn({ err: error, executionId }, "execution event stream failed");
          void close();
        });
      });
      // The response (not the request: it "closes" once its body is read) closes when the client goes away.
      reply.raw.on("close", () => void close());

      void reply
        .header("content-type", "text/event-stream; charset=utf-8")
        .header("cache-control", "no-cache, no-transform")
        .header("x-accel-buffering", "no");

      try {
        await replayCommitted();
        const current = await getExecution(db, tenantId, executionId);
        if (current && isFinishedStatus(current.status)) {
          await replayCommitted();
          write({ type: "execution.finished", executionId, workflowId: execution.workflowId, at: Date.parse(current.finishedAt ?? current.queuedAt), status: current.status, ...(current.error ? { error: current.error } : {}), replayed: true });
          await close();
        } else {
          live = true;
          for (const event of buffered.splice(0)) chain = chain.then(() => handle(event));
        }
      } catch (error) {
        await close();
        throw error;
      }
      return reply.send(stream);
    },
  );
}
