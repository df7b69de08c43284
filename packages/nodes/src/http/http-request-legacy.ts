import { defineNode, NodeOperationError, type ExecuteContext, type NodeType } from "@bos/node-sdk";
import { authPlanForCredentialType, noAuthentication, resolveAuthentication, type AuthPlan } from "./authentication";
import { planLegacyRequest } from "./build-legacy-request";
import { legacyHttpRequestDescription, V1_AUTHENTICATION } from "./http-request-legacy.description";
import type { HttpRequestHandler } from "./request-plan";
import { executeRequests } from "./run-requests";
import { simulateRequests } from "./simulate-request";

/** v1: `authentication` names the credential kind directly (basicAuth, headerAuth, queryAuth...). */
async function resolveV1Authentication(ctx: ExecuteContext<Record<string, unknown>>): Promise<AuthPlan> {
  const authentication = String(ctx.getNodeParameter("authentication", 0, "none"));
  if (!Object.prototype.hasOwnProperty.call(V1_AUTHENTICATION, authentication)) {
    throw new NodeOperationError(`Unknown authentication '${authentication}'`, { description: `Use one of ${Object.keys(V1_AUTHENTICATION).join(", ")}` });
  }
  const type = V1_AUTHENTICATION[authentication];
  return type === undefined ? noAuthentication() : authPlanForCredentialType(ctx, type);
}

const legacyHandler = (resolveAuth: HttpRequestHandler["resolveAuth"]): HttpRequestHandler => ({
  resolveAuth,
  readPagination: () => undefined,
  plan: planLegacyRequest,
});

const v1Handler = legacyHandler(resolveV1Authentication);
const v2Handler = legacyHandler(resolveAuthentication);

/**
 * HTTP Request v1 (`requestMethod`, `jsonParameters`, `*ParametersUi`), kept so that old workflows
 * import and run. Sending, errors, idempotency keys and dry runs are the same as v4's.
 */
export const httpRequestV1Node: NodeType<Record<string, unknown>> = defineNode({
  description: legacyHttpRequestDescription(1),
  execute: (ctx) => executeRequests(ctx, v1Handler),
  simulate: (ctx) => simulateRequests(ctx, v1Handler),
});

/** HTTP Request v2: v1's parameters with v3's generic/predefined credential choice. */
export const httpRequestV2Node: NodeType<Record<string, unknown>> = defineNode({
  description: legacyHttpRequestDescription(2),
  execute: (ctx) => executeRequests(ctx, v2Handler),
  simulate: (ctx) => simulateRequests(ctx, v2Handler),
});
