import type { ExecuteContext, HttpResponse, Item } from "@bos/node-sdk";
import type { AuthPlan } from "./authentication";
import type { PreparedRequest } from "./build-request";
import type { PaginationSettings } from "./paginate";

/** One item's request and how its responses become output items. */
export interface RequestPlan extends PreparedRequest {
  toItems(response: HttpResponse): Item[];
}

/**
 * What differs between HTTP Request generations (v1/v2 legacy shapes, v3/v4 shapes): how the
 * parameters are read. Sending, batching, pagination, errors and dry runs are shared.
 */
export interface HttpRequestHandler {
  resolveAuth(ctx: ExecuteContext<Record<string, unknown>>): Promise<AuthPlan>;
  /** Node-level pagination, or undefined (legacy versions have none). */
  readPagination(ctx: ExecuteContext<Record<string, unknown>>): PaginationSettings | undefined;
  plan(ctx: ExecuteContext<Record<string, unknown>>, itemIndex: number, item: Item, auth: AuthPlan): RequestPlan;
}
