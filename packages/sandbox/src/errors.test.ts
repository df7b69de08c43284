import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SandboxErrorCode } from "./errors";

describe("sandbox error codes", () => {
  it("are documented in docs/errors.md, and nothing else is", () => {
    const text = readFileSync(join(__dirname, "../../../docs/errors.md"), "utf8");
    const documented = [...text.matchAll(/^\| `(WF_SANDBOX_[A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.values(SandboxErrorCode).sort());
  });
});
