import { NodeApiError, NodeError, type ExecuteContext, type Item, type NodeResult } from "@bos/node-sdk";
import type { AuthPlan } from "./authentication";
import { isSafeMethod } from "./http-request.description";
import { fetchPages, type PaginationSettings } from "./paginate";
import type { HttpRequestHandler, RequestPlan } from "./request-plan";
import { sendSpec, type SendContext } from "./send-request";

type Ctx = ExecuteContext<Record<string, unknown>>;

/**
 * Requests in flight at once for one node run. n8n starts every item's request at once; a cap keeps
 * 10,000 items from opening 10,000 sockets, and output order is the item order either way.
 */
const MAX_IN_FLIGHT = 16;

/**
 * Runs an HTTP Request node: one request per input item (batched), through `ctx.helpers.http` only,
 * at most MAX_IN_FLIGHT at a time, output in item order; per-item failures throw (with the item
 * index) or, with continue-on-fail, become `{error}` items.
 *
 * Idempotency: a request whose method is not GET/HEAD/OPTIONS carries `Idempotency-Key:
 * ctx.idempotencyKey()` (`executionId:node:runIndex`, the same on every retry of this node run);
 * with several items `:<itemIndex>` is appended, and pages after the first of a paginated request
 * append `:page<n>`. A header named Idempotency-Key set by the user wins.
 */
export async function executeRequests(ctx: Ctx, handler: HttpRequestHandler): Promise<NodeResult> {
  const items = ctx.getInputItems();
  let auth: AuthPlan;
  let pagination: PaginationSettings | undefined;
  try {
    auth = await handler.resolveAuth(ctx);
    pagination = handler.readPagination(ctx);
  } catch (error) {
    if (!ctx.continueOnFail()) throw error;
    return [items.map((_item, itemIndex) => errorItem(error, itemIndex))];
  }
  const prepared = items.map((item, itemIndex): RequestPlan | { error: unknown } => {
    try {
      return handler.plan(ctx, itemIndex, item, auth);
    } catch (error) {
      if (!ctx.continueOnFail()) throw error;
      return { error };
    }
  });

  const sendContext: SendContext = { http: ctx.helpers.http, signal: ctx.signal, auth };
  const results: Array<{ items: Item[] } | { error: unknown } | undefined> = new Array(items.length);
  const limit = createLimiter(MAX_IN_FLIGHT);
  const running: Array<Promise<void>> = [];
  for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
    const request = prepared[itemIndex];
    if (!request || "error" in request) continue;
    const { batchSize, batchInterval } = request.settings;
    if (itemIndex > 0 && batchInterval > 0 && itemIndex % batchSize === 0) await ctx.sleep(batchInterval);
    running.push(
      limit(() => runItem(ctx, sendContext, itemIndex, items.length, request, pagination)).then(
        (out) => void (results[itemIndex] = { items: out }),
        (error: unknown) => void (results[itemIndex] = { error }),
      ),
    );
  }
  await Promise.all(running);

  const output: Item[] = [];
  for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
    const request = prepared[itemIndex];
    const result = request && "error" in request ? request : results[itemIndex];
    if (!result) continue;
    if ("items" in result) {
      output.push(...result.items);
      continue;
    }
    if (!ctx.continueOnFail()) throw atItem(result.error, itemIndex);
    output.push(errorItem(result.error, itemIndex));
  }
  return [output];
}

async function runItem(
  ctx: Ctx,
  sendContext: SendContext,
  itemIndex: number,
  itemCount: number,
  request: RequestPlan,
  pagination: PaginationSettings | undefined,
): Promise<Item[]> {
  const { spec, settings } = request;
  const keyFor = (pageIndex: number): string | undefined => {
    if (isSafeMethod(spec.method) || Object.keys(spec.headers).some((h) => h.toLowerCase() === "idempotency-key")) return undefined;
    return `${ctx.idempotencyKey()}${itemCount > 1 ? `:${itemIndex}` : ""}${pageIndex > 0 ? `:page${pageIndex}` : ""}`;
  };
  if (!pagination) {
    const response = await sendSpec(sendContext, spec, settings, { idempotencyKey: keyFor(0) });
    return request.toItems(response);
  }
  const pages = await fetchPages(ctx, itemIndex, spec, settings, pagination, (pageSpec, pageIndex) =>
    sendSpec(sendContext, pageSpec, settings, { idempotencyKey: keyFor(pageIndex), neverError: true }),
  );
  return pages.flatMap((page) => request.toItems(page));
}

/** n8n's continue-on-fail item: API errors keep their details, other errors give their message. */
export function errorItem(error: unknown, itemIndex: number): Item {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof NodeApiError) {
    const details: Record<string, unknown> = { message, code: error.code };
    if (error.httpCode !== undefined) details["httpCode"] = error.httpCode;
    if (error.description !== undefined) details["description"] = error.description;
    return { json: { error: details }, pairedItem: { item: itemIndex } };
  }
  return { json: { error: message }, pairedItem: { item: itemIndex } };
}

/** The same error, now saying which item it belongs to. */
function atItem(error: unknown, itemIndex: number): unknown {
  if (!(error instanceof NodeError) || error.itemIndex !== undefined) return error;
  if (error instanceof NodeApiError) {
    return new NodeApiError(error.message, {
      code: error.code,
      httpCode: error.httpCode,
      description: error.description,
      retryable: error.retryable,
      itemIndex,
      cause: error,
    });
  }
  return error;
}

function createLimiter(max: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    // A finishing task hands its slot straight to the next waiter, so `active` never passes `max`.
    if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    else active++;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}
