import { isExpression, parseTemplate, renderChunkValue } from "./template";

describe("parseTemplate", () => {
  it("treats only strings starting with = as expressions", () => {
    expect(isExpression("={{ 1 }}")).toBe(true);
    expect(isExpression("{{ 1 }}")).toBe(false);
    expect(isExpression(5)).toBe(false);
  });

  it("returns one lone chunk for an expression without surrounding text", () => {
    expect(parseTemplate("={{ $json.a }}")).toEqual({ lone: true, parts: [{ code: " $json.a " }] });
  });

  it("keeps text around chunks and makes the result a template", () => {
    expect(parseTemplate("=Hi {{ $json.name }}!")).toEqual({ lone: false, parts: ["Hi ", { code: " $json.name " }, "!"] });
    expect(parseTemplate("={{ 1 }} ").lone).toBe(false);
  });

  it("does not end a chunk at }} inside strings, objects or template literals", () => {
    expect(parseTemplate("={{ 'a}}b' }}").parts).toEqual([{ code: " 'a}}b' " }]);
    expect(parseTemplate('={{ "x}}" + 1 }}').parts).toEqual([{ code: ' "x}}" + 1 ' }]);
    expect(parseTemplate("={{ {a:{b:1}} }}").parts).toEqual([{ code: " {a:{b:1}} " }]);
    expect(parseTemplate("={{ {a:{b:1}}}}").parts).toEqual([{ code: " {a:{b:1}}" }]);
    expect(parseTemplate("={{ `x${ {a:1}.a }}}y` }} tail").parts).toEqual([{ code: " `x${ {a:1}.a }}}y` " }, " tail"]);
  });

  it("keeps an unterminated chunk as text, as n8n does", () => {
    expect(parseTemplate("=a {{ b")).toEqual({ lone: false, parts: ["a {{ b"] });
  });

  it("parses several chunks", () => {
    expect(parseTemplate("=#{{ 1 }} {{ 2 }}").parts).toEqual(["#", { code: " 1 " }, " ", { code: " 2 " }]);
  });
});

describe("renderChunkValue", () => {
  it("renders null and undefined as empty text and keeps 0 and false", () => {
    expect([null, undefined, 0, false, "s"].map(renderChunkValue)).toEqual(["", "", "0", "false", "s"]);
  });

  it("renders plain objects and arrays as JSON", () => {
    expect(renderChunkValue({ a: 1 })).toBe('{"a":1}');
    expect(renderChunkValue([1, "x"])).toBe('[1,"x"]');
  });
});
