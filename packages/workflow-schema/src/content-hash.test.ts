import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical-json";
import { contentHash } from "./content-hash";
import { sha256Hex } from "./sha256";

describe("sha256Hex", () => {
  it.each(["", "abc", "é – 😀 \ud800", "a".repeat(55), "a".repeat(56), "a".repeat(64), "x".repeat(1000)])(
    "matches node:crypto for %j",
    (text) => {
      expect(sha256Hex(text)).toBe(createHash("sha256").update(text).digest("hex"));
    },
  );
  it("gives the published vector for abc", () => {
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});

describe("canonicalJson", () => {
  it("sorts keys at every level and keeps array order", () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
  });
});

describe("contentHash", () => {
  const doc = { name: "W", nodes: [{ name: "A", parameters: { x: 1, y: 2 } }], connections: {} };

  it("ignores key order and whitespace", () => {
    const reordered = JSON.parse(JSON.stringify({ connections: {}, nodes: [{ parameters: { y: 2, x: 1 }, name: "A" }], name: "W" }, null, 4));
    expect(contentHash(reordered)).toBe(contentHash(doc));
  });
  it("ignores versionId and timestamps", () => {
    expect(contentHash({ ...doc, versionId: "v2", updatedAt: "now" })).toBe(contentHash(doc));
  });
  it("changes when content changes", () => {
    expect(contentHash({ ...doc, name: "W2" })).not.toBe(contentHash(doc));
  });
});
