import fs from "node:fs";
import path from "node:path";
import { HTTP_ERROR_CODES, httpError } from "./errors";

describe("HTTP client error codes", () => {
  it("are all documented in the package README, and the README lists no others", () => {
    const readme = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
    const documented = [...readme.matchAll(/`(WF_HTTP_[A-Z_]+)`/g)].map((m) => m[1]);
    expect(new Set(documented)).toEqual(new Set(Object.values(HTTP_ERROR_CODES)));
  });

  it("carry the retry decision: connection and timeout retryable, status by httpCode", () => {
    expect(httpError("WF_HTTP_CONNECTION", "x").retryable).toBe(true);
    expect(httpError("WF_HTTP_TIMEOUT", "x").retryable).toBe(true);
    expect(httpError("WF_HTTP_STATUS", "x", { httpCode: 502 }).retryable).toBe(true);
    expect(httpError("WF_HTTP_STATUS", "x", { httpCode: 400 }).retryable).toBe(false);
    expect(httpError("WF_HTTP_BLOCKED", "x").retryable).toBe(false);
  });
});
