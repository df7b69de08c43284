import { formatJsonPath } from "./json-path";

describe("formatJsonPath", () => {
  it("joins keys with dots and puts indexes in brackets", () => {
    expect(formatJsonPath(["nodes", 3, "parameters", "rules", "values", 0])).toBe("nodes[3].parameters.rules.values[0]");
  });
  it("quotes keys that are not identifiers", () => {
    expect(formatJsonPath(["connections", "My If", "main", 1])).toBe('connections["My If"].main[1]');
  });
  it("gives the empty string for the document itself", () => {
    expect(formatJsonPath([])).toBe("");
  });
});
