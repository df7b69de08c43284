import { hrefFor, parseRoute } from "./route";

describe("parseRoute", () => {
  it("treats an empty hash and #/workflows as the list", () => {
    for (const hash of ["", "#", "#/", "#/workflows", "#/workflows/"]) {
      expect(parseRoute(hash)).toEqual({ kind: "workflow-list" });
    }
  });

  it("reads the workflow id from #/workflows/<id>, decoding it", () => {
    expect(parseRoute("#/workflows/wf_1")).toEqual({ kind: "workflow", id: "wf_1" });
    expect(parseRoute("#/workflows/a%2Fb")).toEqual({ kind: "workflow", id: "a/b" });
  });

  it("reports unknown and malformed addresses as not found", () => {
    expect(parseRoute("#/nope")).toEqual({ kind: "not-found", hash: "#/nope" });
    expect(parseRoute("#/workflows/%E0%A4%A")).toEqual({ kind: "not-found", hash: "#/workflows/%E0%A4%A" });
  });

  it("round-trips ids through hrefFor", () => {
    expect(parseRoute(hrefFor({ kind: "workflow", id: "x y/z" }))).toEqual({ kind: "workflow", id: "x y/z" });
  });
});
