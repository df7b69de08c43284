import { executionJob } from "./execution-job";
import { assertHashTaggedPrefix, parseJobPayload } from "./job-definition";

describe("job definitions", () => {
  it("accepts a valid execution job payload", () => {
    const payload = { executionId: "6f1c1f54-7f6f-4c53-9d3e-1d2f8c1a2b3c", tenantId: "0b8a3b4e-2b1d-4c6e-8f7a-9a1b2c3d4e5f" };
    expect(parseJobPayload(executionJob, payload)).toEqual(payload);
  });

  it("refuses an invalid payload, naming every bad field", () => {
    expect(() => parseJobPayload(executionJob, { executionId: "x" })).toThrow(/executionId: .*tenantId: /);
  });

  it("refuses a queue prefix without a hash tag", () => {
    expect(() => assertHashTaggedPrefix("bull")).toThrow(/hash tag/);
    expect(() => assertHashTaggedPrefix("{bos}")).not.toThrow();
  });
});
