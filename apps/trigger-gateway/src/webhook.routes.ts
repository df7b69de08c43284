import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { type Database, flushWal, type Kysely } from "@bos/db";
import { type ExecutionServiceDeps, getExecution, resumeWaitingExecution, startExecution } from "@bos/executions";
import type { ExecutionEventSubscriber, WebhookReplyData } from "@bos/queue";
import type { WebhookResponse } from "@bos/node-sdk";
import { ServiceError } from "@bos/service-kit";
import { findTestWebhook, normalizeWebhookPath, type WebhookConfig, webhookPathShape } from "@bos/triggers/routing";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Redis } from "ioredis";
import { sql } from "kysely";
import { ExecutionWatch } from "./execution-watch";
import type { RoutingTable } from "./routing-table";
import { authenticate, type AuthOutcome, WebhookAuthError, type WebhookCredentials } from "./webhook-auth";
import { parseBody, readRawBody } from "./webhook-body";
import { type GatewayReply, lastNodeReply, onReceivedReply, respondNodeReply, stillRunningReply, workflowErrorReply } from "./webhook-response";
import { readWebhookResult, type WebhookResult } from "./webhook-result";
import { checkRateLimits, RateLimitedError, type RateLimits } from "./rate-limit";

export interface WebhookRouteDeps {
  db: Kysely<Database>;
  redis: Redis;
  prefix: string;
  table: RoutingTable;
  executions: ExecutionServiceDeps & { subscriber: ExecutionEventSubscriber };
  credentials?: WebhookCredentials;
  publicUrl: string;
  bodyLimitBytes: number;
  syncTimeoutMs: number;
  rateLimits: RateLimits;
}

/** Unknown and inactive webhooks answer exactly alike (the message echoes only the request). */
export class WebhookNotFoundError extends ServiceError {
  constructor(method: string, path: string) {
    super("WF_WEBHOOK_NOT_FOUND", `The requested webhook "${method} ${path}" is not registered.`, 404, {});
  }
}

/** The Webhook node's `ipWhitelist` option does not list the caller. */
export class WebhookForbiddenIpError extends ServiceError {
  constructor() {
    super("WF_WEBHOOK_IP_NOT_ALLOWED", "IP is not whitelisted to access the webhook!", 403, {});
  }
}

const METHODS = ["DELETE", "GET", "HEAD", "PATCH", "POST", "PUT"] as const;

type Target = { mode: "production" | "test"; tenant?: string; path: string };

/**
 * The webhook routes: `/t/{tenant}/webhook/{path}` and `/webhook/{path}` (production, the active version),
 * `/t/{tenant}/webhook-test/{path}` and `/webhook-test/{path}` (a test listen: the draft, mode test), and
 * `/webhook-waiting/{executionId}` (resumes a Wait node). Bodies are read raw here (no Fastify parsers),
 * so the size limit applies after decompression and HMAC signs the exact bytes.
 */
export function registerWebhookRoutes(app: FastifyInstance, deps: WebhookRouteDeps): void {
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", (_request, _payload, done) => done(null, undefined));
    const route = (url: string, target: (request: FastifyRequest) => Target) =>
      scope.route({ method: [...METHODS], url, exposeHeadRoute: false, handler: (request, reply) => handleWebhook(deps, request, reply, target(request)) });
    const params = (request: FastifyRequest) => request.params as Record<string, string>;
    route("/webhook/*", (r) => ({ mode: "production", path: params(r)["*"] ?? "" }));
    route("/t/:tenant/webhook/*", (r) => ({ mode: "production", tenant: params(r).tenant, path: params(r)["*"] ?? "" }));
    route("/webhook-test/*", (r) => ({ mode: "test", path: params(r)["*"] ?? "" }));
    route("/t/:tenant/webhook-test/*", (r) => ({ mode: "test", tenant: params(r).tenant, path: params(r)["*"] ?? "" }));
    const resume = (request: FastifyRequest, reply: FastifyReply) => handleResume(deps, request, reply);
    scope.route({ method: [...METHODS], url: "/webhook-waiting/:executionId", exposeHeadRoute: false, handler: resume });
    scope.route({ method: [...METHODS], url: "/webhook-waiting/:executionId/*", exposeHeadRoute: false, handler: resume });
  });
}

interface Resolved {
  tenantId: string;
  workflowId: string;
  config: WebhookConfig;
  params: Record<string, string>;
  shape: string;
}

async function resolveTarget(deps: WebhookRouteDeps, method: string, target: Target, path: string): Promise<Resolved | undefined> {
  if (target.mode === "production") {
    let tenantId: string | undefined;
    if (target.tenant !== undefined) {
      tenantId = deps.table.tenantOf(target.tenant);
      if (!tenantId) return undefined;
    }
    const match = deps.table.match(tenantId, method, path);
    if (!match) return undefined;
    return { tenantId: match.webhook.tenantId, workflowId: match.webhook.workflowId, config: match.webhook.config, params: match.params, shape: webhookPathShape(match.webhook.path) };
  }
  let tenantId: string | undefined;
  if (target.tenant !== undefined) {
    tenantId = deps.table.tenantOf(target.tenant);
    if (!tenantId) {
      const row = await sql<{ id: string | null }>`SELECT bos_tenant_id_by_slug(${target.tenant}) AS id`.execute(deps.db);
      tenantId = row.rows[0]?.id ?? (/^[0-9a-f-]{36}$/i.test(target.tenant) ? target.tenant : undefined);
      if (!tenantId) return undefined;
    }
  }
  const listen = await findTestWebhook(deps.redis, deps.prefix, tenantId, method, [webhookPathShape(path)]);
  if (!listen) return undefined;
  return { tenantId: listen.tenantId, workflowId: listen.workflowId, config: listen.config, params: {}, shape: webhookPathShape(listen.path) };
}

function send(reply: FastifyReply, answer: GatewayReply): FastifyReply {
  void reply.code(answer.status).headers(answer.headers);
  return answer.body === undefined ? reply.send() : reply.send(answer.body);
}

async function handleWebhook(deps: WebhookRouteDeps, request: FastifyRequest, reply: FastifyReply, target: Target): Promise<FastifyReply> {
  const method = request.method;
  const path = normalizeWebhookPath(target.path);
  const resolved = await resolveTarget(deps, method, target, path);
  if (!resolved) {
    request.raw.resume();
    throw new WebhookNotFoundError(method, request.url.split("?")[0] ?? "");
  }
  const { tenantId, workflowId, config } = resolved;
  const allowedIps = String(config.options.ipWhitelist ?? "").split(",").map((ip) => ip.trim()).filter(Boolean);
  if (allowedIps.length > 0 && !allowedIps.includes(request.ip)) {
    request.raw.resume();
    throw new WebhookForbiddenIpError();
  }
  const origin = request.headers.origin;
  if (origin) {
    const allowed = String(config.options.allowedOrigins ?? "*").split(",").map((o) => o.trim());
    if (allowed.includes("*") || allowed.includes(origin)) void reply.header("access-control-allow-origin", allowed.includes("*") ? "*" : origin);
  }
  const executionId = randomUUID();
  const sync = config.responseMode === "lastNode" || config.responseMode === "responseNode";
  // A synchronous call listens before its job can exist (so a fast run cannot finish unseen). The subscription
  // is a Redis round trip of its own: it runs while the rate limit is checked and the body is read.
  const watching = sync ? ExecutionWatch.start(deps.executions.subscriber, executionId) : undefined;
  let watch: ExecutionWatch | undefined;
  let t0 = 0;
  try {
    const [, raw] = await Promise.all([
      checkRateLimits(deps.redis, deps.prefix, deps.rateLimits, tenantId, `${method}:${resolved.shape}`).catch((error: unknown) => {
        if (error instanceof RateLimitedError) void reply.header("retry-after", String(error.retryAfterSeconds));
        request.raw.resume();
        throw error;
      }),
      readRawBody(request.raw, deps.bodyLimitBytes),
    ]);
    let auth: AuthOutcome;
    try {
      // After the rate limit: authentication may record a delivery (replay protection) that a refused call must not leave behind.
      auth = await authenticate({ tenantId, workflowId, config, headers: request.headers, rawBody: raw, redis: deps.redis, prefix: deps.prefix, credentials: deps.credentials });
    } catch (error) {
      if (error instanceof WebhookAuthError && error.challenge) void reply.header("www-authenticate", error.challenge);
      throw error;
    }
    const item = triggerItem(deps, request, target, resolved, raw, auth);
    t0 = performance.now();
    watch = await watching;
    try {
      await startExecution(deps.executions, {
        tenantId,
        workflowId,
        mode: target.mode,
        executionId,
        // `respond`: the worker puts this response mode's reply on the run's finished/waiting event.
        trigger: { kind: "webhook", payload: { node: config.node, method, path, ...(sync ? { respond: config.responseMode } : {}) } },
        input: [item],
        // A synchronous webhook answers with the run's result, after the worker's flushed commits; the
        // other answers flush first (see awaitReply). Saves the admission's wait for the disk.
        ...(sync ? { admissionCommit: "deferred" as const } : {}),
      });
    } catch (error) {
      if (auth.deliveryKey) await deps.redis.del(auth.deliveryKey).catch(() => undefined);
      throw error;
    }
  } catch (error) {
    await watching?.then(
      (w) => w.stop(),
      () => undefined, // the subscription itself failed: nothing to stop
    );
    throw error;
  }
  const admitted = performance.now();
  if (!watch) return send(reply, withTiming(onReceivedReply(config, executionId), { admit: admitted - t0 }));
  try {
    const timing = { admit: admitted - t0, run: 0, read: 0 };
    let answer: GatewayReply;
    try {
      answer = await awaitReply(deps, watch, tenantId, executionId, config, timing);
    } catch (error) {
      await flushWal(deps.db).catch(() => undefined); // the error may name the execution: make its admission durable
      throw error;
    }
    return send(reply, withTiming(answer, timing));
  } finally {
    await watch.stop();
  }
}

/** The Webhook node's output item: headers, params, query, the parsed body (and a file or the raw body as binary). */
function triggerItem(deps: WebhookRouteDeps, request: FastifyRequest, target: Target, resolved: Resolved, raw: Buffer, auth: AuthOutcome) {
  const { config } = resolved;
  const parsed = parseBody(raw, request.headers["content-type"]);
  const query = Object.assign(Object.create(null) as Record<string, unknown>, request.query as Record<string, unknown>);
  const item: { json: Record<string, unknown>; binary?: Record<string, unknown> } = {
    json: {
      headers: request.headers,
      params: resolved.params,
      query: { ...query },
      body: parsed.body,
      webhookUrl: `${deps.publicUrl}${request.url.split("?")[0] ?? ""}`,
      executionMode: target.mode === "test" ? "test" : "production",
      ...(auth.jwtPayload ? { jwtPayload: auth.jwtPayload } : {}),
      ...(config.multipleMethods ? { method: request.method } : {}),
    },
  };
  const binaryField = String(config.options.binaryPropertyName ?? "data") || "data";
  const file = parsed.file ?? (config.options.rawBody === true ? { data: raw, mimeType: String(request.headers["content-type"] ?? "application/octet-stream") } : undefined);
  if (file) item.binary = { [binaryField]: { data: file.data.toString("base64"), mimeType: file.mimeType, fileSize: String(file.data.length), bytes: file.data.length } };
  return item;
}

/** `server-timing`: admission (the admission commit and the enqueue), waiting for the run, reading its result, ms. */
function withTiming(reply: GatewayReply, timing: Record<string, number>): GatewayReply {
  const value = Object.entries(timing)
    .map(([name, ms]) => `${name};dur=${ms.toFixed(1)}`)
    .join(", ");
  return { ...reply, headers: { ...reply.headers, "server-timing": value } };
}

async function awaitReply(deps: WebhookRouteDeps, watch: ExecutionWatch, tenantId: string, executionId: string, config: WebhookConfig, timing: { run: number; read: number }): Promise<GatewayReply> {
  const deadline = Date.now() + deps.syncTimeoutMs;
  const mode = config.responseMode === "responseNode" ? "responseNode" : "lastNode";
  // The event's reply when the worker sent one (it commits the steps first), else the committed steps.
  const resultOf = async (outcome: { reply?: WebhookReplyData }): Promise<WebhookResult> => {
    const reply = outcome.reply;
    if (reply?.mode === "responseNode" && mode === "responseNode") return reply.response ? { response: reply.response as WebhookResponse } : {};
    if (reply?.mode === "lastNode" && mode === "lastNode") return { lastItems: reply.items as WebhookResult["lastItems"] };
    const read = performance.now();
    const result = await readWebhookResult(deps.db, tenantId, executionId, mode);
    timing.read += performance.now() - read;
    return result;
  };
  for (;;) {
    const waited = performance.now();
    const outcome = await watch.next(deadline);
    timing.run += performance.now() - waited;
    if (outcome.kind === "timeout") {
      // The 202 promises the execution: its admission (committed without waiting for the disk) must be durable first.
      await flushWal(deps.db);
      return stillRunningReply(executionId, "running");
    }
    if (mode === "responseNode") {
      const response = (await resultOf(outcome)).response;
      if (response) return respondNodeReply(response, executionId);
      if (outcome.kind === "waiting") continue;
      if (outcome.status !== "succeeded") return workflowErrorReply(executionId, outcome.error);
      return { status: 500, headers: { "content-type": "application/json; charset=utf-8", "x-execution-id": executionId }, body: JSON.stringify({ message: "The workflow finished without reaching a Respond to Webhook node", executionId }) };
    }
    // lastNode answers with the finished run only.
    if (outcome.kind === "waiting") continue;
    if (outcome.status !== "succeeded") return workflowErrorReply(executionId, outcome.error);
    const result = await resultOf(outcome);
    return lastNodeReply(config, result.lastItems ?? [], executionId);
  }
}

async function handleResume(deps: WebhookRouteDeps, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const { executionId } = request.params as { executionId: string };
  const notFound = () => new WebhookNotFoundError(request.method, request.url.split("?")[0] ?? "");
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(executionId)) {
    request.raw.resume();
    throw notFound();
  }
  const row = await sql<{ tenant: string | null }>`SELECT bos_waiting_execution_tenant(${executionId}::uuid) AS tenant`.execute(deps.db);
  const tenantId = row.rows[0]?.tenant;
  if (!tenantId) {
    request.raw.resume();
    throw notFound();
  }
  const raw = await readRawBody(request.raw, deps.bodyLimitBytes);
  const parsed = parseBody(raw, request.headers["content-type"]);
  const item: { json: Record<string, unknown>; binary?: Record<string, unknown> } = {
    json: { headers: request.headers, params: {}, query: { ...(request.query as Record<string, unknown>) }, body: parsed.body },
  };
  if (parsed.file) item.binary = { data: { data: parsed.file.data.toString("base64"), mimeType: parsed.file.mimeType, bytes: parsed.file.data.length } };
  await resumeWaitingExecution(deps.executions, tenantId, executionId, [item]);
  const execution = await getExecution(deps.db, tenantId, executionId);
  return reply.code(200).header("x-execution-id", executionId).send({ message: "Workflow was resumed", executionId, status: execution?.status ?? "queued" });
}
