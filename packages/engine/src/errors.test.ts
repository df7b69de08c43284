import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ENGINE_ERROR_CODES, EngineError, SubworkflowDepthError } from "./errors";

describe("engine error registry", () => {
  it("documents every WF_ENGINE_* code in docs/errors.md, and nothing else", () => {
    const docs = readFileSync(join(__dirname, "../../../docs/errors.md"), "utf8");
    const section = docs.slice(docs.indexOf("## engine (`WF_ENGINE_*`)"));
    const end = section.indexOf("\n## ", 3);
    const documented = [...(end > 0 ? section.slice(0, end) : section).matchAll(/^\| `(WF_ENGINE_[A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(ENGINE_ERROR_CODES).sort());
  });

  it("carries the code, the node and whether retrying can help", () => {
    const error = new SubworkflowDepthError("Call", 10);
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({ code: "WF_ENGINE_SUBWORKFLOW_DEPTH", node: "Call", retryable: false, name: "SubworkflowDepthError" });
    expect(new EngineError("WF_ENGINE_TIMEOUT", "t").retryable).toBe(true);
  });
});
