import type { WorkflowSummary } from "../api/api-types";
import { formatTime } from "../format-time";
import { hrefFor } from "../routing/route";
import { StatusBadge } from "./status-badge";

export function WorkflowRow({ workflow }: { workflow: WorkflowSummary }) {
  return (
    <li className="workflow-row" data-testid="workflow-row">
      <a className="workflow-row-link" href={hrefFor({ kind: "workflow", id: workflow.id })}>
        <span className="workflow-row-name" data-testid="workflow-name">
          {workflow.name}
        </span>
        <span className="workflow-row-tags">
          {workflow.tags.map((tag) => (
            <span key={tag} className="tag">
              {tag}
            </span>
          ))}
        </span>
        <StatusBadge status={workflow.status} />
        <time className="workflow-row-time" dateTime={workflow.updatedAt} title={workflow.updatedAt}>
          {formatTime(workflow.updatedAt)}
        </time>
      </a>
    </li>
  );
}
