import { generateKeyPairSync, createVerify } from "node:crypto";
import { jsonOf, runNodeForTest } from "../../testing/test-context";
import { cryptoNode } from "./crypto";

const seed = [{ json: { word: "hello" } }, { json: { word: "n8n" } }];

describe("Crypto 1 (datetime-crypto-noop)", () => {
  it("hashes with SHA256 and with the default MD5 into the named property", async () => {
    const sha = await runNodeForTest(cryptoNode, { items: seed, perItemParameters: seed.map((i) => ({ value: i.json.word })), parameters: { type: "SHA256", dataPropertyName: "sha256" } });
    expect(jsonOf(sha)).toEqual([
      [
        { word: "hello", sha256: "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824" },
        { word: "n8n", sha256: "636396f02b6571e40d8fe91cba550515c0cdc0e7d314c210e00b02256375a796" },
      ],
    ]);
    const md5 = await runNodeForTest(cryptoNode, { items: seed, perItemParameters: seed.map((i) => ({ value: i.json.word })), parameters: { dataPropertyName: "md5" } });
    expect(jsonOf(md5)[0]?.map((json) => json.md5)).toEqual(["5d41402abc4b2a76b9719d911017c592", "5877e26c078d6409fde54d508bf25721"]);
  });

  it("computes an HMAC (RFC 4231 vector) and writes dotted property names as nested fields", async () => {
    const expectedHex = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
    const parameters = { action: "hmac", type: "SHA256", value: "what do ya want for nothing?", secret: "Jefe", dataPropertyName: "sig.value" };
    expect(jsonOf(await runNodeForTest(cryptoNode, { parameters }))).toEqual([[{ sig: { value: expectedHex } }]]);
    const base64 = await runNodeForTest(cryptoNode, { parameters: { ...parameters, encoding: "base64" } });
    expect(base64[0]?.[0]?.json.sig).toEqual({ value: Buffer.from(expectedHex, "hex").toString("base64") });
  });

  it("hashes binary data when asked", async () => {
    const out = await runNodeForTest(cryptoNode, {
      items: [{ json: {}, binary: { data: { data: Buffer.from("hello").toString("base64"), mimeType: "text/plain" } } }],
      parameters: { action: "hash", type: "SHA256", binaryData: true },
    });
    expect(out[0]?.[0]?.json.data).toBe("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  });

  it("signs with a private key", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
    const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const out = await runNodeForTest(cryptoNode, { parameters: { action: "sign", algorithm: "RSA-SHA256", value: "payload", privateKey: pem, encoding: "base64" } });
    const verifier = createVerify("RSA-SHA256");
    verifier.update("payload");
    expect(verifier.verify(publicKey, String(out[0]?.[0]?.json.data), "base64")).toBe(true);
  });

  it("generates uuids and random strings of the requested length", async () => {
    const uuid = await runNodeForTest(cryptoNode, { parameters: { action: "generate" } });
    expect(String(uuid[0]?.[0]?.json.data)).toMatch(/^[0-9a-f-]{36}$/);
    for (const encodingType of ["hex", "base64", "ascii"]) {
      const out = await runNodeForTest(cryptoNode, { parameters: { action: "generate", encodingType, stringLength: 16 } });
      expect(String(out[0]?.[0]?.json.data)).toHaveLength(16);
    }
  });

  it("fails on a missing binary property, or emits {error} when continuing on fail", async () => {
    const parameters = { action: "hash", binaryData: true, binaryPropertyName: "file" };
    await expect(runNodeForTest(cryptoNode, { parameters })).rejects.toThrow("expects the node's input data to contain a binary file 'file'");
    const out = await runNodeForTest(cryptoNode, { parameters, onError: "continueRegularOutput" });
    expect(String(out[0]?.[0]?.json.error)).toContain("binary file 'file'");
  });
});
