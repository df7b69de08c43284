import type { RunData, TaskData } from "@bos/engine";
import { webhookReplyOf } from "./webhook-reply";

function task(executionIndex: number, items: Array<{ json: Record<string, unknown> }> | undefined, metadata?: TaskData["metadata"]): TaskData {
  return { startTime: 0, executionTime: 0, executionIndex, executionStatus: "success", source: [], ...(items ? { data: { main: [items] } } : {}), ...(metadata ? { metadata } : {}) };
}

const respondA = { statusCode: 201, headers: {}, body: { kind: "json" as const, value: { a: 1 } } };
const respondB = { statusCode: 202, headers: {}, body: { kind: "empty" as const } };

describe("webhookReplyOf", () => {
  it("responseNode takes the first Respond to Webhook response in execution order, not in runData order", () => {
    const runData: RunData = { Later: [task(3, [{ json: {} }], { webhookResponse: respondB })], Webhook: [task(0, [{ json: {} }])], Respond: [task(1, [{ json: {} }], { webhookResponse: respondA })] };
    expect(webhookReplyOf("responseNode", runData)).toEqual({ mode: "responseNode", response: respondA });
  });

  it("responseNode says null when no Respond to Webhook node has run", () => {
    expect(webhookReplyOf("responseNode", { Webhook: [task(0, [{ json: {} }])] })).toEqual({ mode: "responseNode", response: null });
  });

  it("lastNode takes the first output of the node run with the highest execution index", () => {
    const runData: RunData = { Last: [task(2, [{ json: { n: 2 } }])], Webhook: [task(0, [{ json: { n: 0 } }])], Loop: [task(1, [{ json: { n: 1 } }])] };
    expect(webhookReplyOf("lastNode", runData)).toEqual({ mode: "lastNode", items: [{ json: { n: 2 } }] });
  });

  it("lastNode gives no items when the last node run has no output (a failed run)", () => {
    expect(webhookReplyOf("lastNode", { Webhook: [task(0, [{ json: {} }])], Broken: [task(1, undefined)] })).toEqual({ mode: "lastNode", items: [] });
  });

  it("leaves a reply over the size limit to the gateway's read of the steps", () => {
    const big: RunData = { Webhook: [task(0, [{ json: { text: "x".repeat(2000) } }])] };
    expect(webhookReplyOf("lastNode", big, 1000)).toBeUndefined();
    expect(webhookReplyOf("lastNode", big, 4000)).toBeDefined();
  });
});
