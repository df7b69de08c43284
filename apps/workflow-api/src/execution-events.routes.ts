import { PassThrough } from "node:stream";
import { withTenant } from "@bos/db";
import { type ExecutionDetail, ExecutionNotFoundError, getExecution, isFinishedStatus, loadRunData } from "@bos/executions";
import { type ExecutionEvent, redisKeys } from "@bos/queue";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { IdParamsSchema, errors } from "./api-schemas";
import { TOKEN_IN_QUERY, callerOf, logWithoutQuery } from "./auth.plugin";
import { type StreamEvent, eventKey, mergeReplay, nodeEventsFromRunData, visibleEvent } from "./execution-event-replay";
import type { RouteDeps } from "./route-deps";

/** A comment line every this often keeps proxies from closing an idle stream, ms. */
const KEEPALIVE_MS = 15_000;
/** Tenant-stream entries read back at most when a listener arrives. */
const MAX_STREAM_READ = 10_000;
/** Redis and Postgres clocks may differ: the stream is read from this long before queued_at, ms. */
const CLOCK_MARGIN_MS = 5_000;

/**
 * GET /executions/{id}/events: server-sent events of one execution (`execution.started`, `node.started`,
 * `node.finished`, `execution.waiting`, `execution.finished`), ending after `execution.finished`.
 *
 * Subscribes to the execution's Redis channel first, then replays what already happened, marked
 * `replayed: true`: the execution's lifecycle events in the tenant's event stream (Redis) merged by time
 * with the node runs committed to Postgres. A finished execution gets its replay and its end at once.
 * Live events already replayed are dropped.
 *
 * Node events are live-only (Pub/Sub) and the worker group-commits steps, so a node run that finished just
 * before the listener arrived may be in neither place yet: on `execution.finished` the committed steps are
 * read once more and such runs go out (replayed) right before the end. Every node run is sent exactly once,
 * its start before its finish, and `execution.finished` is always last; only those late runs are out of
 * time order.
 */
export async function executionEventRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { db } = deps;

  async function streamedEvents(execution: ExecutionDetail): Promise<StreamEvent[]> {
    const key = redisKeys.tenantStream(deps.queuePrefix, execution.tenantId);
    const from = `${Math.max(0, Date.parse(execution.queuedAt) - CLOCK_MARGIN_MS)}-0`;
    const entries = await deps.redis.xrange(key, from, "+", "COUNT", MAX_STREAM_READ);
    const events: StreamEvent[] = [];
    for (const [, fields] of entries) {
      const body = fields[fields.indexOf("event") + 1];
      if (!body || !body.includes(execution.id)) continue;
      const event = JSON.parse(body) as ExecutionEvent;
      if (event.executionId === execution.id) events.push(visibleEvent(event, true));
    }
    return events;
  }

  async function recordedEvents(execution: ExecutionDetail): Promise<StreamEvent[]> {
    const { runData } = await withTenant(db, execution.tenantId, (trx) => loadRunData(trx, execution.tenantId, execution.id));
    return nodeEventsFromRunData(runData, { executionId: execution.id, workflowId: execution.workflowId });
  }

  app.get<{ Params: z.infer<typeof IdParamsSchema> }>(
    "/executions/:id/events",
    {
      config: TOKEN_IN_QUERY,
      logSerializers: logWithoutQuery,
      schema: {
        tags: ["executions"],
        summary:
          "Server-sent events of an execution: node started/finished, execution done; ends when the execution ends. A browser's EventSource, which cannot send headers, may pass the token as ?access_token=",
        params: IdParamsSchema,
        querystring: z.object({ access_token: z.string().optional() }),
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
      const sent = new Set<string>();
      const buffered: ExecutionEvent[] = [];
      let live = false;
      let closed = false;
      let seq = 0;
      let chain = Promise.resolve();

      const write = (event: StreamEvent) => {
        if (closed) return;
        const key = eventKey(event);
        if (key) {
          if (sent.has(key)) return;
          sent.add(key);
        }
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

      const handle = async (event: ExecutionEvent) => {
        if (event.type === "execution.finished") {
          // Steps are group-committed: any node run whose live event this listener missed is recorded by now.
          for (const missed of mergeReplay([], await recordedEvents(execution))) write(missed);
          write(visibleEvent(event));
          await close();
          return;
        }
        write(visibleEvent(event));
      };

      unsubscribe = await subscriber.subscribe(executionId, (event) => {
        if (!live) {
          buffered.push(event);
          return;
        }
        // One at a time, in order, although handling may read Postgres.
        chain = chain
          .then(() => handle(event))
          .catch((error: unknown) => {
            request.log.warn({ err: error, executionId }, "execution event stream failed");
            void close();
          });
      });
      // The response (not the request, which "closes" once its body is read) closes when the client leaves.
      reply.raw.on("close", () => void close());

      try {
        const [streamed, recorded] = await Promise.all([streamedEvents(execution), recordedEvents(execution)]);
        for (const event of mergeReplay(streamed, recorded)) write(event);
        const current = await getExecution(db, tenantId, executionId);
        if (current && isFinishedStatus(current.status)) {
          for (const event of mergeReplay([], await recordedEvents(execution))) write(event);
          write({
            type: "execution.finished",
            executionId,
            workflowId: execution.workflowId,
            at: Date.parse(current.finishedAt ?? current.queuedAt),
            status: current.status,
            ...(current.error ? { error: current.error } : {}),
            replayed: true,
          });
          await close();
        } else {
          live = true;
          for (const event of buffered.splice(0)) chain = chain.then(() => handle(event));
        }
      } catch (error) {
        await close();
        throw error;
      }
      return reply
        .header("content-type", "text/event-stream; charset=utf-8")
        .header("cache-control", "no-cache, no-transform")
        .header("x-accel-buffering", "no")
        .send(stream);
    },
  );
}
