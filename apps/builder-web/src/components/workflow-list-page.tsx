import { useState } from "react";
import { useApiContext } from "../api/api-context";
import { toApiError, type ApiError } from "../api/api-error";
import type { WorkflowListPage as ListPage, WorkflowSummary } from "../api/api-types";
import { useApiResource } from "../api/use-api-resource";
import { ErrorNotice } from "./error-notice";
import { WorkflowRow } from "./workflow-row";

/** The tenant's workflows, first page on load, further pages on demand. */
export function WorkflowListPage() {
  const first = useApiResource("workflows", (client, signal) => client.listWorkflows({ signal }));

  return (
    <section className="page">
      <h1>Workflows</h1>
      {first.kind === "loading" && <p className="muted">Loading workflows…</p>}
      {first.kind === "failed" && <ErrorNotice title="Could not load the workflows" error={first.error} />}
      {first.kind === "ready" && <WorkflowList firstPage={first.value} />}
    </section>
  );
}

function WorkflowList({ firstPage }: { firstPage: ListPage }) {
  const { client, onUnauthorized } = useApiContext();
  const [more, setMore] = useState<WorkflowSummary[]>([]);
  const [cursor, setCursor] = useState(firstPage.nextCursor);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function loadMore() {
    if (!cursor) return;
    setLoading(true);
    setError(null);
    try {
      const page = await client.listWorkflows({ cursor });
      setMore((rows) => [...rows, ...page.data]);
      setCursor(page.nextCursor);
    } catch (e) {
      const apiError = toApiError(e);
      if (apiError.isUnauthorized) onUnauthorized(apiError);
      else setError(apiError);
    } finally {
      setLoading(false);
    }
  }

  const rows = [...firstPage.data, ...more];
  if (rows.length === 0) {
    return (
      <div className="empty-state" data-testid="workflows-empty">
        <p>No workflows in this tenant yet.</p>
        <p className="muted">
          Workflows created through the API or the CLI (<code>./bos wf</code>) appear here.
        </p>
      </div>
    );
  }
  return (
    <>
      <ul className="workflow-list" data-testid="workflow-list">
        {rows.map((w) => (
          <WorkflowRow key={w.id} workflow={w} />
        ))}
      </ul>
      {error && <ErrorNotice title="Could not load more workflows" error={error} />}
      {cursor && (
        <button type="button" className="load-more" onClick={() => void loadMore()} disabled={loading}>
          {loading ? "Loading…" : "Load more"}
        </button>
      )}
    </>
  );
}
