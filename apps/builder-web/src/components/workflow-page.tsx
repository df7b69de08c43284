import { useMemo, useState } from "react";
import type { WorkflowDocument } from "@bos/workflow-schema";
import type { WorkflowDetail } from "../api/api-types";
import { useApiResource } from "../api/use-api-resource";
import { toFlowElements } from "../canvas/to-flow-elements";
import { hrefFor } from "../routing/route";
import { ErrorNotice } from "./error-notice";
import { NodeDetailsPanel } from "./node-details-panel";
import { StatusBadge } from "./status-badge";
import { WorkflowCanvas } from "./workflow-canvas";

/** One workflow, read-only: canvas plus the selected node's details. */
export function WorkflowPage({ id }: { id: string }) {
  const detail = useApiResource(`workflow:${id}`, (client, signal) => client.getWorkflow(id, { signal }));

  return (
    <section className="page page-workflow">
      <a className="back-link" href={hrefFor({ kind: "workflow-list" })} data-testid="back-to-list">
        ← Workflows
      </a>
      {detail.kind === "loading" && <p className="muted">Loading workflow…</p>}
      {detail.kind === "failed" && <ErrorNotice title="Could not load the workflow" error={detail.error} />}
      {detail.kind === "ready" && <WorkflowView workflow={detail.value} />}
    </section>
  );
}

function WorkflowView({ workflow }: { workflow: WorkflowDetail }) {
  const version = workflow.draftVersionId ?? workflow.activeVersionId;
  return (
    <>
      <div className="workflow-heading">
        <h1 data-testid="workflow-title">{workflow.name}</h1>
        <StatusBadge status={workflow.status} />
        {version && <span className="muted version-id">version {version}</span>}
      </div>
      {workflow.definition ? (
        <WorkflowDiagram workflowId={workflow.id} definition={workflow.definition} />
      ) : (
        <div className="empty-state" data-testid="workflow-no-definition">
          <p>This workflow has no saved version yet, so there is nothing to draw.</p>
        </div>
      )}
    </>
  );
}

function WorkflowDiagram({ workflowId, definition }: { workflowId: string; definition: WorkflowDocument }) {
  const elements = useMemo(() => toFlowElements(definition), [definition]);
  const [selected, setSelected] = useState<string | null>(null);
  const selectedNode = definition.nodes.find((n) => n.name === selected) ?? null;

  return (
    <>
      {elements.issues.length > 0 && (
        <ul className="notice notice-warning" data-testid="canvas-issues">
          {elements.issues.map((issue, i) => (
            <li key={i}>{issue}</li>
          ))}
        </ul>
      )}
      <div className="workflow-layout">
        <WorkflowCanvas key={workflowId} nodes={elements.nodes} edges={elements.edges} onSelect={setSelected} />
        <NodeDetailsPanel node={selectedNode} />
      </div>
    </>
  );
}
