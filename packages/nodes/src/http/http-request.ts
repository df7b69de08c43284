import { defineNode, NodeApiError, NodeError, type ExecuteContext, type Item, type NodeResult, type NodeType } from "@bos/node-sdk";
import { resolveAuthentication, type AuthPlan } from "./authentication";
import { prepareRequest, type PreparedRequest } from "./build-request";
import { httpRequestDescription, isSafeMethod } from "./http-request.description";
import { fetchPages, readPagination, type PaginationSettings } from "./paginate";
import { responseToItems } from "./parse-response";
import { sendSpec, type SendContext } from "./send-request";
import { simulateHttpRequest } from "./simulate-request";
import { behaviourFor } from "./version-behaviour";

type Ctx = ExecuteContext<Record<string, unknown>>;

/**
 * Requests in flight at once for one node run. n8n starts every item's request at once; a cap keeps
 * 10,000 items from opening 10,000 sockets, and output order is the item order either way.
 */
const MAX_IN_FLIGHT = 16;

/**
 * HTTP Request (`n8n-nodes-base.httpRequest` v3, v4, 4.1-4.5), FORMAT.md §5.4. One request per input
 * item (batched by `options.batching`), through `ctx.helpers.http` only.
 *
 * Idempotency: a request whose method is not GET/HEAD/OPTIONS carries `Idempotency-Key:
 * ctx.idempotencyKey()` (`executionId:node:runIndex`, the same on every retry of this node run);
 * with several items `:<itemIndex>` is appended, and pages after the first of a paginated request
 * append `:page<n>`. A header named Idempotency-Key set by the user wins.
 */
async function executeHttpRequest(ctx: Ctx): Promise<NodeResult> {
  const items = ctx.getInputItems();
  const behaviour = behaviourFor(ctx.node.typeVersion);
  let auth: AuthPlan;
  let pagination: PaginationSettings | undefined;
  try {
    auth = await resolveAuthentication(ctx);
    pagination = readPagination(ctx);
  } catch (error) {
    if (!ctx.continueOnFail()) throw error;
    return [items.map((_item, itemIndex) => errorItem(error, itemIndex))];
  }
  const prepared = items.map((item, itemIndex): PreparedRequest | { error: unknown } => {
    try {
      return prepareRequest(ctx, itemIndex, item, behaviour, auth);
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
    const input = items[itemIndex] as Item;
    running.push(
      limit(() => runItem(ctx, sendContext, itemIndex, items.length, input, request, pagination)).then(
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
  input: Item,
  request: PreparedRequest,
  pagination: PaginationSettings | undefined,
): Promise<Item[]> {
  const { spec, settings } = request;
  const keyFor = (pageIndex: number): string | undefined => {
    if (isSafeMethod(spec.method) || Object.keys(spec.headers).some((h) => h.toLowerCase() === "idempotency-key")) return undefined;
    return `${ctx.idempotencyKey()}${itemCount > 1 ? `:${itemIndex}` : ""}${pageIndex > 0 ? `:page${pageIndex}` : ""}`;
  };
  if (!pagination) {
    const response = await sendSpec(sendContext, spec, settings, { idempotencyKey: keyFor(0) });
    return responseToItems(response, input, itemIndex, settings);
  }
  const pages = await fetchPages(ctx, itemIndex, spec, settings, pagination, (pageSpec, pageIndex) =>
    sendSpec(sendContext, pageSpec, settings, { idempotencyKey: keyFor(pageIndex), neverError: true }),
  );
  return pages.flatMap((page) => responseToItems(page, input, itemIndex, settings));
}

/** n8n's continue-on-fail item: API errors keep their details, other errors give their message. */
function errorItem(error: unknown, itemIndex: number): Item {
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

/**
 * The description is built per version (not a literal), so parameters are read by path and checked
 * at runtime; the node is typed with plain record parameters.
 */
type HttpRequestNodeType = NodeType<Record<string, unknown>>;

/** v3: same parameters as v4, but redirects are not followed by default. */
export const httpRequestV3Node: HttpRequestNodeType = defineNode({
  description: httpRequestDescription([3], false),
  execute: executeHttpRequest,
  simulate: simulateHttpRequest,
});

/** v4, 4.1-4.5 (the version-specific defaults are in version-behaviour.ts). */
export const httpRequestNode: HttpRequestNodeType = defineNode({
  description: httpRequestDescription([4, 4.1, 4.2, 4.3, 4.4, 4.5], true),
  execute: executeHttpRequest,
  simulate: simulateHttpRequest,
});
