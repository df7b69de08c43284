import { isParameterShown } from "./display-options";

describe("isParameterShown", () => {
  it("shows a parameter when every show rule matches", () => {
    const p = { displayOptions: { show: { method: ["POST"], sendBody: [true] } } };
    expect(isParameterShown(p, { method: "POST", sendBody: true })).toBe(true);
    expect(isParameterShown(p, { method: "POST", sendBody: false })).toBe(false);
  });
  it("hides a parameter when any hide rule matches", () => {
    const p = { displayOptions: { hide: { mode: ["raw"] } } };
    expect(isParameterShown(p, { mode: "raw" })).toBe(false);
    expect(isParameterShown(p, { mode: "manual" })).toBe(true);
  });
  it("matches @version, including _cnd conditions", () => {
    expect(isParameterShown({ displayOptions: { show: { "@version": [2] } } }, {}, 2)).toBe(true);
    expect(isParameterShown({ displayOptions: { show: { "@version": [{ _cnd: { gte: 3.2 } }] } } }, {}, 3.4)).toBe(true);
    expect(isParameterShown({ displayOptions: { show: { "@version": [{ _cnd: { gte: 3.2 } }] } } }, {}, 3.1)).toBe(false);
  });
  it("reads keys starting with / from the root parameters", () => {
    const p = { displayOptions: { show: { "/resource": ["contact"] } } };
    expect(isParameterShown(p, {}, 1, { resource: "contact" })).toBe(true);
    expect(isParameterShown(p, { resource: "contact" }, 1, { resource: "deal" })).toBe(false);
  });
  it("never reads inherited properties such as constructor", () => {
    const p = { displayOptions: { show: { constructor: [Object] } } };
    expect(isParameterShown(p, {})).toBe(false);
  });
});
