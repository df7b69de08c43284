import { codesDocumentedUnder, codesRaisedIn } from "@bos/testing";

/** Keeps the executions section of docs/errors.md in step with the codes @bos/executions and @bos/queue raise. */
describe("docs/errors.md, executions section", () => {
  it("documents exactly the WF_EXEC_*, WF_QUOTA_* and WF_QUEUE_* codes raised by packages/executions and packages/queue", () => {
    const raised = codesRaisedIn(["packages/executions/src", "packages/queue/src"], /\bWF_(?:EXEC|QUOTA|QUEUE)(?:_[A-Z0-9]+)+\b/g);
    expect(codesDocumentedUnder("## executions (`WF_EXEC_*`, `WF_QUOTA_EXCEEDED`, `WF_QUEUE_*`)")).toEqual(raised);
  });
});
