import type { WorkflowStatus } from "../api/api-types";

export function StatusBadge({ status }: { status: WorkflowStatus }) {
  return (
    <span className={`status-badge status-${status}`} data-testid="status-badge">
      {status}
    </span>
  );
}
