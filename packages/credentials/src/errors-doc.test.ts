import { codesDocumentedUnder, codesRaisedIn } from "@bos/testing";

/** Keeps the credentials section of docs/errors.md in step with the codes @bos/credentials raises. */
describe("docs/errors.md, credentials section", () => {
  it("documents exactly the WF_CREDENTIAL_* codes raised by packages/credentials", () => {
    const raised = codesRaisedIn(["packages/credentials/src"], /\bWF_CREDENTIAL(?:_[A-Z0-9]+)+\b/g);
    expect(raised.length).toBeGreaterThan(5);
    expect(codesDocumentedUnder("## credentials (`WF_CREDENTIAL_*`)")).toEqual(raised);
  });
});
