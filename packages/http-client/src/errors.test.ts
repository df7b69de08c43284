import fs from "node:fs";
import path from "node:path";
import { HTTP_ERROR_CODES, httpError } from "./errors";

describe("HTTP client error codes", () => {
  it("are all documented in docs/errors.md, and that section lists no others", () => {
    const docs = fs.readFileSync(path.join(__dirname, "../../../docs/errors.md"), "utf8");
    const section = docs.slice(docs.indexOf("## http-client (`WF_HTTP_*`)"));
    const end = section.indexOf("\n## ", 3);
    const documented = [...(end > 0 ? section.slice(0, end) : section).matchAll(/^\| `(WF_HTTP_[A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.values(HTTP_ERROR_CODES).sort());
  });

  it("carry the retry decision: connection and timeout retryable, status by httpCode", () => {
    expect(httpError("WF_HTTP_CONNECTION", "x").retryable).toBe(true);
    expect(httpError("WF_HTTP_TIMEOUT", "x").retryable).toBe(true);
    expect(httpError("WF_HTTP_STATUS", "x", { httpCode: 502 }).retryable).toBe(true);
    expect(httpError("WF_HTTP_STATUS", "x", { httpCode: 400 }).retryable).toBe(false);
    expect(httpError("WF_HTTP_BLOCKED", "x").retryable).toBe(false);
  });
});
