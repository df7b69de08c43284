import { summarize } from "./jest-summary.cjs";

describe("the ./bos test summary line", () => {
  it("counts passed and failed tests from jest's JSON", () => {
    expect(summarize({ numPassedTests: 12, numFailedTests: 0, numRuntimeErrorTestSuites: 0, success: true })).toEqual({
      line: "12 passed, 0 failed",
      ok: true,
    });
    expect(summarize({ numPassedTests: 10, numFailedTests: 2, success: false })).toEqual({ line: "10 passed, 2 failed", ok: false });
  });

  it("counts a suite that failed to run as a failure", () => {
    expect(summarize({ numPassedTests: 5, numFailedTests: 0, numRuntimeErrorTestSuites: 1, success: false })).toEqual({
      line: "5 passed, 1 failed",
      ok: false,
    });
  });

  it("never reports success when jest says it failed", () => {
    expect(summarize({ numPassedTests: 3, numFailedTests: 0, success: false })).toEqual({ line: "3 passed, 1 failed", ok: false });
  });

  it("counts a run that did not end by itself (a handle left open) as one failure", () => {
    expect(summarize({ numPassedTests: 7, numFailedTests: 0, success: true }, { lingered: true })).toEqual({ line: "7 passed, 1 failed", ok: false });
    expect(summarize({ numPassedTests: 7, numFailedTests: 2, success: false }, { lingered: true })).toEqual({ line: "7 passed, 3 failed", ok: false });
  });

  it("reports a failure when jest wrote no results at all", () => {
    expect(summarize(undefined)).toEqual({ line: "0 passed, 1 failed", ok: false });
  });

  it("prints the line in the exact format CI reads", () => {
    expect(summarize({ numPassedTests: 1, numFailedTests: 0, success: true }).line).toMatch(/^\d+ passed, \d+ failed$/);
  });
});
