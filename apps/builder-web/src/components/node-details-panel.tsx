import type { WorkflowNode } from "@bos/workflow-schema";

/** The side panel: the selected node's settings and its parameters as formatted JSON. */
export function NodeDetailsPanel({ node }: { node: WorkflowNode | null }) {
  if (!node) {
    return (
      <aside className="details-panel" data-testid="node-details">
        <p className="muted">Select a node to see its parameters.</p>
      </aside>
    );
  }
  const credentials = Object.keys(node.credentials ?? {});
  return (
    <aside className="details-panel" data-testid="node-details">
      <h2>{node.name}</h2>
      <dl className="details-facts">
        <dt>Type</dt>
        <dd>
          <code>{node.type}</code> v{node.typeVersion}
        </dd>
        {node.disabled && (
          <>
            <dt>State</dt>
            <dd>disabled</dd>
          </>
        )}
        {node.onError && (
          <>
            <dt>On error</dt>
            <dd>{node.onError}</dd>
          </>
        )}
        {credentials.length > 0 && (
          <>
            <dt>Credentials</dt>
            <dd>{credentials.join(", ")}</dd>
          </>
        )}
      </dl>
      {node.notes && <p className="details-notes">{node.notes}</p>}
      <h3>Parameters</h3>
      <pre className="details-json" data-testid="node-parameters">
        {JSON.stringify(node.parameters, null, 2)}
      </pre>
    </aside>
  );
}
