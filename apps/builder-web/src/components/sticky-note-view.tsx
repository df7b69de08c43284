import type { NodeProps } from "@xyflow/react";
import type { StickyFlowNode } from "../canvas/flow-types";

/**
 * A sticky note (n8n-nodes-base.stickyNote): annotation only, drawn behind the workflow. Its content
 * is Markdown; headings are shown bold and everything else as plain text (no HTML is ever injected).
 */
export function StickyNoteView({ data }: NodeProps<StickyFlowNode>) {
  const color = Number.isInteger(data.color) && data.color >= 1 && data.color <= 7 ? data.color : 1;
  return (
    <div className={`sticky-note sticky-color-${color}`} data-testid="sticky-note">
      {data.content.split("\n").map((line, i) => {
        const heading = /^#{1,6}\s+(.*)$/.exec(line);
        return heading ? (
          <p key={i} className="sticky-heading">
            {heading[1]}
          </p>
        ) : (
          <p key={i}>{line === "" ? "\u00a0" : line}</p>
        );
      })}
    </div>
  );
}
