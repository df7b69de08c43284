import { defineNode, type NodeType } from "@bos/node-sdk";
import { resolveAuthentication } from "./authentication";
import { prepareRequest } from "./build-request";
import { httpRequestDescription } from "./http-request.description";
import { readPagination } from "./paginate";
import { responseToItems } from "./parse-response";
import type { HttpRequestHandler } from "./request-plan";
import { executeRequests } from "./run-requests";
import { simulateRequests } from "./simulate-request";
import { behaviourFor } from "./version-behaviour";

/**
 * HTTP Request v3 and v4-4.5 (`n8n-nodes-base.httpRequest`), FORMAT.md §5.4: n8n's current parameter
 * shapes (method, sendQuery/sendHeaders/sendBody, options.response...). The version differences are
 * a defaults table (version-behaviour.ts).
 *
 * Idempotency: a request whose method is not GET/HEAD/OPTIONS carries `Idempotency-Key:
 * ctx.idempotencyKey()` (`executionId:node:runIndex`, the same on every retry of this node run);
 * with several items `:<itemIndex>` is appended, and pages after the first of a paginated request
 * append `:page<n>`. A header named Idempotency-Key set by the user wins.
 */
export const currentShapeHandler: HttpRequestHandler = {
  resolveAuth: resolveAuthentication,
  readPagination,
  plan(ctx, itemIndex, item, auth) {
    const prepared = prepareRequest(ctx, itemIndex, item, behaviourFor(ctx.node.typeVersion), auth);
    return { ...prepared, toItems: (response) => responseToItems(response, item, itemIndex, prepared.settings) };
  },
};

/**
 * The description is built per version (not a literal), so parameters are read by path and checked
 * at runtime; the node is typed with plain record parameters.
 */
type HttpRequestNodeType = NodeType<Record<string, unknown>>;

/** v3: same parameters as v4, but redirects are not followed by default. */
export const httpRequestV3Node: HttpRequestNodeType = defineNode({
  description: httpRequestDescription([3], false),
  execute: (ctx) => executeRequests(ctx, currentShapeHandler),
  simulate: (ctx) => simulateRequests(ctx, currentShapeHandler),
});

/** v4, 4.1-4.5 (the version-specific defaults are in version-behaviour.ts). */
export const httpRequestNode: HttpRequestNodeType = defineNode({
  description: httpRequestDescription([4, 4.1, 4.2, 4.3, 4.4, 4.5], true),
  execute: (ctx) => executeRequests(ctx, currentShapeHandler),
  simulate: (ctx) => simulateRequests(ctx, currentShapeHandler),
});
