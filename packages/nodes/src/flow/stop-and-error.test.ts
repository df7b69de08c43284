import { NodeOperationError } from "@bos/node-sdk";
import { jsonOf, runNodeForTest } from "../testing/test-context";
import { noOpNode } from "./no-op";
import { stopAndErrorNode } from "./stop-and-error";

describe("Stop and Error", () => {
  it("throws a NodeOperationError with the message resolved for the first item (case stop-and-error-after-if)", async () => {
    const run = runNodeForTest(stopAndErrorNode, { items: [{ json: { id: 2 } }], perItemParameters: [{ errorMessage: "Invalid record 2" }] });
    await expect(run).rejects.toThrow(NodeOperationError);
    await expect(runNodeForTest(stopAndErrorNode, { parameters: { errorMessage: "Invalid record 2" } })).rejects.toThrow("Invalid record 2");
  });

  it("takes the message of an error object given as JSON text or as an object", async () => {
    await expect(runNodeForTest(stopAndErrorNode, { parameters: { errorType: "errorObject", errorObject: '{"code":404,"message":"Not found"}' } })).rejects.toThrow("Not found");
    await expect(runNodeForTest(stopAndErrorNode, { parameters: { errorType: "errorObject", errorObject: { description: "Bad" } } })).rejects.toThrow("Bad");
    await expect(runNodeForTest(stopAndErrorNode, { parameters: { errorType: "errorObject", errorObject: { code: 42 } } })).rejects.toThrow('{"code":42}');
  });

  it("says so when the error object is not JSON", async () => {
    await expect(runNodeForTest(stopAndErrorNode, { parameters: { errorType: "errorObject", errorObject: "{nope" } })).rejects.toThrow(/not valid JSON/);
  });
});

describe("No Operation", () => {
  it("passes items through", async () => {
    const out = await runNodeForTest(noOpNode, { items: [{ json: { a: 1 } }, { json: { b: 2 } }] });
    expect(jsonOf(out)).toEqual([[{ a: 1 }, { b: 2 }]]);
    expect(out[0]?.[1]?.pairedItem).toEqual({ item: 1 });
  });
});
