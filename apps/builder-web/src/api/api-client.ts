import { ApiError, toApiError } from "./api-error";
import type { WorkflowDetail, WorkflowListPage } from "./api-types";
import { parseErrorBody, parseWorkflowDetail, parseWorkflowListPage } from "./parse-responses";

/** The calls the builder makes. Every call rejects with an ApiError. */
export interface ApiClient {
  listWorkflows(options?: { cursor?: string | null; signal?: AbortSignal }): Promise<WorkflowListPage>;
  getWorkflow(id: string, options?: { signal?: AbortSignal }): Promise<WorkflowDetail>;
}

export interface ApiClientOptions {
  /** Bearer token sent on every request. */
  token: string;
  /** Prefix for API paths; "" (the default) means the origin that served the builder. */
  baseUrl?: string;
  fetch?: typeof fetch;
}

/** An ApiClient talking to the workflow API over fetch. */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const baseUrl = options.baseUrl ?? "";
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);

  async function getJson(path: string, signal: AbortSignal | undefined): Promise<unknown> {
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${path}`, {
        headers: { Authorization: `Bearer ${options.token}`, Accept: "application/json" },
        signal,
      });
    } catch (error) {
      throw toApiError(error);
    }
    const text = await response.text();
    let body: unknown = null;
    if (text !== "") {
      try {
        body = JSON.parse(text);
      } catch (error) {
        // A non-JSON body on an error status is still reported with that status below.
        if (response.ok) {
          throw new ApiError(response.status, "WF_BUILDER_BAD_RESPONSE", `GET ${path} did not return JSON`, { cause: error });
        }
      }
    }
    if (!response.ok) {
      const err = parseErrorBody(body);
      throw new ApiError(
        response.status,
        err?.code ?? `HTTP_${response.status}`,
        err?.message ?? `GET ${path} failed with HTTP ${response.status} ${response.statusText}`.trim(),
      );
    }
    return body;
  }

  return {
    async listWorkflows({ cursor, signal } = {}) {
      const query = cursor ? `?cursor=${encodeURIComponent(cursor)}` : "";
      return parseWorkflowListPage(await getJson(`/workflows${query}`, signal));
    },
    async getWorkflow(id, { signal } = {}) {
      return parseWorkflowDetail(await getJson(`/workflows/${encodeURIComponent(id)}`, signal));
    },
  };
}
