import { rewriteIf } from "./rewrite-if";

describe("rewriteIf", () => {
  it("turns a three-argument $if into a conditional expression", () => {
    expect(rewriteIf("$if($json.a, 'x', 'y')")).toBe("(($json.a) ? ( 'x') : ( 'y'))");
  });

  it("handles nesting, commas inside strings, calls and objects", () => {
    const code = "$if(a, f(1, 2), $if(b, { c: 1, d: 2 }, 'x,y'))";
    expect(rewriteIf(code)).toBe("((a) ? ( f(1, 2)) : ( ((b) ? ( { c: 1, d: 2 }) : ( 'x,y'))))");
  });

  it("leaves other calls, identifiers and strings alone", () => {
    expect(rewriteIf("$ifEmpty(a, b)")).toBe("$ifEmpty(a, b)");
    expect(rewriteIf("'$if(a, b, c)'")).toBe("'$if(a, b, c)'");
    expect(rewriteIf("$if(a, b)")).toBe("$if(a, b)");
    expect(rewriteIf("x.$if(a, b, c)")).toBe("x.$if(a, b, c)");
  });
});
